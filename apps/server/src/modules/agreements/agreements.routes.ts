import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { IdParams, problems } from '../../http/schemas.ts';
import { auditContext, principalOf, type App } from '../../http/types.ts';
import { EnrollmentSchema } from '../enrollments/index.ts';
import { acceptAgreement, findAgreementAcceptances } from './acceptances.service.ts';
import { AcceptanceSchema, AcceptBody, AdminAgreementTemplateSchema, AdminTemplateQuery, AgreementTemplateSchema, PublishTemplateBody, TemplateQuery } from './agreements.schemas.ts';
import { findAgreementTemplates, findCurrentAgreementTemplates, publishAgreementTemplate } from './agreements.service.ts';

const tags = ['Agreements'];

/**
 * Routes of the agreements module: templates (program admins publish, every signed-in user reads
 * the current ones) and acceptances (a partner's global admin accepts for an enrollment).
 */
export async function agreementRoutes(app: App, deps: Deps) {
  app.get('/api/v1/agreement-templates', {
    config: { access: 'signed-in' },
    schema: {
      tags,
      summary: 'The agreement versions in effect now, one per type and language',
      description: '`bodyHtml` is the Markdown body rendered safely: raw HTML appears as text and links are http, https or mailto only.',
      querystring: TemplateQuery,
      response: { 200: z.object({ items: z.array(AgreementTemplateSchema) }), ...problems(400, 401) },
    },
  }, async (req) => findCurrentAgreementTemplates(deps, req.query));

  app.get('/api/v1/admin/agreement-templates', {
    config: { access: 'agreements.publish' },
    schema: {
      tags,
      summary: 'Every published agreement version, newest first (program admins)',
      querystring: AdminTemplateQuery,
      response: { 200: z.object({ items: z.array(AdminAgreementTemplateSchema), nextCursor: z.string().nullable() }), ...problems(400, 401, 403) },
    },
  }, async (req) => findAgreementTemplates(deps, principalOf(req), req.query));

  app.post('/api/v1/admin/agreement-templates', {
    config: { access: 'agreements.publish' },
    schema: {
      tags,
      summary: 'Publish a new agreement version (program admins)',
      description: 'The content hash is SHA-256 over the exact body text. A (type, version, locale) can be published once: `409 AGREEMENT_TEMPLATE_EXISTS`.',
      body: PublishTemplateBody,
      response: { 201: AdminAgreementTemplateSchema, ...problems(400, 401, 403, 409) },
    },
  }, async (req, reply) => {
    const t = await publishAgreementTemplate(deps, principalOf(req), auditContext(req), req.body);
    return reply.code(201).send(t);
  });

  app.post('/api/v1/enrollments/:id/agreement-acceptances', {
    // Any partner role reaches the service, so a non-admin hears AGREEMENT_SIGNER_NOT_AUTHORIZED
    // (what to do about it) rather than a bare FORBIDDEN.
    config: { access: 'enrollment.read' },
    schema: {
      tags,
      summary: "Accept the enrollment's agreement (global admin); the enrollment becomes ACTIVE",
      description:
        'Records an immutable acceptance (template version and SHA-256, signer name, title and email, market, time, IP, user agent), activates the enrollment and emails the receipt to the signer, in one transaction. ' +
        'Refusals: `403 AGREEMENT_SIGNER_NOT_AUTHORIZED` (not a global admin), `422 AUTHORITY_NOT_CONFIRMED`, `409 INVALID_TRANSITION` (not QUALIFIED), `409 AGREEMENT_VERSION_SUPERSEDED` (`details.currentTemplateId`), `400 VALIDATION_FAILED` for an unknown template, one of another agreement type or one not yet in effect (`details.issues[].code`).',
      params: IdParams,
      body: AcceptBody,
      response: { 201: z.object({ acceptance: AcceptanceSchema, enrollment: EnrollmentSchema }), ...problems(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const ua = req.headers['user-agent'];
    const r = await acceptAgreement(deps, p, auditContext(req), { ip: req.ip, userAgent: typeof ua === 'string' ? ua : null }, req.params.id, req.body);
    return reply.code(201).send(r);
  });

  app.get('/api/v1/enrollments/:id/agreement-acceptances', {
    config: { access: 'signed-in' },
    schema: {
      tags,
      summary: "An enrollment's agreement acceptances, newest first (own organization; staff with verification.read: any)",
      params: IdParams,
      response: { 200: z.object({ items: z.array(AcceptanceSchema) }), ...problems(400, 401, 403, 404) },
    },
  }, async (req) => findAgreementAcceptances(deps, principalOf(req), req.params.id));
}

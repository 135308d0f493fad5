import type { FastifyReply } from 'fastify';
import type { Deps } from '../../deps.ts';
import { problems } from '../../http/schemas.ts';
import { auditContext, principalOf, type App } from '../../http/types.ts';
import { BillingBody, BillingProfile, IfMatchHeaders, LegalBusinessBody, LegalBusinessProfile, PartnerIdBody, ProfilePartnerId, ProfileSummary, SupportBody, SupportProfile } from './profiles.schemas.ts';
import {
  etagOf,
  getBillingProfile,
  getLegalBusinessProfile,
  getProfilePartnerId,
  getProfileSummary,
  getSupportProfile,
  saveBillingProfile,
  saveLegalBusinessProfile,
  saveSupportProfile,
  setProfilePartnerId,
} from './profiles.service.ts';

const tags = ['Partner profile'];

function withEtag<T extends { version: number }>(reply: FastifyReply, view: T): T {
  reply.header('etag', etagOf(view.version));
  return view;
}

/**
 * The caller's organization's partner profile. Routes are registered GET before PUT for each part
 * (the tenant-isolation walker relies on that order to expect 404 before the first save).
 */
export async function profileRoutes(app: App, deps: Deps) {
  app.get('/api/v1/profile', {
    config: { access: 'profile.read' },
    schema: { tags, summary: 'The whole partner profile: every part saved so far, market, missing parts', response: { 200: ProfileSummary, ...problems(401, 403) } },
  }, async (req) => getProfileSummary(deps, principalOf(req)));

  app.get('/api/v1/profile/legal-business', {
    config: { access: 'profile.read' },
    schema: { tags, summary: 'The legal business profile (ETag header)', response: { 200: LegalBusinessProfile, ...problems(401, 403, 404) } },
  }, async (req, reply) => withEtag(reply, await getLegalBusinessProfile(deps, principalOf(req))));

  app.put('/api/v1/profile/legal-business', {
    config: { access: 'profile.write' },
    schema: {
      tags,
      summary: 'Save the legal business profile; the country fixes market and billing currency',
      description:
        'Address, registration ID and contact problems are 400 VALIDATION_FAILED with `details.issues[{ path, code, message }]` ' +
        '(codes such as REQUIRED, POSTAL_CODE_FORMAT, REGISTRATION_ID_FORMAT, CONTACT_DOMAIN_MISMATCH: the primary contact must use the organization\'s email domain). ' +
        'Country outside every market: 422 COUNTRY_NOT_IN_PROGRAM. Country change after submission: 409 LEGAL_COUNTRY_LOCKED. Stale If-Match: 412. ' +
        'Changing the country releases a partner ID registered in the old country.',
      headers: IfMatchHeaders,
      body: LegalBusinessBody,
      response: { 200: LegalBusinessProfile, ...problems(400, 401, 403, 404, 409, 412, 422) },
    },
  }, async (req, reply) => withEtag(reply, await saveLegalBusinessProfile(deps, principalOf(req), auditContext(req), req.body, req.headers['if-match'])));

  app.get('/api/v1/profile/support', {
    config: { access: 'profile.read' },
    schema: { tags, summary: 'The support profile (ETag header)', response: { 200: SupportProfile, ...problems(401, 403, 404) } },
  }, async (req, reply) => withEtag(reply, await getSupportProfile(deps, principalOf(req))));

  app.put('/api/v1/profile/support', {
    config: { access: 'profile.write' },
    schema: { tags, summary: 'Save the support profile', headers: IfMatchHeaders, body: SupportBody, response: { 200: SupportProfile, ...problems(400, 401, 403, 409, 412) } },
  }, async (req, reply) => withEtag(reply, await saveSupportProfile(deps, principalOf(req), auditContext(req), req.body, req.headers['if-match'])));

  app.get('/api/v1/profile/billing', {
    config: { access: 'profile.billing.read' },
    schema: { tags, summary: 'The billing profile, bank account masked (ETag header)', response: { 200: BillingProfile, ...problems(401, 403, 404) } },
  }, async (req, reply) => withEtag(reply, await getBillingProfile(deps, principalOf(req))));

  app.put('/api/v1/profile/billing', {
    config: { access: 'profile.billing.write' },
    schema: {
      tags,
      summary: 'Save the billing profile; bank details are encrypted at rest and answered masked',
      description: 'Where banks use IBAN (bankCountry), `iban` and `bic` are required; elsewhere `accountNumber` and `routingNumber`. Fields of the other scheme are ignored. Problems: 400 VALIDATION_FAILED with `details.issues` (IBAN_INVALID, IBAN_COUNTRY_MISMATCH, BIC_INVALID, REQUIRED, …).',
      headers: IfMatchHeaders,
      body: BillingBody,
      response: { 200: BillingProfile, ...problems(400, 401, 403, 409, 412) },
    },
  }, async (req, reply) => withEtag(reply, await saveBillingProfile(deps, principalOf(req), auditContext(req), req.body, req.headers['if-match'])));

  app.get('/api/v1/profile/partner-id', {
    config: { access: 'profile.read' },
    schema: { tags, summary: 'The partner ID associated with the organization', response: { 200: ProfilePartnerId, ...problems(401, 403, 404) } },
  }, async (req) => getProfilePartnerId(deps, principalOf(req)));

  app.put('/api/v1/profile/partner-id', {
    config: { access: 'partnerId.associate' },
    schema: {
      tags,
      summary: "Associate a partner ID from the program's registry (a location ID in the legal country)",
      body: PartnerIdBody,
      response: { 200: ProfilePartnerId, ...problems(400, 401, 403, 409, 422) },
    },
  }, async (req) => setProfilePartnerId(deps, principalOf(req), auditContext(req), req.body.partnerId));
}

import fastifyMultipart from '@fastify/multipart';
import { DomainError } from '@csp-center/domain';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { IdParams, problems } from '../../http/schemas.ts';
import { auditContext, principalOf, type App } from '../../http/types.ts';
import { attachmentDisposition, MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_RESPONSE, MAX_RESPONSE_MESSAGE } from './verification.documents.ts';
import {
  ApproveBody,
  CalendarBody,
  CalendarSchema,
  CaseDetailSchema,
  CaseItemSchema,
  CaseQuerySchema,
  OwnVerificationSchema,
  RejectBody,
  RequestInformationBody,
  RESPONSE_UPLOAD_DESCRIPTION,
  ResponseReceiptSchema,
} from './verification.schemas.ts';
import {
  actOnVerificationCase,
  findVerificationCases,
  getDocument,
  getOwnVerification,
  getVerificationCase,
  loadVerificationSettings,
  respondToInformationRequest,
  updateVerificationSettings,
  type UploadedDocument,
} from './verification.service.ts';

const partnerTags = ['Verification'];
const staffTags = ['Verification (program staff)'];

const invalid = (path: string, message: string, code: string) => new DomainError('VALIDATION_FAILED', message, { issues: [{ path, message, code }] });

/**
 * Reads the response form: one `message` field and up to MAX_DOCUMENTS_PER_RESPONSE files in
 * `documents`. Multipart limit errors become catalogue problems (413 DOCUMENT_TOO_LARGE, 400
 * VALIDATION_FAILED) instead of the plugin's own errors.
 */
async function readResponseForm(req: FastifyRequest): Promise<{ message: string; documents: UploadedDocument[] }> {
  if (!req.isMultipart()) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send multipart/form-data with a message and documents.');
  let message: string | undefined;
  const documents: UploadedDocument[] = [];
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'documents') {
          await part.toBuffer().catch(() => undefined);
          throw invalid(`body.${part.fieldname}`, 'Files go in the "documents" field.', 'unrecognized_keys');
        }
        documents.push({ filename: part.filename, content: await part.toBuffer() });
      } else if (part.fieldname === 'message') {
        if (message !== undefined) throw invalid('body.message', 'Send one message.', 'invalid_type');
        if (part.valueTruncated) throw invalid('body.message', `At most ${MAX_RESPONSE_MESSAGE} characters.`, 'too_big');
        message = String(part.value);
      } else {
        throw invalid(`body.${part.fieldname}`, `Unrecognized field "${part.fieldname}".`, 'unrecognized_keys');
      }
    }
  } catch (e) {
    if (e instanceof DomainError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new DomainError('DOCUMENT_TOO_LARGE', `Each document may be at most ${MAX_DOCUMENT_BYTES} bytes.`, { maxBytes: MAX_DOCUMENT_BYTES });
    if (code === 'FST_FILES_LIMIT') throw invalid('body.documents', `At most ${MAX_DOCUMENTS_PER_RESPONSE} documents per response.`, 'too_big');
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new DomainError('UNSUPPORTED_MEDIA_TYPE');
    throw invalid('body', e instanceof Error ? `Malformed multipart body: ${e.message}` : 'Malformed multipart body', code ?? 'invalid_multipart');
  }
  const text = message?.trim() ?? '';
  if (!text) throw invalid('body.message', 'Write a message for the reviewer.', 'too_small');
  if (text.length > MAX_RESPONSE_MESSAGE) throw invalid('body.message', `At most ${MAX_RESPONSE_MESSAGE} characters.`, 'too_big');
  return { message: text, documents };
}

/** Partner verification (status, responses with documents), documents, and the staff queue and decisions. */
export async function verificationRoutes(app: App, deps: Deps) {
  app.get('/api/v1/verification', {
    config: { access: 'enrollment.read' },
    schema: { tags: partnerTags, summary: "Your organization's verification: state, estimated decision, requests and responses", response: { 200: OwnVerificationSchema, ...problems(401, 403, 404) } },
  }, async (req) => getOwnVerification(deps, principalOf(req)));

  // Multipart is registered for this one route only: no other route accepts form uploads.
  await app.register(async (scope: App) => {
    await scope.register(fastifyMultipart, {
      limits: { files: MAX_DOCUMENTS_PER_RESPONSE, fileSize: MAX_DOCUMENT_BYTES, fields: 2, fieldSize: MAX_RESPONSE_MESSAGE * 4, parts: MAX_DOCUMENTS_PER_RESPONSE + 2, headerPairs: 200 },
    });
    scope.post('/api/v1/verification/responses', {
      config: { access: 'verification.respond' },
      schema: {
        tags: partnerTags,
        summary: 'Answer an information request with a message and documents; returns a receipt',
        description: RESPONSE_UPLOAD_DESCRIPTION,
        consumes: ['multipart/form-data'],
        response: { 201: ResponseReceiptSchema, ...problems(400, 401, 403, 404, 409, 413, 415) },
      },
    }, async (req, reply) => {
      const form = await readResponseForm(req);
      const receipt = await respondToInformationRequest(deps, principalOf(req), auditContext(req), form);
      return reply.code(201).send(receipt);
    });
  });

  app.get('/api/v1/documents/:id', {
    config: { access: 'signed-in' },
    schema: {
      tags: partnerTags,
      summary: 'Download a verification document (your organization, or program staff)',
      params: IdParams,
      produces: ['application/pdf', 'image/png', 'image/jpeg'],
      response: { 200: z.any().describe('The file, as an attachment'), ...problems(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const doc = await getDocument(deps, principalOf(req), req.params.id);
    return reply
      .type(doc.contentType)
      .header('content-disposition', attachmentDisposition(doc.filename))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(doc.content);
  });

  app.get('/api/v1/admin/verification-cases', {
    config: { access: 'verification.read' },
    schema: {
      tags: staffTags,
      summary: 'The verification queue, soonest due first',
      querystring: CaseQuerySchema,
      response: { 200: z.object({ items: z.array(CaseItemSchema), nextCursor: z.string().nullable() }), ...problems(400, 401, 403) },
    },
  }, async (req) => {
    const q = req.query;
    return findVerificationCases(deps, principalOf(req), { ...q, overdue: q.overdue === undefined ? undefined : q.overdue === 'true' });
  });

  app.get('/api/v1/admin/verification-cases/:id', {
    config: { access: 'verification.read' },
    schema: { tags: staffTags, summary: 'One case: checks, profile, requests, responses, history', params: IdParams, response: { 200: CaseDetailSchema, ...problems(400, 401, 403, 404) } },
  }, async (req) => getVerificationCase(deps, principalOf(req), req.params.id));

  const decisionProblems = problems(400, 401, 403, 404, 409);
  app.post('/api/v1/admin/verification-cases/:id/claim', {
    config: { access: 'verification.decide' },
    schema: { tags: staffTags, summary: 'Claim the case (an unclaimed one, or your own)', params: IdParams, response: { 200: CaseDetailSchema, ...decisionProblems } },
  }, async (req) => actOnVerificationCase(deps, principalOf(req), auditContext(req), req.params.id, { action: 'CLAIM' }));

  app.post('/api/v1/admin/verification-cases/:id/approve', {
    config: { access: 'verification.decide' },
    schema: { tags: staffTags, summary: 'Approve: the enrollment becomes QUALIFIED and the partner is emailed', description: 'The body is optional: no body is the same as `{}`.', params: IdParams, body: ApproveBody, response: { 200: CaseDetailSchema, ...decisionProblems } },
    // A request without any body approves without a note; a JSON `null` is still refused.
    preValidation: async (req) => {
      if (req.body == null && req.headers['content-type'] === undefined) req.body = {};
    },
  }, async (req) => actOnVerificationCase(deps, principalOf(req), auditContext(req), req.params.id, { action: 'APPROVE', note: req.body.note }));

  app.post('/api/v1/admin/verification-cases/:id/reject', {
    config: { access: 'verification.decide' },
    schema: { tags: staffTags, summary: 'Reject with a reason code: the enrollment becomes REJECTED and the partner is emailed', params: IdParams, body: RejectBody, response: { 200: CaseDetailSchema, ...decisionProblems } },
  }, async (req) => actOnVerificationCase(deps, principalOf(req), auditContext(req), req.params.id, { action: 'REJECT', reasonCode: req.body.reasonCode, note: req.body.note }));

  app.post('/api/v1/admin/verification-cases/:id/request-information', {
    config: { access: 'verification.decide' },
    schema: { tags: staffTags, summary: 'Ask the partner for more information; the partner is emailed the items', params: IdParams, body: RequestInformationBody, response: { 200: CaseDetailSchema, ...decisionProblems } },
  }, async (req) => actOnVerificationCase(deps, principalOf(req), auditContext(req), req.params.id, { action: 'REQUEST_INFORMATION', items: req.body.items }));

  app.get('/api/v1/admin/program-settings/verification', {
    config: { access: 'verification.read' },
    schema: { tags: staffTags, summary: 'The verification calendar: target in business days, weekend, holidays', response: { 200: CalendarSchema, ...problems(401, 403) } },
  }, async () => loadVerificationSettings(deps.db));

  app.put('/api/v1/admin/program-settings/verification', {
    config: { access: 'program.configure' },
    schema: { tags: staffTags, summary: 'Set the verification calendar (program admin); applies to cases opened from now on', body: CalendarBody, response: { 200: CalendarSchema, ...problems(400, 401, 403) } },
  }, async (req) => updateVerificationSettings(deps, principalOf(req), auditContext(req), req.body));
}

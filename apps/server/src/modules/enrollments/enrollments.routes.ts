import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { IdParams, PageQuery, problems } from '../../http/schemas.ts';
import { auditContext, principalOf, type App } from '../../http/types.ts';
import { CreateEnrollmentBody, EnrollmentSchema } from './enrollments.schemas.ts';
import { createEnrollment, findEnrollments, getEnrollment, submitEnrollment } from './enrollments.service.ts';

const tags = ['Enrollment'];

/** Enrollments of the caller's organization: create, list, read, submit for verification. */
export async function enrollmentRoutes(app: App, deps: Deps) {
  app.post('/api/v1/enrollments', {
    config: { access: 'enrollment.manage' },
    schema: { tags, summary: 'Start an enrollment (DRAFT); one per program', description: 'Refused with 422 PROFILE_INCOMPLETE (`details.missing[]`) while the partner profile is incomplete, 409 ENROLLMENT_EXISTS for a second one.', body: CreateEnrollmentBody, response: { 201: EnrollmentSchema, ...problems(400, 401, 403, 409, 422) } },
  }, async (req, reply) => {
    const e = await createEnrollment(deps, principalOf(req), auditContext(req), req.body);
    return reply.code(201).send(e);
  });

  app.get('/api/v1/enrollments', {
    config: { access: 'enrollment.read' },
    schema: { tags, summary: "The organization's enrollments", querystring: PageQuery, response: { 200: z.object({ items: z.array(EnrollmentSchema), nextCursor: z.string().nullable() }), ...problems(400, 401, 403) } },
  }, async (req) => findEnrollments(deps, principalOf(req), req.query));

  app.get('/api/v1/enrollments/:id', {
    config: { access: 'enrollment.read' },
    schema: { tags, summary: 'One enrollment with its timeline, available actions and estimated decision date', params: IdParams, response: { 200: EnrollmentSchema, ...problems(400, 401, 403, 404) } },
  }, async (req) => getEnrollment(deps, principalOf(req), req.params.id));

  app.post('/api/v1/enrollments/:id/submit', {
    config: { access: 'enrollment.manage' },
    schema: {
      tags,
      summary: 'Submit for verification: locks the legal country, opens the verification case, emails the receipt',
      description: 'Refused with 422 PROFILE_INCOMPLETE (`details.missing[]`) while the partner profile is incomplete, 409 INVALID_TRANSITION once submitted.',
      params: IdParams,
      response: { 200: EnrollmentSchema, ...problems(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => submitEnrollment(deps, principalOf(req), auditContext(req), req.params.id));
}

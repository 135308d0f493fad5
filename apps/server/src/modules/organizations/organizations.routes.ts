import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { Email, IdParams, PageQuery, PartnerRoleSchema, problems, Timestamp } from '../../http/schemas.ts';
import { auditContext, principalOf, type App } from '../../http/types.ts';
import { dropCachedApiTokensOfUser } from '../auth/index.ts';
import { changeUserRole, createInvitation, findInvitations, findOrganizationUsers, revokeInvitation } from './organizations.service.ts';

const tags = ['Organization'];
const OrgUser = z
  .object({ id: z.string(), email: z.string(), displayName: z.string().nullable(), role: PartnerRoleSchema, createdAt: Timestamp, lastSignInAt: Timestamp.nullable() })
  .meta({ id: 'OrganizationUser' });
const Invitation = z
  .object({ id: z.string(), email: z.string(), role: PartnerRoleSchema, status: z.enum(['PENDING', 'EXPIRED']), createdAt: Timestamp, expiresAt: Timestamp })
  .meta({ id: 'Invitation' });

export async function organizationRoutes(app: App, deps: Deps) {
  app.get('/api/v1/organization/users', {
    config: { access: 'organization.users.read' },
    schema: { tags, summary: "The organization's users", querystring: PageQuery, response: { 200: z.object({ items: z.array(OrgUser), nextCursor: z.string().nullable() }), ...problems(400, 401, 403) } },
  }, async (req) => findOrganizationUsers(deps, principalOf(req), req.query));

  app.patch('/api/v1/organization/users/:id', {
    config: { access: 'organization.users.manage' },
    schema: { tags, summary: "Change a user's role (global admin)", params: IdParams, body: z.strictObject({ role: PartnerRoleSchema }), response: { 200: OrgUser, ...problems(400, 401, 403, 404, 409) } },
  }, async (req) => {
    const user = await changeUserRole(deps, principalOf(req), auditContext(req), req.params.id, req.body.role);
    // API tokens are cached for a second; a changed role must apply on the very next request.
    dropCachedApiTokensOfUser(deps, req.params.id);
    return user;
  });

  app.get('/api/v1/organization/invitations', {
    config: { access: 'organization.users.read' },
    schema: { tags, summary: 'Open invitations', querystring: PageQuery, response: { 200: z.object({ items: z.array(Invitation), nextCursor: z.string().nullable() }), ...problems(400, 401, 403) } },
  }, async (req) => findInvitations(deps, principalOf(req), req.query));

  app.post('/api/v1/organization/invitations', {
    config: { access: 'organization.invitations.manage' },
    schema: { tags, summary: 'Invite a colleague with a role; the invitee is emailed', body: z.strictObject({ email: Email, role: PartnerRoleSchema }), response: { 201: Invitation, ...problems(400, 401, 403, 409, 422) } },
  }, async (req, reply) => {
    const p = principalOf(req);
    const inv = await createInvitation(deps, p, auditContext(req), req.body, { email: p.email, displayName: p.displayName, locale: p.locale });
    return reply.code(201).send(inv);
  });

  app.delete('/api/v1/organization/invitations/:id', {
    config: { access: 'organization.invitations.manage' },
    schema: { tags, summary: 'Revoke an open invitation', params: IdParams, response: { 204: z.null().describe('Revoked'), ...problems(401, 403, 404) } },
  }, async (req, reply) => {
    await revokeInvitation(deps, principalOf(req), auditContext(req), req.params.id);
    return reply.code(204).send(null);
  });
}

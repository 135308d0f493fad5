import { assertSameOrganization, authorize, DomainError, emailDomain, normalizeEmail, PARTNER_ROLES, type Actor, type PartnerRole } from '@csp-center/domain';
import type { Db } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { isUuid, uuidv7 } from '../../lib/ids.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { enqueueEmail, roleLabel } from '../notifications/index.ts';
import {
  countGlobalAdmins,
  findInvitationsByOrganization,
  findOrganizationByDomain,
  findOrganizationById,
  findUserIdByEmail,
  findUsersByOrganization,
  insertInvitation,
  insertOrganization,
  lockDomain,
  lockGlobalAdmins,
  lockInvitationInOrganization,
  lockOpenInvitationByEmail,
  lockUserInOrganization,
  updateInvitationAccepted,
  updateInvitationRevoked,
  updateOrganizationName,
  updateUserRole,
} from './organizations.repository.ts';

/** Invitations stay valid this long (api.md: 14 days). */
export const INVITATION_TTL_MS = 14 * 24 * 3600 * 1000;

export type InvitationStatus = 'PENDING' | 'EXPIRED';

export function organizationView(o: { id: string; name: string; domain: string; createdAt: Date }) {
  return { id: o.id, name: o.name, domain: o.domain, createdAt: o.createdAt.toISOString() };
}

export async function getOrganization(db: Db, id: string) {
  const o = await findOrganizationById(db, id);
  if (!o) throw new DomainError('NOT_FOUND');
  return o;
}

/**
 * Decides which organization a first-time address joins, inside the sign-in transaction:
 * - an open invitation of the domain's organization → that organization, with the invited role;
 * - an existing organization without an invitation → INVITATION_REQUIRED;
 * - a new domain → a new organization (named after the domain until the profile is filled in),
 *   and the user becomes its global admin.
 */
export async function resolveMembershipAtSignIn(
  trx: Db,
  ctx: AuditContext,
  email: string,
  userId: string,
  now: Date,
): Promise<{ organizationId: string; role: PartnerRole }> {
  const domain = emailDomain(email);
  await lockDomain(trx, domain);
  const existing = await findOrganizationByDomain(trx, domain);
  if (existing) {
    const inv = await lockOpenInvitationByEmail(trx, existing.id, email, now);
    if (!inv) throw new DomainError('INVITATION_REQUIRED', `Ask a global admin of ${existing.name} to invite ${email}.`);
    await updateInvitationAccepted(trx, inv.id, now);
    await recordAudit(trx, { ...ctx, actorUserId: userId }, { action: 'INVITATION_ACCEPTED', subjectType: 'invitation', subjectId: inv.id, organizationId: existing.id, data: { email, role: inv.role } }, now);
    return { organizationId: existing.id, role: inv.role as PartnerRole };
  }
  const organizationId = uuidv7(now.getTime());
  await insertOrganization(trx, { id: organizationId, name: domain, domain, createdAt: now });
  await recordAudit(trx, { ...ctx, actorUserId: userId }, { action: 'ORGANIZATION_CREATED', subjectType: 'organization', subjectId: organizationId, organizationId, data: { domain } }, now);
  return { organizationId, role: 'global_admin' };
}

function userView(u: { id: string; email: string; displayName: string | null; role: string | null; createdAt: Date; lastSignInAt: Date | null }) {
  return { id: u.id, email: u.email, displayName: u.displayName, role: u.role as PartnerRole, createdAt: u.createdAt.toISOString(), lastSignInAt: u.lastSignInAt?.toISOString() ?? null };
}

/**
 * The id a page cursor carries. Cursors are ids handed out by a previous page; anything else is
 * refused as VALIDATION_FAILED here rather than reaching the uuid column as a database error.
 */
function cursorId(cursor: string | undefined): string | undefined {
  if (cursor === undefined || isUuid(cursor)) return cursor;
  throw new DomainError('VALIDATION_FAILED', 'The cursor is not one a previous page returned.', { issues: [{ path: 'querystring.cursor', message: 'Unknown cursor', code: 'invalid_cursor' }] });
}

/** The organization's users, paged by id. Raises VALIDATION_FAILED for a malformed cursor. */
export async function findOrganizationUsers(deps: Deps, actor: Actor, page: { limit: number; cursor?: string }) {
  authorize(actor, 'organization.users.read');
  const rows = await findUsersByOrganization(deps.db, actor.organizationId!, page.limit + 1, cursorId(page.cursor));
  const items = rows.slice(0, page.limit).map(userView);
  return { items, nextCursor: rows.length > page.limit ? items.at(-1)!.id : null };
}

/**
 * Changes a user's role. Raises NOT_FOUND (other organization), LAST_GLOBAL_ADMIN (would leave
 * the organization without anyone able to accept agreements or manage users).
 */
export async function changeUserRole(deps: Deps, actor: Actor, ctx: AuditContext, userId: string, role: PartnerRole) {
  authorize(actor, 'organization.users.manage');
  return deps.db.transaction().execute(async (trx) => {
    const orgId = actor.organizationId!;
    await lockGlobalAdmins(trx, orgId);
    const user = await lockUserInOrganization(trx, orgId, userId);
    if (!user) throw new DomainError('NOT_FOUND');
    assertSameOrganization(actor, user.organizationId);
    if (user.role === role) return userView(user);
    if (user.role === 'global_admin' && (await countGlobalAdmins(trx, orgId)) <= 1) {
      throw new DomainError('LAST_GLOBAL_ADMIN', 'Make another user global admin first.');
    }
    await updateUserRole(trx, userId, role);
    await recordAudit(trx, ctx, { action: 'ROLE_CHANGED', subjectType: 'user', subjectId: userId, data: { email: user.email, from: user.role, to: role } }, deps.clock.now());
    return userView({ ...user, role });
  });
}

function invitationView(i: { id: string; email: string; role: string; createdAt: Date; expiresAt: Date }, now: Date) {
  return { id: i.id, email: i.email, role: i.role as PartnerRole, status: (i.expiresAt > now ? 'PENDING' : 'EXPIRED') as InvitationStatus, createdAt: i.createdAt.toISOString(), expiresAt: i.expiresAt.toISOString() };
}

/**
 * Invites an address on the organization's domain with a role; the invitee is emailed in the
 * inviter's language. Raises INVITATION_DOMAIN_MISMATCH, USER_ALREADY_EXISTS,
 * INVITATION_ALREADY_EXISTS.
 */
export async function createInvitation(deps: Deps, actor: Actor, ctx: AuditContext, input: { email: string; role: PartnerRole }, inviter: { email: string; displayName: string | null; locale: string }) {
  authorize(actor, 'organization.invitations.manage');
  if (!PARTNER_ROLES.includes(input.role)) throw new DomainError('VALIDATION_FAILED');
  const email = normalizeEmail(input.email);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const org = await getOrganization(trx, actor.organizationId!);
    if (emailDomain(email) !== org.domain) {
      throw new DomainError('INVITATION_DOMAIN_MISMATCH', `Only addresses on ${org.domain} can join this organization.`, { domain: org.domain });
    }
    await lockDomain(trx, org.domain);
    if (await findUserIdByEmail(trx, email)) throw new DomainError('USER_ALREADY_EXISTS');
    if (await lockOpenInvitationByEmail(trx, org.id, email, now)) throw new DomainError('INVITATION_ALREADY_EXISTS');
    const id = uuidv7(now.getTime());
    const row = { id, organizationId: org.id, email, role: input.role, invitedBy: actor.userId, createdAt: now, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) };
    await insertInvitation(trx, row);
    await recordAudit(trx, ctx, { action: 'INVITATION_CREATED', subjectType: 'invitation', subjectId: id, data: { email, role: input.role } }, now);
    await enqueueEmail(trx, deps.queue, {
      to: email,
      locale: inviter.locale,
      template: 'invitation',
      organizationId: org.id,
      data: { inviter: inviter.displayName ?? inviter.email, organization: org.name, role: roleLabel(inviter.locale, input.role), email, url: `${deps.config.publicUrl}/` },
    });
    return invitationView(row, now);
  });
}

/** Open (not accepted, not revoked) invitations, newest first. Raises VALIDATION_FAILED for a malformed cursor. */
export async function findInvitations(deps: Deps, actor: Actor, page: { limit: number; cursor?: string }) {
  authorize(actor, 'organization.users.read');
  const now = deps.clock.now();
  const rows = await findInvitationsByOrganization(deps.db, actor.organizationId!, page.limit + 1, cursorId(page.cursor));
  const items = rows.slice(0, page.limit).map((r) => invitationView(r, now));
  return { items, nextCursor: rows.length > page.limit ? items.at(-1)!.id : null };
}

/** Revokes an open invitation; NOT_FOUND for another organization's or an already closed one. */
export async function revokeInvitation(deps: Deps, actor: Actor, ctx: AuditContext, id: string) {
  authorize(actor, 'organization.invitations.manage');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const inv = await lockInvitationInOrganization(trx, actor.organizationId!, id);
    if (!inv || inv.acceptedAt || inv.revokedAt) throw new DomainError('NOT_FOUND');
    await updateInvitationRevoked(trx, id, now);
    await recordAudit(trx, ctx, { action: 'INVITATION_REVOKED', subjectType: 'invitation', subjectId: id, data: { email: inv.email } }, now);
  });
}

/**
 * Names the organization after its legal business name (it is named after its email domain until
 * the legal profile exists), inside the caller's transaction. Audited when the name changes.
 */
export async function renameOrganization(trx: Db, ctx: AuditContext, organizationId: string, name: string, now: Date): Promise<void> {
  const org = await getOrganization(trx, organizationId);
  if (org.name === name) return;
  await updateOrganizationName(trx, organizationId, name);
  await recordAudit(trx, ctx, { action: 'ORGANIZATION_RENAMED', subjectType: 'organization', subjectId: organizationId, organizationId, data: { from: org.name, to: name } }, now);
}

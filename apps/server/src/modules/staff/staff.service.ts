import { DomainError, normalizeEmail, STAFF_ROLES, type StaffRole } from '@csp-center/domain';
import type { Db } from '../../db/database.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { recordAudit } from '../audit/index.ts';

/**
 * Creates a program staff member (or changes an existing staff member's role). Staff belong to
 * no partner organization and sign in with the same email-code flow. Raises USER_ALREADY_EXISTS
 * when the address belongs to a partner user.
 */
export async function addStaff(db: Db, input: { email: string; role: StaffRole }, now: Date = new Date()) {
  if (!STAFF_ROLES.includes(input.role)) throw new DomainError('VALIDATION_FAILED', `role must be one of ${STAFF_ROLES.join(', ')}`);
  const email = normalizeEmail(input.email);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new DomainError('VALIDATION_FAILED', `not an email address: ${input.email}`);
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('appUser').selectAll().where('email', '=', email).forUpdate().executeTakeFirst();
    const ctx = { actorUserId: null, organizationId: null, requestId: 'cli' };
    if (existing) {
      if (existing.organizationId) throw new DomainError('USER_ALREADY_EXISTS', `${email} is a partner user; staff need their own address.`);
      if (existing.staffRole !== input.role) {
        await trx.updateTable('appUser').set({ staffRole: input.role }).where('id', '=', existing.id).execute();
        await recordAudit(trx, ctx, { action: 'STAFF_ROLE_CHANGED', subjectType: 'user', subjectId: existing.id, data: { email, from: existing.staffRole, to: input.role } }, now);
      }
      return { id: existing.id, email, role: input.role, created: false };
    }
    const id = uuidv7(now.getTime());
    await trx.insertInto('appUser').values({ id, email, organizationId: null, role: null, staffRole: input.role, displayName: null, locale: 'en-US', createdAt: now, lastSignInAt: null }).execute();
    await recordAudit(trx, ctx, { action: 'STAFF_ADDED', subjectType: 'user', subjectId: id, data: { email, role: input.role } }, now);
    return { id, email, role: input.role, created: true };
  });
}

import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { InvitationTable, OrganizationTable } from '../../db/schema.ts';

export async function findOrganizationByDomain(db: Db, domain: string) {
  return db.selectFrom('organization').selectAll().where('domain', '=', domain).executeTakeFirst();
}

export async function findOrganizationById(db: Db, id: string) {
  return db.selectFrom('organization').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertOrganization(db: Db, row: Insertable<OrganizationTable>): Promise<void> {
  await db.insertInto('organization').values(row).execute();
}

export async function lockOpenInvitationByEmail(db: Db, organizationId: string, email: string, now: Date) {
  return db
    .selectFrom('invitation')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .where('email', '=', email)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', now)
    .orderBy('createdAt', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateInvitationAccepted(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('invitation').set({ acceptedAt: at }).where('id', '=', id).execute();
}

export async function lockDomain(db: Db, domain: string): Promise<void> {
  // Two first users of one new domain at once must not create two organizations.
  await sql`select pg_advisory_xact_lock(hashtext(${'domain:' + domain}))`.execute(db);
}

export async function findUsersByOrganization(db: Db, organizationId: string, limit: number, afterId?: string) {
  let q = db
    .selectFrom('appUser')
    .select(['id', 'email', 'displayName', 'role', 'createdAt', 'lastSignInAt'])
    .where('organizationId', '=', organizationId)
    .orderBy('id')
    .limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  return q.execute();
}

export async function lockUserInOrganization(db: Db, organizationId: string, userId: string) {
  return db.selectFrom('appUser').selectAll().where('id', '=', userId).where('organizationId', '=', organizationId).forUpdate().executeTakeFirst();
}

export async function countGlobalAdmins(db: Db, organizationId: string): Promise<number> {
  const r = await db.selectFrom('appUser').select((eb) => eb.fn.countAll<string>().as('n')).where('organizationId', '=', organizationId).where('role', '=', 'global_admin').executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function lockGlobalAdmins(db: Db, organizationId: string): Promise<void> {
  await db.selectFrom('appUser').select('id').where('organizationId', '=', organizationId).where('role', '=', 'global_admin').forUpdate().execute();
}

export async function updateUserRole(db: Db, userId: string, role: string): Promise<void> {
  await db.updateTable('appUser').set({ role }).where('id', '=', userId).execute();
}

export async function insertInvitation(db: Db, row: Insertable<InvitationTable>): Promise<void> {
  await db.insertInto('invitation').values(row).execute();
}

export async function findInvitationsByOrganization(db: Db, organizationId: string, limit: number, afterId?: string) {
  let q = db.selectFrom('invitation').selectAll().where('organizationId', '=', organizationId).where('acceptedAt', 'is', null).where('revokedAt', 'is', null).orderBy('id', 'desc').limit(limit);
  if (afterId) q = q.where('id', '<', afterId);
  return q.execute();
}

export async function lockInvitationInOrganization(db: Db, organizationId: string, id: string) {
  return db.selectFrom('invitation').selectAll().where('id', '=', id).where('organizationId', '=', organizationId).forUpdate().executeTakeFirst();
}

export async function updateInvitationRevoked(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('invitation').set({ revokedAt: at }).where('id', '=', id).execute();
}

export async function findUserIdByEmail(db: Db, email: string) {
  return db.selectFrom('appUser').select(['id']).where('email', '=', email).executeTakeFirst();
}

export async function updateOrganizationName(db: Db, id: string, name: string): Promise<void> {
  await db.updateTable('organization').set({ name }).where('id', '=', id).execute();
}

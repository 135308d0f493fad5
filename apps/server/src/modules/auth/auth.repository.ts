import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ApiTokenTable, AppUserTable, SessionTable, SignInCodeTable } from '../../db/schema.ts';

export async function lockEmail(db: Db, email: string): Promise<void> {
  // Serializes sign-in steps for one address (code issue, verify, first-user creation).
  await sql`select pg_advisory_xact_lock(hashtext(${'signin:' + email}))`.execute(db);
}


export async function insertSignInRequest(db: Db, ip: string, at: Date): Promise<void> {
  await db.insertInto('signInRequest').values({ ip, createdAt: at }).execute();
}

export async function countSignInRequestsSince(db: Db, ip: string, since: Date): Promise<number> {
  const r = await db.selectFrom('signInRequest').select((eb) => eb.fn.countAll<string>().as('n')).where('ip', '=', ip).where('createdAt', '>', since).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findOldestSignInCodeSince(db: Db, email: string, since: Date) {
  return db.selectFrom('signInCode').select(['createdAt']).where('email', '=', email).where('createdAt', '>', since).orderBy('createdAt').execute();
}

export async function insertSignInCode(db: Db, row: Insertable<SignInCodeTable>): Promise<void> {
  await db.insertInto('signInCode').values(row).execute();
}

export async function lockLatestSignInCode(db: Db, email: string) {
  return db.selectFrom('signInCode').selectAll().where('email', '=', email).where('consumedAt', 'is', null).orderBy('createdAt', 'desc').limit(1).forUpdate().executeTakeFirst();
}

export async function updateSignInCodeAttempts(db: Db, id: string, attempts: number): Promise<void> {
  await db.updateTable('signInCode').set({ attempts }).where('id', '=', id).execute();
}

export async function updateSignInCodeConsumed(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('signInCode').set({ consumedAt: at }).where('id', '=', id).execute();
}

export async function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('appUser').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: Db, id: string) {
  return db.selectFrom('appUser').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Db, row: Insertable<AppUserTable>): Promise<void> {
  await db.insertInto('appUser').values(row).execute();
}

export async function updateUser(db: Db, id: string, set: Partial<Pick<AppUserTable, 'locale' | 'displayName' | 'lastSignInAt' | 'role' | 'staffRole'>>): Promise<void> {
  await db.updateTable('appUser').set(set).where('id', '=', id).execute();
}

export async function insertSession(db: Db, row: Insertable<SessionTable>): Promise<void> {
  await db.insertInto('session').values(row).execute();
}

export async function updateSessionRevoked(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('session').set({ revokedAt: at }).where('tokenHash', '=', tokenHash).where('revokedAt', 'is', null).execute();
}

const principalColumns = [
  'u.id as userId',
  'u.email',
  'u.organizationId',
  'u.role',
  'u.staffRole',
  'u.displayName',
  'u.locale',
  'u.createdAt',
  // The caller's organization rides along (a primary-key join), so `GET /me` needs no second
  // round trip; null for staff.
  'o.name as organizationName',
  'o.domain as organizationDomain',
  'o.createdAt as organizationCreatedAt',
] as const;

/** One indexed lookup per request: the session, its user and the user's organization. */
export async function findPrincipalBySessionHash(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('session as s')
    .innerJoin('appUser as u', 'u.id', 's.userId')
    .leftJoin('organization as o', 'o.id', 'u.organizationId')
    .select([...principalColumns, 's.id as credentialId'])
    .where('s.tokenHash', '=', tokenHash)
    .where('s.revokedAt', 'is', null)
    .where('s.expiresAt', '>', now)
    .executeTakeFirst();
}

export async function findPrincipalByApiTokenHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('apiToken as t')
    .innerJoin('appUser as u', 'u.id', 't.userId')
    .leftJoin('organization as o', 'o.id', 'u.organizationId')
    .select([...principalColumns, 't.id as credentialId', 't.lastUsedAt'])
    .where('t.tokenHash', '=', tokenHash)
    .where('t.revokedAt', 'is', null)
    .executeTakeFirst();
}

export async function updateApiTokenLastUsed(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('apiToken').set({ lastUsedAt: at }).where('id', '=', id).execute();
}

export async function insertApiToken(db: Db, row: Insertable<ApiTokenTable>): Promise<void> {
  await db.insertInto('apiToken').values(row).execute();
}

export async function findApiTokensByUser(db: Db, userId: string) {
  return db.selectFrom('apiToken').select(['id', 'name', 'createdAt', 'lastUsedAt']).where('userId', '=', userId).where('revokedAt', 'is', null).orderBy('createdAt', 'desc').execute();
}

export async function updateApiTokenRevoked(db: Db, userId: string, id: string, at: Date): Promise<boolean> {
  const r = await db.updateTable('apiToken').set({ revokedAt: at }).where('id', '=', id).where('userId', '=', userId).where('revokedAt', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}


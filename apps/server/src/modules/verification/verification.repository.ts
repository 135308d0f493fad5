import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DocumentTable, InformationRequestTable, VerificationCaseTable, VerificationResponseTable } from '../../db/schema.ts';

export async function insertCase(db: Db, row: Insertable<VerificationCaseTable>): Promise<void> {
  await db.insertInto('verificationCase').values(row).execute();
}

export async function findCaseById(db: Db, id: string) {
  return db.selectFrom('verificationCase').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockCaseById(db: Db, id: string) {
  return db.selectFrom('verificationCase').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findCaseByEnrollment(db: Db, enrollmentId: string) {
  return db.selectFrom('verificationCase').selectAll().where('enrollmentId', '=', enrollmentId).orderBy('openedAt', 'desc').limit(1).executeTakeFirst();
}

/** The organization's most recent case (the one the partner sees and answers). */
export async function findLatestCaseByOrganization(db: Db, organizationId: string) {
  return db.selectFrom('verificationCase').selectAll().where('organizationId', '=', organizationId).orderBy('openedAt', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Updates only if state and version are still the ones read; false when someone else moved it first. */
export async function updateCase(db: Db, id: string, from: { state: string; version: number }, set: Updateable<VerificationCaseTable>): Promise<boolean> {
  const r = await db
    .updateTable('verificationCase')
    .set({ ...set, version: from.version + 1 })
    .where('id', '=', id)
    .where('state', '=', from.state)
    .where('version', '=', from.version)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

export interface CaseFilter {
  states?: readonly string[];
  /** true: overdue only; false: not overdue only. */
  overdue?: boolean;
  country?: string;
  /** 'unassigned' or a user id. */
  assignee?: string;
  now: Date;
  terminalStates: readonly string[];
  after?: { dueAt: Date; id: string };
  limit: number;
}

/** The staff queue, ordered by due date (then id), with organization and assignee. */
export async function findCasesPage(db: Db, f: CaseFilter) {
  let q = db
    .selectFrom('verificationCase as c')
    .innerJoin('organization as o', 'o.id', 'c.organizationId')
    .leftJoin('appUser as u', 'u.id', 'c.assigneeId')
    // The company name from the legal profile (null until filled in): no look-up per listed case.
    .leftJoin('legalBusinessProfile as l', 'l.organizationId', 'c.organizationId')
    .selectAll('c')
    .select(['o.name as organizationName', 'o.domain as organizationDomain', 'u.email as assigneeEmail', 'l.companyName as companyName'])
    .orderBy('c.dueAt')
    .orderBy('c.id')
    .limit(f.limit);
  if (f.states?.length) q = q.where('c.state', 'in', [...f.states]);
  if (f.country) q = q.where('c.country', '=', f.country);
  if (f.assignee === 'unassigned') q = q.where('c.assigneeId', 'is', null);
  else if (f.assignee) q = q.where('c.assigneeId', '=', f.assignee);
  if (f.overdue === true) q = q.where('c.dueAt', '<', f.now).where('c.state', 'not in', [...f.terminalStates]);
  if (f.overdue === false) q = q.where((eb) => eb.or([eb('c.dueAt', '>=', f.now), eb('c.state', 'in', [...f.terminalStates])]));
  if (f.after) {
    const { dueAt, id } = f.after;
    q = q.where((eb) => eb.or([eb('c.dueAt', '>', dueAt), eb.and([eb('c.dueAt', '=', dueAt), eb('c.id', '>', id)])]));
  }
  return q.execute();
}

export async function insertInformationRequest(db: Db, row: Insertable<InformationRequestTable>): Promise<void> {
  await db.insertInto('informationRequest').values(row).execute();
}

export async function findRequestsByCase(db: Db, caseId: string) {
  return db.selectFrom('informationRequest').selectAll().where('caseId', '=', caseId).orderBy('createdAt').orderBy('id').execute();
}

export async function lockOpenRequestByCase(db: Db, caseId: string) {
  return db.selectFrom('informationRequest').selectAll().where('caseId', '=', caseId).where('answeredAt', 'is', null).orderBy('createdAt', 'desc').limit(1).forUpdate().executeTakeFirst();
}

export async function updateRequestAnswered(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('informationRequest').set({ answeredAt: at }).where('id', '=', id).execute();
}

export async function insertResponse(db: Db, row: Insertable<VerificationResponseTable>): Promise<void> {
  await db.insertInto('verificationResponse').values(row).execute();
}

export async function receiptIdExists(db: Db, receiptId: string): Promise<boolean> {
  return Boolean(await db.selectFrom('verificationResponse').select('id').where('receiptId', '=', receiptId).executeTakeFirst());
}

export async function findResponsesByCase(db: Db, caseId: string) {
  return db.selectFrom('verificationResponse').selectAll().where('caseId', '=', caseId).orderBy('createdAt').orderBy('id').execute();
}

export async function insertDocument(db: Db, row: Insertable<DocumentTable>): Promise<void> {
  await db.insertInto('document').values(row).execute();
}

/** Document metadata (never the content) of the given responses. */
export async function findDocumentsByResponses(db: Db, responseIds: readonly string[]) {
  if (responseIds.length === 0) return [];
  return db
    .selectFrom('document')
    .select(['id', 'responseId', 'filename', 'contentType', 'sizeBytes', 'sha256', 'createdAt'])
    .where('responseId', 'in', [...responseIds])
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

export async function findDocumentById(db: Db, id: string) {
  return db.selectFrom('document').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findSetting(db: Db, key: string) {
  return db.selectFrom('programSetting').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function upsertSetting(db: Db, key: string, value: unknown, at: Date, by: string): Promise<void> {
  await db
    .insertInto('programSetting')
    .values({ key, value: JSON.stringify(value), updatedAt: at, updatedBy: by })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updatedAt: at, updatedBy: by }))
    .execute();
}

/** Serialises writers of one setting (read-modify-write inside a transaction). */
export async function lockSetting(db: Db, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${'program_setting:' + key}))`.execute(db);
}

/**
 * Read-only look-ups of users (identity, owned by auth/organizations): the recipients of
 * partner emails, the program admins of the overdue digest, and actor emails in a case history.
 */
export async function findGlobalAdmins(db: Db, organizationId: string) {
  return db.selectFrom('appUser').select(['id', 'email', 'locale', 'lastSignInAt']).where('organizationId', '=', organizationId).where('role', '=', 'global_admin').orderBy('email').execute();
}

export async function findProgramAdmins(db: Db) {
  return db.selectFrom('appUser').select(['id', 'email', 'locale']).where('staffRole', '=', 'program_admin').orderBy('email').execute();
}

export async function findUserEmails(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('appUser').select(['id', 'email']).where('id', 'in', [...ids]).execute();
}

/** Overdue, undecided cases not yet in a digest since `since`, locked so two runs never send twice. */
export async function lockOverdueCasesToNotify(db: Db, now: Date, since: Date, terminalStates: readonly string[]) {
  return db
    .selectFrom('verificationCase')
    .selectAll()
    .where('dueAt', '<', now)
    .where('state', 'not in', [...terminalStates])
    .where((eb) => eb.or([eb('overdueNotifiedAt', 'is', null), eb('overdueNotifiedAt', '<', since)]))
    .orderBy('dueAt')
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function updateCasesOverdueNotified(db: Db, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('verificationCase').set({ overdueNotifiedAt: at }).where('id', 'in', [...ids]).execute();
}

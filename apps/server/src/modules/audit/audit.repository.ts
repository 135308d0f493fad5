import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AuditEventTable } from '../../db/schema.ts';

/** Serializes writers of the chain; released at commit, so the chain never forks. */
export async function lockAuditChain(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(7310001)`.execute(db);
}

export async function findLastAuditHash(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('auditEvent').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row?.hash;
}

export async function insertAuditEvent(db: Db, row: Insertable<AuditEventTable>): Promise<void> {
  await db.insertInto('auditEvent').values(row).execute();
}

export async function findAuditEventsAfter(db: Db, afterSeq: string, limit: number) {
  return db.selectFrom('auditEvent').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

export async function findAuditEvents(
  db: Db,
  filter: { organizationId?: string | null; subjectId?: string; beforeSeq?: string; limit: number },
) {
  let q = db.selectFrom('auditEvent').selectAll().orderBy('seq', 'desc').limit(filter.limit);
  if (filter.organizationId !== undefined) q = filter.organizationId === null ? q : q.where('organizationId', '=', filter.organizationId);
  if (filter.subjectId) q = q.where('subjectId', '=', filter.subjectId);
  if (filter.beforeSeq) q = q.where('seq', '<', filter.beforeSeq);
  return q.execute();
}

/** One organization's events of the given actions, oldest first. */
export async function findAuditEventsByActions(db: Db, organizationId: string, actions: readonly string[], limit: number) {
  return db.selectFrom('auditEvent').selectAll().where('organizationId', '=', organizationId).where('action', 'in', [...actions]).orderBy('seq').limit(limit).execute();
}

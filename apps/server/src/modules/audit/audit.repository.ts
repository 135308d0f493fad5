import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AuditEventTable } from '../../db/schema.ts';

/** Serializes writers of the chain; released at commit, so the chain never forks. */
export async function lockAuditChain(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(7310001)`.execute(db);
}

/**
 * Appends one event linked to the current last one, in ONE statement: prev_hash is the last
 * event's hash (`genesis` for the first) and hash = sha256(prev_hash || `payload`) in hex, the
 * same as `sha256(prevHash + payload)` computes in Node (UTF-8). Call it after lockAuditChain, in
 * an earlier statement: a statement's snapshot is taken when it starts, so a lock taken inside
 * this statement would not make it see the chain's latest event.
 */
export async function appendAuditEvent(db: Db, row: Omit<Insertable<AuditEventTable>, 'prevHash' | 'hash'>, payload: string, genesis: string): Promise<void> {
  await db
    .insertInto('auditEvent')
    .columns(['id', 'actorUserId', 'organizationId', 'action', 'subjectType', 'subjectId', 'data', 'requestId', 'createdAt', 'prevHash', 'hash'])
    .expression(
      db
        .selectFrom(sql<{ h: string }>`(select coalesce((select hash from audit_event order by seq desc limit 1), ${genesis}::text) as h)`.as('prev'))
        .select([
          sql<string>`${row.id}::uuid`.as('id'),
          sql<string | null>`${row.actorUserId ?? null}::uuid`.as('actorUserId'),
          sql<string | null>`${row.organizationId ?? null}::uuid`.as('organizationId'),
          sql<string>`${row.action}::text`.as('action'),
          sql<string>`${row.subjectType}::text`.as('subjectType'),
          sql<string>`${row.subjectId}::text`.as('subjectId'),
          sql<unknown>`${row.data}::jsonb`.as('data'),
          sql<string | null>`${row.requestId ?? null}::text`.as('requestId'),
          sql<Date>`${row.createdAt}::timestamptz`.as('createdAt'),
          sql<string>`prev.h`.as('prevHash'),
          sql<string>`encode(sha256(convert_to(prev.h || ${payload}::text, 'UTF8')), 'hex')`.as('hash'),
        ]),
    )
    .execute();
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

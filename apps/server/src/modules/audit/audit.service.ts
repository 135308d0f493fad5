import { sha256 } from '../../lib/secrets.ts';
import { uuidv7 } from '../../lib/ids.ts';
import type { Db } from '../../db/database.ts';
import { appendAuditEvent, findAuditEvents, findAuditEventsAfter, findAuditEventsByActions, lockAuditChain } from './audit.repository.ts';

/** Who caused a change and under which request: passed from routes down to every audit write. */
export interface AuditContext {
  actorUserId: string | null;
  organizationId: string | null;
  requestId: string | null;
}

export interface AuditInput {
  /** Past tense, UPPER_SNAKE: USER_SIGNED_IN, ROLE_CHANGED, API_TOKEN_CREATED… */
  action: string;
  subjectType: string;
  subjectId: string;
  data?: Record<string, unknown>;
  /** Overrides the context's organization (e.g. staff acting on a partner). */
  organizationId?: string | null;
}

const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level, so a jsonb round-trip hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

interface HashedFields {
  id: string;
  actorUserId: string | null;
  organizationId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  data: unknown;
  requestId: string | null;
  createdAt: Date;
}

/** The hash covers exactly these fields (a row read back carries more, like seq and hash). */
function eventHash(prevHash: string, e: HashedFields): string {
  return sha256(prevHash + eventPayload(e));
}

/** The part of the hashed text after the previous hash. */
function eventPayload(e: HashedFields): string {
  const { id, actorUserId, organizationId, action, subjectType, subjectId, data, requestId, createdAt } = e;
  return canonicalJson({ id, actorUserId, organizationId, action, subjectType, subjectId, data, requestId, createdAt: createdAt.toISOString() });
}

/** Transactions that already hold the chain lock (it is kept until commit): no second round trip. */
const lockedTransactions = new WeakSet<Db>();

/**
 * Appends one event to the hash-chained audit log. Call it inside the transaction of the change
 * it records: both commit or neither does. Two round trips for the first event of a transaction
 * (the chain lock, then one insert that links to the last event and hashes in SQL), one for each
 * later event.
 */
export async function recordAudit(trx: Db, ctx: AuditContext, input: AuditInput, now: Date = new Date()): Promise<void> {
  if (!trx.isTransaction || !lockedTransactions.has(trx)) {
    await lockAuditChain(trx);
    if (trx.isTransaction) lockedTransactions.add(trx);
  }
  const fields: HashedFields = {
    id: uuidv7(now.getTime()),
    actorUserId: ctx.actorUserId,
    organizationId: input.organizationId === undefined ? ctx.organizationId : input.organizationId,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    data: input.data ?? {},
    requestId: ctx.requestId,
    // Millisecond precision survives timestamptz (microseconds) unchanged.
    createdAt: new Date(now.getTime()),
  };
  // The hash is sha256(prevHash + eventPayload(fields)); PostgreSQL computes it with the last hash.
  await appendAuditEvent(trx, { ...fields, data: JSON.stringify(fields.data) }, eventPayload(fields), GENESIS);
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  /** The first event whose link or content does not match. */
  brokenAt?: { seq: string; id: string; reason: 'PREVIOUS_HASH_MISMATCH' | 'CONTENT_HASH_MISMATCH' };
}

/** Walks the whole chain in order and reports the first broken link. */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  let prev = GENESIS;
  let after = '0';
  let checked = 0;
  for (;;) {
    const rows = await findAuditEventsAfter(db, after, 1000);
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      if (r.prevHash !== prev) return { ok: false, checked, brokenAt: { seq: r.seq, id: r.id, reason: 'PREVIOUS_HASH_MISMATCH' } };
      if (eventHash(r.prevHash, r) !== r.hash) return { ok: false, checked, brokenAt: { seq: r.seq, id: r.id, reason: 'CONTENT_HASH_MISMATCH' } };
      prev = r.hash;
      checked++;
      after = r.seq;
    }
  }
}

/** Lists events, newest first; `organizationId: null` means every organization (staff). */
export async function findAuditEventsPage(db: Db, filter: { organizationId: string | null; subjectId?: string; cursor?: string; limit: number }) {
  const rows = await findAuditEvents(db, { organizationId: filter.organizationId, subjectId: filter.subjectId, beforeSeq: filter.cursor, limit: filter.limit + 1 });
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? (items.at(-1)?.seq ?? null) : null };
}

/** An organization's events of the given actions, oldest first (e.g. its profile history). */
export async function findOrganizationAuditEvents(db: Db, organizationId: string, actions: readonly string[], limit = 200) {
  return findAuditEventsByActions(db, organizationId, actions, limit);
}

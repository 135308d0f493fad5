import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, expectProblem, invite, latestCode, signIn, signInInvited, startTestServer, type TestServer } from '../../test/harness.ts';
import { recordAudit, verifyAuditChain } from './audit.service.ts';

let s: TestServer;
let orgA: { cookie: string; userId: string; organizationId: string };
let orgB: { cookie: string; userId: string; organizationId: string };
let staff: { cookie: string };

beforeAll(async () => {
  s = await startTestServer();
  // A little history: two organizations, an invitation accepted, a role change, a token, a sign-out.
  const a = await signIn(s, 'admin@audit-a.example');
  orgA = { cookie: a.cookie, userId: a.body.user.id, organizationId: a.body.organization!.id };
  const b = await signIn(s, 'admin@audit-b.example');
  orgB = { cookie: b.cookie, userId: b.body.user.id, organizationId: b.body.organization!.id };
  const member = await signInInvited(s, orgA.cookie, 'member@audit-a.example', 'member');
  await s.app.inject({ method: 'PATCH', url: `/api/v1/organization/users/${member.body.user.id}`, headers: { cookie: orgA.cookie }, payload: { role: 'sales_agent' } });
  await s.app.inject({ method: 'POST', url: '/api/v1/me/api-tokens', headers: { cookie: orgB.cookie }, payload: { name: 'b-token' } });
  await invite(s, orgB.cookie, 'pending@audit-b.example', 'member');
  await s.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie: member.cookie } });
  await createStaff(s, 'auditor@program-staff.example', 'program_admin');
  staff = await signIn(s, 'auditor@program-staff.example');
});
afterAll(async () => {
  await s?.close();
});

const db = () => s.runtime.deps.db;
const eventCount = async () => Number((await db().selectFrom('auditEvent').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const seqs = async () => (await db().selectFrom('auditEvent').select(['seq', 'id']).orderBy('seq').execute());

/** Runs `change` with the append-only trigger off, as the table owner would; always turns it back on. */
async function withTriggerOff(change: () => Promise<unknown>): Promise<void> {
  await sql`alter table audit_event disable trigger audit_event_no_change`.execute(db());
  try {
    await change();
  } finally {
    await sql`alter table audit_event enable trigger audit_event_no_change`.execute(db());
  }
}

describe('audit hash chain', () => {
  it('verifies after several actions, checking every event', async () => {
    const n = await eventCount();
    expect(n).toBeGreaterThanOrEqual(12);
    expect(await verifyAuditChain(db())).toEqual({ ok: true, checked: n });
  });

  it('reports the tampered row with CONTENT_HASH_MISMATCH when one event is edited behind its back', async () => {
    const rows = await seqs();
    const victim = rows[Math.floor(rows.length / 2)]!;
    const original = await db().selectFrom('auditEvent').select('data').where('seq', '=', victim.seq).executeTakeFirstOrThrow();
    await withTriggerOff(() => sql`update audit_event set data = data || '{"forged": true}'::jsonb where seq = ${victim.seq}`.execute(db()));
    try {
      const r = await verifyAuditChain(db());
      expect(r).toEqual({ ok: false, checked: rows.indexOf(victim), brokenAt: { seq: victim.seq, id: victim.id, reason: 'CONTENT_HASH_MISMATCH' } });
    } finally {
      await withTriggerOff(() => sql`update audit_event set data = ${JSON.stringify(original.data)}::jsonb where seq = ${victim.seq}`.execute(db()));
    }
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('reports PREVIOUS_HASH_MISMATCH at the next row when a middle event is deleted', async () => {
    const rows = await seqs();
    const i = Math.floor(rows.length / 2);
    const [victim, next] = [rows[i]!, rows[i + 1]!];
    await sql`create table audit_event_removed as select * from audit_event where seq = ${victim.seq}`.execute(db());
    await withTriggerOff(() => sql`delete from audit_event where seq = ${victim.seq}`.execute(db()));
    try {
      const r = await verifyAuditChain(db());
      expect(r).toEqual({ ok: false, checked: i, brokenAt: { seq: next.seq, id: next.id, reason: 'PREVIOUS_HASH_MISMATCH' } });
    } finally {
      await sql`insert into audit_event select * from audit_event_removed`.execute(db());
      await sql`drop table audit_event_removed`.execute(db());
    }
    expect(await verifyAuditChain(db())).toEqual({ ok: true, checked: rows.length });
  });

  it('refuses UPDATE and DELETE on audit_event at the database', async () => {
    const [first] = await seqs();
    await expect(sql`update audit_event set action = 'FORGED' where seq = ${first!.seq}`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_event where seq = ${first!.seq}`.execute(db())).rejects.toThrow(/append-only/);
    const row = await db().selectFrom('auditEvent').select('action').where('seq', '=', first!.seq).executeTakeFirstOrThrow();
    expect(row.action).not.toBe('FORGED');
  });

  it('stays one valid chain under 20 parallel sign-ins', async () => {
    const before = await eventCount();
    const emails = Array.from({ length: 20 }, (_, i) => `racer${i}@parallel-${i}.example`);
    const results = await Promise.all(emails.map((e, i) => signIn(s, e, `10.20.0.${i + 1}`)));
    expect(results.every((r) => r.body.user.id)).toBe(true);
    // Each first sign-in: ORGANIZATION_CREATED, USER_CREATED, USER_SIGNED_IN.
    expect(await eventCount()).toBe(before + 60);
    const links = await db().selectFrom('auditEvent').select('prevHash').execute();
    expect(new Set(links.map((l) => l.prevHash)).size).toBe(links.length);
    expect(await verifyAuditChain(db())).toEqual({ ok: true, checked: before + 60 });
  });

  it('hashes in the database exactly as verification does in Node (non-ASCII data, several events in one transaction)', async () => {
    const before = await eventCount();
    const ctx = { actorUserId: orgA.userId, organizationId: orgA.organizationId, requestId: 'req-ünïcødé' };
    await db().transaction().execute(async (trx) => {
      await recordAudit(trx, ctx, { action: 'TEST_EVENT', subjectType: 'test', subjectId: 'x1', data: { name: 'Zürich Straße 😀', nested: { b: [1, 'ü', null], a: true } } }, new Date('2026-01-02T03:04:05.678Z'));
      await recordAudit(trx, ctx, { action: 'TEST_EVENT', subjectType: 'test', subjectId: 'x2', organizationId: null, data: { quote: 'a"b\\c\n', empty: {} } });
    });
    expect(await eventCount()).toBe(before + 2);
    expect(await verifyAuditChain(db())).toEqual({ ok: true, checked: before + 2 });
  });
});

describe('nothing half-written', () => {
  const snapshot = async () => {
    const n = async (table: 'auditEvent' | 'notification' | 'invitation' | 'appUser' | 'organization' | 'session') =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const jobs = await sql<{ n: string }>`select count(*) as n from pgboss.job`.execute(db());
    return { audit: await n('auditEvent'), notifications: await n('notification'), invitations: await n('invitation'), users: await n('appUser'), organizations: await n('organization'), sessions: await n('session'), jobs: Number(jobs.rows[0]!.n) };
  };

  it('leaves no audit row, email or job behind a refused invitation (409)', async () => {
    await invite(s, orgA.cookie, 'twice@audit-a.example', 'member');
    const before = await snapshot();
    const r = await s.app.inject({ method: 'POST', url: '/api/v1/organization/invitations', headers: { cookie: orgA.cookie }, payload: { email: 'twice@audit-a.example', role: 'global_admin' } });
    expectProblem(r, 409, 'INVITATION_ALREADY_EXISTS');
    const demote = await s.app.inject({ method: 'PATCH', url: `/api/v1/organization/users/${orgA.userId}`, headers: { cookie: orgA.cookie }, payload: { role: 'member' } });
    expectProblem(demote, 409, 'LAST_GLOBAL_ADMIN');
    expect(await snapshot()).toEqual(before);
  });

  it('rolls back the whole sign-in when verify ends in INVITATION_REQUIRED: no user, audit row or session, code not used up', async () => {
    const email = 'gatecrasher@audit-a.example';
    await s.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email } });
    const code = await latestCode(s, email);
    const before = await snapshot();
    expectProblem(await s.app.inject({ method: 'POST', url: '/api/v1/auth/verify', payload: { email, code } }), 403, 'INVITATION_REQUIRED');
    expect(await snapshot()).toEqual(before);
    const row = await db().selectFrom('signInCode').select(['consumedAt', 'attempts']).where('email', '=', email).executeTakeFirstOrThrow();
    expect(row).toEqual({ consumedAt: null, attempts: 0 });
  });
});

describe('audit API', () => {
  it('lets a program admin verify the chain: 200 { ok: true, checked }', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/api/v1/admin/audit-events/verify', headers: { cookie: staff.cookie } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ ok: true, checked: await eventCount() });
  });

  it('refuses chain verification to partners with 403 FORBIDDEN', async () => {
    expectProblem(await s.app.inject({ method: 'GET', url: '/api/v1/admin/audit-events/verify', headers: { cookie: orgA.cookie } }), 403, 'FORBIDDEN');
    await createStaff(s, 'helpdesk@program-staff.example', 'support');
    const support = await signIn(s, 'helpdesk@program-staff.example');
    expectProblem(await s.app.inject({ method: 'GET', url: '/api/v1/admin/audit-events/verify', headers: { cookie: support.cookie } }), 403, 'FORBIDDEN');
  });

  it("shows a global admin only its own organization's events", async () => {
    const list = async (query = '') => {
      const r = await s.app.inject({ method: 'GET', url: `/api/v1/audit-events${query}`, headers: { cookie: orgA.cookie } });
      expect(r.statusCode).toBe(200);
      return r.json() as { items: Array<{ organizationId: string | null; action: string; subjectId: string; actorUserId: string | null }>; nextCursor: string | null; };
    };
    const page = await list('?limit=200');
    expect(page.items.length).toBeGreaterThan(3);
    for (const e of page.items) expect(e.organizationId).toBe(orgA.organizationId);
    expect(page.items.map((e) => e.action)).toEqual(expect.arrayContaining(['ORGANIZATION_CREATED', 'USER_SIGNED_IN', 'INVITATION_ACCEPTED', 'ROLE_CHANGED']));
    const own = await db().selectFrom('auditEvent').select('id').where('organizationId', '=', orgA.organizationId).execute();
    expect(page.items).toHaveLength(own.length);
    expect(JSON.stringify(page)).not.toContain(orgB.organizationId);
    expect(JSON.stringify(page)).not.toContain(orgB.userId);
    expect((await list(`?subject=${orgB.userId}`)).items).toEqual([]);

    // Paging with the cursor walks the same events, once each.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p = await list(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...p.items.map((e) => e.subjectId + e.action));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(own.length);
  });

  it('shows program staff every organization and refuses other partner roles with 403', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/api/v1/audit-events?limit=200', headers: { cookie: staff.cookie } });
    expect(r.statusCode).toBe(200);
    const orgs = new Set((r.json().items as Array<{ organizationId: string | null }>).map((e) => e.organizationId));
    expect(orgs.has(orgA.organizationId) && orgs.has(orgB.organizationId)).toBe(true);
    const member = await signIn(s, 'member@audit-a.example');
    expectProblem(await s.app.inject({ method: 'GET', url: '/api/v1/audit-events', headers: { cookie: member.cookie } }), 403, 'FORBIDDEN');
  });
});

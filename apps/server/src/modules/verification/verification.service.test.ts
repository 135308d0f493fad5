import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_NAMES } from '../../jobs/queue.ts';
import { NOTIFY_OVERDUE_CRON } from '../../jobs/workers.ts';
import { FakeClock } from '../../lib/clock.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { partnerWithEnrollment, staffSession } from '../enrollments/enrollments.factory.ts';
import { estimateDecision, notifyOverdueCases } from './verification.service.ts';

// Monday 2 March 2026, 10:00 UTC.
const clock = new FakeClock(new Date('2026-03-02T10:00:00Z'));
const HOUR = 3600_000;
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ clock, env: { SESSION_TTL_HOURS: '100000' } });
});
afterAll(async () => {
  await s?.close();
});

const db = () => s.runtime.deps.db;
const digests = () => db().selectFrom('notification').selectAll().where('template', '=', 'verificationOverdue').orderBy('createdAt').orderBy('toEmail').execute();
const setClock = (iso: string) => clock.advance(new Date(iso).getTime() - clock.now().getTime());

describe('overdue escalation (job verification.notify-overdue)', () => {
  it('emails each program admin one daily digest of overdue undecided cases, once per day', async () => {
    await staffSession(s, 'alice@program.example', 'program_admin');
    const bo = await staffSession(s, 'bo@program.example', 'program_admin');
    await db().updateTable('appUser').set({ locale: 'zh-TW' }).where('id', '=', bo.userId).execute();
    const vera = await staffSession(s, 'vera@program.example', 'verifier');

    // Monday: two cases due Thursday 10:00, one of which gets decided.
    const late = await partnerWithEnrollment(s, 'late-tw.example', { companyName: 'Late Corp', submit: true });
    const decided = await partnerWithEnrollment(s, 'decided-tw.example', { submit: true });
    await s.app.inject({ method: 'POST', url: `/api/v1/admin/verification-cases/${decided.caseId}/claim`, headers: { cookie: vera.cookie } });
    expect((await s.app.inject({ method: 'POST', url: `/api/v1/admin/verification-cases/${decided.caseId}/approve`, headers: { cookie: vera.cookie } })).statusCode).toBe(200);
    // Wednesday: a case due the next Monday 10:00.
    setClock('2026-03-04T10:00:00Z');
    const later = await partnerWithEnrollment(s, 'later-us.example', { companyName: 'Later Inc', submit: true, country: 'US' });

    // Nothing is overdue yet.
    expect(await notifyOverdueCases(s.runtime.deps)).toEqual({ cases: 0, emails: 0 });

    // Friday 07:00: only the first case is overdue (by one business day).
    setClock('2026-03-06T07:00:00Z');
    expect(await notifyOverdueCases(s.runtime.deps)).toEqual({ cases: 1, emails: 2 });
    let sent = await digests();
    expect(sent.map((m) => [m.toEmail, m.locale, m.organizationId])).toEqual([['alice@program.example', 'en-US', null], ['bo@program.example', 'zh-TW', null]]);
    expect(sent[0]!.subject).toBe('Overdue verification cases: 1');
    expect(sent[0]!.text).toContain(`• Late Corp (TW) · due March 5, 2026 · 1 business days overdue · http://localhost:3000/admin/verification/${late.caseId}`);
    expect(sent[0]!.text).not.toContain('Later Inc');
    expect(sent[1]!.text).toContain('到期日 2026年3月5日');
    expect(sent[1]!.text).toContain('逾期 1 個工作天');
    const row = await db().selectFrom('verificationCase').select('overdueNotifiedAt').where('id', '=', late.caseId!).executeTakeFirstOrThrow();
    expect(row.overdueNotifiedAt?.toISOString()).toBe('2026-03-06T07:00:00.000Z');
    const audit = await db().selectFrom('auditEvent').selectAll().where('action', '=', 'VERIFICATION_OVERDUE_NOTIFIED').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subjectId: late.caseId, organizationId: late.organizationId, actorUserId: null });

    // A rerun the same day sends nothing.
    clock.advance(10 * HOUR);
    expect(await notifyOverdueCases(s.runtime.deps)).toEqual({ cases: 0, emails: 0 });
    expect(await digests()).toHaveLength(2);

    // The next Tuesday: both undecided cases are overdue and listed in one digest each; the decided one never is.
    setClock('2026-03-10T07:00:00Z');
    expect(await notifyOverdueCases(s.runtime.deps)).toEqual({ cases: 2, emails: 2 });
    sent = (await digests()).slice(2);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.subject).toBe('Overdue verification cases: 2');
    const lines = sent[0]!.text.split('\n').filter((l) => l.startsWith('• '));
    expect(lines).toEqual([
      `• Late Corp (TW) · due March 5, 2026 · 3 business days overdue · http://localhost:3000/admin/verification/${late.caseId}`,
      `• Later Inc (US) · due March 9, 2026 · 1 business days overdue · http://localhost:3000/admin/verification/${later.caseId}`,
    ]);
    expect(sent[0]!.text).toContain('http://localhost:3000/admin/verification?overdue=true');
    expect(sent.some((m) => m.text.includes('decided-tw'))).toBe(false);
  });

  it('marks nothing while the program has no admin to tell', async () => {
    // A fresh database: no program admin at all.
    const lonely = await startTestServer({ clock: new FakeClock(new Date('2026-03-02T10:00:00Z')), env: { SESSION_TTL_HOURS: '100000' } });
    try {
      const p = await partnerWithEnrollment(lonely, 'lonely-tw.example', { submit: true });
      (lonely.runtime.deps.clock as FakeClock).advance(7 * 24 * HOUR);
      expect(await notifyOverdueCases(lonely.runtime.deps)).toEqual({ cases: 1, emails: 0 });
      const row = await lonely.runtime.deps.db.selectFrom('verificationCase').select('overdueNotifiedAt').where('id', '=', p.caseId!).executeTakeFirstOrThrow();
      expect(row.overdueNotifiedAt).toBeNull();
    } finally {
      await lonely.close();
    }
  });

  it('is a registered job that pg-boss runs every day at 07:00 UTC', async () => {
    expect(JOB_NAMES).toContain('verification.notify-overdue');
    expect(NOTIFY_OVERDUE_CRON).toBe('0 7 * * *');
    await s.runtime.deps.queue.schedule('verification.notify-overdue', NOTIFY_OVERDUE_CRON);
    const { rows } = await (await import('kysely')).sql<{ name: string; cron: string; timezone: string }>`select name, cron, timezone from pgboss.schedule`.execute(db());
    expect(rows).toContainEqual({ name: 'verification.notify-overdue', cron: '0 7 * * *', timezone: 'UTC' });
  });
});

describe('estimated decision date', () => {
  const cal = { targetBusinessDays: 3, weekend: [6, 7], holidays: [] };
  const now = new Date('2026-03-04T12:00:00Z');
  it('is the due date while the program works on the case', () => {
    for (const state of ['OPEN', 'IN_REVIEW']) expect(estimateDecision({ state, dueAt: new Date('2026-03-05T10:00:00Z') }, now, cal)?.toISOString()).toBe('2026-03-05T10:00:00.000Z');
  });
  it('is the next business day once the due date has passed (never in the past)', () => {
    expect(estimateDecision({ state: 'IN_REVIEW', dueAt: new Date('2026-03-02T10:00:00Z') }, new Date('2026-03-06T12:00:00Z'), cal)?.toISOString()).toBe('2026-03-09T12:00:00.000Z');
  });
  it('is absent while waiting for the partner and once decided', () => {
    for (const state of ['INFORMATION_REQUESTED', 'APPROVED', 'REJECTED']) expect(estimateDecision({ state, dueAt: new Date('2026-03-05T10:00:00Z') }, now, cal)).toBeNull();
  });
});

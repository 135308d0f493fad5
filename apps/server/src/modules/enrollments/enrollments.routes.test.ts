import { addBusinessDays, DEFAULT_CALENDAR } from '@csp-center/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/clock.ts';
import { expectProblem, signIn, signInInvited, startTestServer, type TestServer } from '../../test/harness.ts';
import { partnerWithEnrollment, seedProfile, staffSession } from './enrollments.factory.ts';

// Monday 2 March 2026, 10:00 UTC.
const clock = new FakeClock(new Date('2026-03-02T10:00:00Z'));
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ clock });
});
afterAll(async () => {
  await s?.close();
});

const db = () => s.runtime.deps.db;
const create = (cookie: string, program = 'INDIRECT_RESELLER') => s.app.inject({ method: 'POST', url: '/api/v1/enrollments', headers: { cookie }, payload: { program } });
const submit = (cookie: string, id: string) => s.app.inject({ method: 'POST', url: `/api/v1/enrollments/${id}/submit`, headers: { cookie } });
const get = (cookie: string, id: string) => s.app.inject({ method: 'GET', url: `/api/v1/enrollments/${id}`, headers: { cookie } });
const counts = async () => {
  const n = async (t: 'auditEvent' | 'notification' | 'verificationCase' | 'enrollmentEvent') => Number((await db().selectFrom(t).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { audit: await n('auditEvent'), mail: await n('notification'), cases: await n('verificationCase'), events: await n('enrollmentEvent') };
};

describe('creating an enrollment', () => {
  it('opens a DRAFT with its market, a CREATE timeline entry and SUBMIT offered once the profile is complete', async () => {
    const admin = await signIn(s, 'admin@contoso-tw.example');
    await seedProfile(db(), { id: admin.body.organization!.id, domain: 'contoso-tw.example' }, admin.body.user.id);
    const r = await create(admin.cookie);
    expect(r.statusCode, r.body).toBe(201);
    const e = r.json();
    expect(e).toMatchObject({
      program: 'INDIRECT_RESELLER',
      state: 'DRAFT',
      market: { id: 'taiwan', name: 'Taiwan' },
      currency: 'TWD',
      submittedAt: null,
      availableActions: ['SUBMIT'],
      profileMissing: [],
      estimatedDecisionAt: null,
      verification: null,
      agreement: null,
      timeline: [{ action: 'CREATE', fromState: null, toState: 'DRAFT', by: 'PARTNER', at: '2026-03-02T10:00:00.000Z', note: null }],
    });
    const audit = await db().selectFrom('auditEvent').selectAll().where('action', '=', 'ENROLLMENT_CREATED').where('subjectId', '=', e.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ organizationId: admin.body.organization!.id, actorUserId: admin.body.user.id });

    const list = await s.app.inject({ method: 'GET', url: '/api/v1/enrollments', headers: { cookie: admin.cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ items: [{ id: e.id, state: 'DRAFT' }], nextCursor: null });
  });

  it('refuses to create an enrollment from an incomplete profile with 422 PROFILE_INCOMPLETE and details.missing', async () => {
    const admin = await signIn(s, 'admin@fabrikam-tw.example');
    await seedProfile(db(), { id: admin.body.organization!.id, domain: 'fabrikam-tw.example' }, admin.body.user.id, { parts: { billingProfile: false, partnerId: false } });
    const before = await counts();
    const p = expectProblem(await create(admin.cookie), 422, 'PROFILE_INCOMPLETE');
    expect(p.details).toEqual({ missing: ['billingProfile', 'partnerId'] });
    expect(await counts()).toEqual(before);
    expect(await db().selectFrom('enrollment').select('id').where('organizationId', '=', admin.body.organization!.id).execute()).toHaveLength(0);
  });

  it('refuses a second enrollment with 409 ENROLLMENT_EXISTS, also when two arrive at once', async () => {
    const admin = await signIn(s, 'admin@tailspin-tw.example');
    await seedProfile(db(), { id: admin.body.organization!.id, domain: 'tailspin-tw.example' }, admin.body.user.id);
    const [a, b] = await Promise.all([create(admin.cookie), create(admin.cookie)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expectProblem([a, b].find((r) => r.statusCode === 409)!, 409, 'ENROLLMENT_EXISTS');
    expectProblem(await create(admin.cookie), 409, 'ENROLLMENT_EXISTS');
    expect(await db().selectFrom('enrollment').select('id').where('organizationId', '=', admin.body.organization!.id).execute()).toHaveLength(1);
  });

  it('refuses DIRECT_BILL for now with 400 VALIDATION_FAILED on body.program', async () => {
    const admin = await signIn(s, 'admin@directbill.example');
    const p = expectProblem(await create(admin.cookie, 'DIRECT_BILL'), 400, 'VALIDATION_FAILED');
    expect(p.details).toMatchObject({ issues: [{ path: 'body.program' }] });
    expectProblem(await create(admin.cookie, 'RESELLER_OF_RESELLERS'), 400, 'VALIDATION_FAILED');
  });

  it('lets any partner role read, only global and account admins create or submit (403 FORBIDDEN), and no staff', async () => {
    const p = await partnerWithEnrollment(s, 'roles-tw.example');
    const member = await signInInvited(s, p.cookie, 'mo@roles-tw.example', 'member');
    const acct = await signInInvited(s, p.cookie, 'acct@roles-tw.example', 'account_admin');
    const read = await get(member.cookie, p.enrollmentId);
    expect(read.statusCode).toBe(200);
    expect(read.json().availableActions).toEqual([]);
    expect((await get(acct.cookie, p.enrollmentId)).json().availableActions).toEqual(['SUBMIT']);
    const before = await counts();
    expectProblem(await create(member.cookie), 403, 'FORBIDDEN');
    expectProblem(await submit(member.cookie, p.enrollmentId), 403, 'FORBIDDEN');
    expect(await counts()).toEqual(before);
    const verifier = await staffSession(s, 'vera@program.example', 'verifier');
    expectProblem(await s.app.inject({ method: 'GET', url: '/api/v1/enrollments', headers: { cookie: verifier.cookie } }), 403, 'FORBIDDEN');
    expectProblem(await get(verifier.cookie, p.enrollmentId), 403, 'FORBIDDEN');
    // An account admin may submit.
    expect((await submit(acct.cookie, p.enrollmentId)).statusCode).toBe(200);
  });

  it("answers 404 NOT_FOUND for another organization's enrollment and an unknown id", async () => {
    const a = await partnerWithEnrollment(s, 'iso-a.example');
    const b = await partnerWithEnrollment(s, 'iso-b.example');
    const before = await counts();
    expectProblem(await get(a.cookie, b.enrollmentId), 404, 'NOT_FOUND');
    expectProblem(await submit(a.cookie, b.enrollmentId), 404, 'NOT_FOUND');
    expectProblem(await get(a.cookie, '01890000-0000-7000-8000-000000000000'), 404, 'NOT_FOUND');
    expect(await counts()).toEqual(before);
    expect((await db().selectFrom('enrollment').select('state').where('id', '=', b.enrollmentId).executeTakeFirstOrThrow()).state).toBe('DRAFT');
    const list = (await s.app.inject({ method: 'GET', url: '/api/v1/enrollments', headers: { cookie: a.cookie } })).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([a.enrollmentId]);
  });

  it('refuses a forged page cursor with 400', async () => {
    const admin = await signIn(s, 'admin@cursor.example');
    const r = await s.app.inject({ method: 'GET', url: '/api/v1/enrollments?cursor=not-a-cursor', headers: { cookie: admin.cookie } });
    expect(expectProblem(r, 400, 'VALIDATION_FAILED').details).toMatchObject({ issues: [{ path: 'querystring.cursor' }] });
  });
});

describe('submitting', () => {
  it('refuses an incomplete profile with 422 PROFILE_INCOMPLETE and details.missing, changing nothing', async () => {
    const admin = await signIn(s, 'admin@incomplete.example');
    const org = admin.body.organization!.id;
    await seedProfile(db(), { id: org, domain: 'incomplete.example' }, admin.body.user.id);
    const e = (await create(admin.cookie)).json();
    // The profile loses parts between creation and submission.
    await db().deleteFrom('supportProfile').where('organizationId', '=', org).execute();
    await db().updateTable('partnerIdRegistry').set({ associatedOrganizationId: null, associatedAt: null }).where('associatedOrganizationId', '=', org).execute();
    const before = await counts();
    const p = expectProblem(await submit(admin.cookie, e.id), 422, 'PROFILE_INCOMPLETE');
    expect(p.details).toEqual({ missing: ['supportProfile', 'partnerId'] });
    expect(await counts()).toEqual(before);
    expect((await get(admin.cookie, e.id)).json()).toMatchObject({ state: 'DRAFT', submittedAt: null, verification: null });
    const legal = await db().selectFrom('legalBusinessProfile').select('countryLockedAt').where('organizationId', '=', org).executeTakeFirstOrThrow();
    expect(legal.countryLockedAt).toBeNull();
  });

  it('submits in one transaction: SUBMITTED, country locked, case opened with a business-day due date, every global admin emailed in their language', async () => {
    const p = await partnerWithEnrollment(s, 'northwind-tw.example', { companyName: 'Northwind Traders Taiwan' });
    const second = await signInInvited(s, p.cookie, 'chen@northwind-tw.example', 'global_admin');
    expect((await s.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: second.cookie }, payload: { locale: 'zh-TW' } })).statusCode).toBe(200);

    const r = await submit(p.cookie, p.enrollmentId);
    expect(r.statusCode, r.body).toBe(200);
    const now = clock.now();
    const due = addBusinessDays(now, DEFAULT_CALENDAR.targetBusinessDays, DEFAULT_CALENDAR);
    expect(due.toISOString()).toBe('2026-03-05T10:00:00.000Z');
    const e = r.json();
    expect(e).toMatchObject({
      state: 'SUBMITTED',
      submittedAt: now.toISOString(),
      market: { id: 'taiwan' },
      currency: 'TWD',
      availableActions: [],
      estimatedDecisionAt: due.toISOString(),
      verification: { state: 'OPEN', openRequest: null },
    });
    expect(e.timeline.map((t: { action: string; toState: string; by: string }) => [t.action, t.toState, t.by])).toEqual([
      ['CREATE', 'DRAFT', 'PARTNER'],
      ['SUBMIT', 'SUBMITTED', 'PARTNER'],
    ]);

    const c = await db().selectFrom('verificationCase').selectAll().where('enrollmentId', '=', p.enrollmentId).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ id: e.verification.caseId, state: 'OPEN', country: 'TW', assigneeId: null, organizationId: p.organizationId });
    expect(c.dueAt.toISOString()).toBe(due.toISOString());
    const legal = await db().selectFrom('legalBusinessProfile').select('countryLockedAt').where('organizationId', '=', p.organizationId).executeTakeFirstOrThrow();
    expect(legal.countryLockedAt?.toISOString()).toBe(now.toISOString());

    const mails = await db().selectFrom('notification').selectAll().where('template', '=', 'verificationSubmitted').where('organizationId', '=', p.organizationId).orderBy('toEmail').execute();
    expect(mails.map((m) => [m.toEmail, m.locale])).toEqual([['admin@northwind-tw.example', 'en-US'], ['chen@northwind-tw.example', 'zh-TW']]);
    expect(mails[0]!.text).toContain('Northwind Traders Taiwan');
    expect(mails[0]!.text).toContain('March 5, 2026');
    expect(mails[0]!.text).toContain('http://localhost:3000/enrollment');
    expect(mails[1]!.text).toContain('2026年3月5日');
    expect(mails[1]!.text).toContain('間接轉銷商');

    const actions = (await db().selectFrom('auditEvent').select('action').where('organizationId', '=', p.organizationId).orderBy('seq').execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['ENROLLMENT_SUBMITTED', 'VERIFICATION_CASE_OPENED']));

    // Once submitted, submitting again is a state conflict.
    const before = await counts();
    expectProblem(await submit(p.cookie, p.enrollmentId), 409, 'INVALID_TRANSITION');
    expect(await counts()).toEqual(before);
  });

  it("takes the due date from the program's calendar: target, weekend and holidays", async () => {
    const admin = await staffSession(s, 'boss@program.example', 'program_admin');
    const put = await s.app.inject({ method: 'PUT', url: '/api/v1/admin/program-settings/verification', headers: { cookie: admin.cookie }, payload: { targetBusinessDays: 5, weekend: [6, 7], holidays: ['2026-03-04'] } });
    expect(put.statusCode, put.body).toBe(200);
    const p = await partnerWithEnrollment(s, 'calendar-tw.example', { submit: true });
    const e = (await get(p.cookie, p.enrollmentId)).json();
    // Monday + 5 business days, skipping Wednesday the 4th and the weekend: Tuesday the 10th.
    expect(e.estimatedDecisionAt).toBe('2026-03-10T10:00:00.000Z');
    await s.app.inject({ method: 'PUT', url: '/api/v1/admin/program-settings/verification', headers: { cookie: admin.cookie }, payload: { targetBusinessDays: 3, weekend: [6, 7], holidays: [] } });
  });

  it('rolls everything back when a step fails: no case, no email, no lock, still DRAFT', async () => {
    const p = await partnerWithEnrollment(s, 'rollback-tw.example');
    // Make the case insert (a late step) fail for this organization only.
    await sql`alter table verification_case add constraint zz_reject_rollback check (organization_id <> ${sql.lit(p.organizationId)}::uuid)`.execute(db());
    try {
      const before = await counts();
      const r = await submit(p.cookie, p.enrollmentId);
      expectProblem(r, 500, 'INTERNAL');
      expect(await counts()).toEqual(before);
      expect((await db().selectFrom('enrollment').select('state').where('id', '=', p.enrollmentId).executeTakeFirstOrThrow()).state).toBe('DRAFT');
      expect((await db().selectFrom('legalBusinessProfile').select('countryLockedAt').where('organizationId', '=', p.organizationId).executeTakeFirstOrThrow()).countryLockedAt).toBeNull();
    } finally {
      await sql`alter table verification_case drop constraint if exists zz_reject_rollback`.execute(db());
    }
    expect((await submit(p.cookie, p.enrollmentId)).statusCode).toBe(200);
  });
});

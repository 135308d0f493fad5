import crypto from 'node:crypto';
import type { EnrollmentState } from '@csp-center/domain';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../lib/ids.ts';
import { createStaff, expectProblem, signIn, signInInvited, startTestServer, type TestServer } from '../../test/harness.ts';

let s: TestServer;
const db = () => s.runtime.deps.db;
const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

let publisher: string;
let verifier: string;

interface Partner {
  cookie: string;
  userId: string;
  organizationId: string;
  email: string;
}
async function partner(email: string): Promise<Partner> {
  const r = await signIn(s, email);
  return { cookie: r.cookie, userId: r.body.user.id, organizationId: r.body.organization!.id, email };
}

/** An enrollment row in a given state, as the enrollments module would have left it. */
async function enrollment(organizationId: string, state: EnrollmentState = 'QUALIFIED', marketId = 'taiwan'): Promise<string> {
  const id = uuidv7();
  const now = new Date();
  await db()
    .insertInto('enrollment')
    .values({ id, organizationId, program: 'INDIRECT_RESELLER', state, marketId, currency: 'TWD', submittedAt: now, qualifiedAt: state === 'QUALIFIED' ? now : null, activatedAt: null, rejectedAt: null, createdAt: now, updatedAt: now })
    .execute();
  return id;
}

const publishReq = (cookie: string, body: Record<string, unknown>) => s.app.inject({ method: 'POST', url: '/api/v1/admin/agreement-templates', headers: { cookie }, payload: body });
async function publish(body: Record<string, unknown>) {
  const r = await publishReq(publisher, { type: 'INDIRECT_RESELLER_TERMS', locale: 'en-US', title: 'Indirect Reseller Terms Agreement', requiresReacceptance: false, ...body });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; version: string; contentSha256: string; current: boolean; locale: string };
}

const acceptReq = (cookie: string, enrollmentId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  s.app.inject({ method: 'POST', url: `/api/v1/enrollments/${enrollmentId}/agreement-acceptances`, headers: { cookie, ...headers }, payload: body, remoteAddress: '203.0.113.7' });
const acceptance = (templateId: string, over: Record<string, unknown> = {}) => ({ templateId, signer: { name: 'Mei-Ling Chen', title: 'Chief Executive Officer' }, authorityConfirmed: true, ...over });
const listAcceptances = (cookie: string, enrollmentId: string) => s.app.inject({ method: 'GET', url: `/api/v1/enrollments/${enrollmentId}/agreement-acceptances`, headers: { cookie } });

/** Everything an acceptance writes; a refusal must leave all of it unchanged. */
async function footprint(enrollmentId: string) {
  const count = async (t: 'agreementAcceptance' | 'auditEvent' | 'notification' | 'enrollmentEvent') => Number((await db().selectFrom(t).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const e = await db().selectFrom('enrollment').select(['state', 'activatedAt', 'version']).where('id', '=', enrollmentId).executeTakeFirstOrThrow();
  return { acceptances: await count('agreementAcceptance'), audit: await count('auditEvent'), mail: await count('notification'), timeline: await count('enrollmentEvent'), enrollment: e };
}

async function expectRefused(r: Promise<LightMyRequestResponse>, enrollmentId: string, status: number, code: Parameters<typeof expectProblem>[2]) {
  const before = await footprint(enrollmentId);
  const p = expectProblem(await r, status, code);
  expect(await footprint(enrollmentId)).toEqual(before);
  return p;
}

// Versions of the indirect reseller terms used by the acceptance tests (publishing tests use other types).
let v2024: { id: string };
let v2025: { id: string; contentSha256: string };
let v2025zh: { id: string };
let future: { id: string };
let directBill: { id: string };
const BODY_2025 = '# Indirect Reseller Terms\n\nYou resell **only** through authorized providers.\n';

beforeAll(async () => {
  s = await startTestServer();
  await createStaff(s, 'publisher@program-staff.example', 'program_admin');
  await createStaff(s, 'checker@program-staff.example', 'verifier');
  publisher = (await signIn(s, 'publisher@program-staff.example')).cookie;
  verifier = (await signIn(s, 'checker@program-staff.example')).cookie;
  v2024 = await publish({ version: '2024-01', body: '# Old terms', effectiveAt: '2024-01-01T00:00:00Z' });
  v2025 = await publish({ version: '2025-01', body: BODY_2025, effectiveAt: '2025-01-01T00:00:00Z' });
  v2025zh = await publish({ version: '2025-01', locale: 'zh-TW', title: '間接轉銷商條款協議', body: '# 間接轉銷商條款協議\n\n您僅透過授權的間接提供者轉售。\n', effectiveAt: '2025-01-01T00:00:00Z' });
  future = await publish({ version: '2099-01', body: '# Future terms', effectiveAt: '2099-01-01T00:00:00Z' });
  directBill = await publish({ type: 'DIRECT_BILL_TERMS', version: '2025-01', title: 'Direct Bill Partner Agreement', body: '# Direct bill', effectiveAt: '2025-01-01T00:00:00Z' });
});
afterAll(async () => {
  await s?.close();
});

describe('agreement templates', () => {
  it('publishes a version with the SHA-256 of the exact body text, audited', async () => {
    const body = '# Direct Bill Terms\r\n\r\nLine with trailing spaces   \n\n- 價格以新台幣計\n';
    const r = await publishReq(publisher, { type: 'DIRECT_BILL_TERMS', version: '2026-03', locale: 'zh-TW', title: '直接帳單合作夥伴協議', body, effectiveAt: '2026-03-01T08:00:00+08:00', requiresReacceptance: true });
    expect(r.statusCode, r.body).toBe(201);
    const t = r.json();
    expect(t).toMatchObject({ type: 'DIRECT_BILL_TERMS', version: '2026-03', locale: 'zh-TW', title: '直接帳單合作夥伴協議', body, contentSha256: sha256(body), effectiveAt: '2026-03-01T00:00:00.000Z', requiresReacceptance: true, current: true, publishedBy: expect.any(String) });
    expect(t.bodyHtml).toContain('<h1>Direct Bill Terms</h1>');
    const row = await db().selectFrom('agreementTemplate').selectAll().where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row.body).toBe(body);
    expect(row.contentSha256).toBe(sha256(body));
    const audit = await db().selectFrom('auditEvent').selectAll().where('action', '=', 'AGREEMENT_TEMPLATE_PUBLISHED').where('subjectId', '=', t.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ organizationId: null, data: { type: 'DIRECT_BILL_TERMS', version: '2026-03', locale: 'zh-TW', contentSha256: sha256(body) } });
  });

  it('refuses to publish a type, version and language twice with 409 AGREEMENT_TEMPLATE_EXISTS, keeping the first text', async () => {
    const first = await publish({ type: 'DIRECT_BILL_TERMS', version: '2026-04', body: 'First text', effectiveAt: '2026-04-01T00:00:00Z' });
    const p = expectProblem(await publishReq(publisher, { type: 'DIRECT_BILL_TERMS', version: '2026-04', locale: 'en-US', title: 'Other', body: 'Second text', effectiveAt: '2026-04-01T00:00:00Z' }), 409, 'AGREEMENT_TEMPLATE_EXISTS');
    expect(p.details).toMatchObject({ type: 'DIRECT_BILL_TERMS', version: '2026-04', locale: 'en-US' });
    const rows = await db().selectFrom('agreementTemplate').select(['id', 'body']).where('type', '=', 'DIRECT_BILL_TERMS').where('version', '=', '2026-04').execute();
    expect(rows).toEqual([{ id: first.id, body: 'First text' }]);
    // The same version in the other language is a different template.
    expect((await publishReq(publisher, { type: 'DIRECT_BILL_TERMS', version: '2026-04', locale: 'zh-TW', title: '其他', body: '第二', effectiveAt: '2026-04-01T00:00:00Z' })).statusCode).toBe(201);
  });

  it('lets only program admins publish and list every version: 403 FORBIDDEN for partners and verifiers', async () => {
    const p = await partner('boss@publish-forbidden.example');
    const body = { type: 'DIRECT_BILL_TERMS', version: 'x-1', locale: 'en-US', title: 'X', body: 'X', effectiveAt: '2026-01-01T00:00:00Z' };
    expectProblem(await publishReq(p.cookie, body), 403, 'FORBIDDEN');
    expectProblem(await publishReq(verifier, body), 403, 'FORBIDDEN');
    expectProblem(await s.app.inject({ method: 'GET', url: '/api/v1/admin/agreement-templates', headers: { cookie: p.cookie } }), 403, 'FORBIDDEN');
    expect(await db().selectFrom('agreementTemplate').select('id').where('version', '=', 'x-1').execute()).toHaveLength(0);
  });

  it('refuses a malformed template with 400 VALIDATION_FAILED naming the field', async () => {
    const good = { type: 'DIRECT_BILL_TERMS', version: 'bad-1', locale: 'en-US', title: 'T', body: 'B', effectiveAt: '2026-01-01T00:00:00Z' };
    for (const [field, value] of [['version', 'has space'], ['version', ''], ['locale', 'fr-FR'], ['type', 'NDA'], ['body', '   \n'], ['title', ''], ['effectiveAt', 'yesterday']] as const) {
      const p = expectProblem(await publishReq(publisher, { ...good, [field]: value }), 400, 'VALIDATION_FAILED');
      expect((p.details as { issues: Array<{ path: string }> }).issues.map((i) => i.path), `${field}=${value}`).toContain(`body.${field}`);
    }
  });

  it('serves each type and language in its current version: the latest already in effect', async () => {
    const p = await partner('reader@current.example');
    const r = await s.app.inject({ method: 'GET', url: '/api/v1/agreement-templates?type=INDIRECT_RESELLER_TERMS', headers: { cookie: p.cookie } });
    expect(r.statusCode).toBe(200);
    const items = r.json().items as Array<{ id: string; locale: string; version: string; body: string; contentSha256: string; bodyHtml: string }>;
    expect(items.map((i) => [i.locale, i.version]).sort()).toEqual([['en-US', '2025-01'], ['zh-TW', '2025-01']]);
    const en = items.find((i) => i.locale === 'en-US')!;
    expect(en).toMatchObject({ id: v2025.id, body: BODY_2025, contentSha256: sha256(BODY_2025) });
    expect(en.bodyHtml).toContain('<strong>only</strong>');

    const one = await s.app.inject({ method: 'GET', url: '/api/v1/agreement-templates?type=INDIRECT_RESELLER_TERMS&locale=zh-TW', headers: { cookie: p.cookie } });
    expect(one.json().items.map((i: { id: string }) => i.id)).toEqual([v2025zh.id]);
    // Staff read them too; without a filter every type is listed.
    const all = await s.app.inject({ method: 'GET', url: '/api/v1/agreement-templates', headers: { cookie: verifier } });
    expect(all.json().items.map((i: { type: string }) => i.type)).toEqual(expect.arrayContaining(['INDIRECT_RESELLER_TERMS', 'DIRECT_BILL_TERMS']));
    expectProblem(await s.app.inject({ method: 'GET', url: '/api/v1/agreement-templates?type=NDA', headers: { cookie: p.cookie } }), 400, 'VALIDATION_FAILED');
    expectProblem(await s.app.inject({ method: 'GET', url: '/api/v1/agreement-templates' }), 401, 'UNAUTHENTICATED');
  });

  it('lists every version for program admins, newest first, marking the current one, in pages', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/api/v1/admin/agreement-templates?type=INDIRECT_RESELLER_TERMS&locale=en-US', headers: { cookie: publisher } });
    expect(r.statusCode).toBe(200);
    const items = r.json().items as Array<{ id: string; current: boolean }>;
    expect(items.map((i) => [i.id, i.current])).toEqual([[future.id, false], [v2025.id, true], [v2024.id, false]]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: LightMyRequestResponse = await s.app.inject({ method: 'GET', url: `/api/v1/admin/agreement-templates?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: { cookie: publisher } });
      const body = page.json() as { items: Array<{ id: string }>; nextCursor: string | null };
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
    } while (cursor && seen.length < 100);
    const total = await db().selectFrom('agreementTemplate').select('id').execute();
    expect(new Set(seen).size).toBe(total.length);
    expectProblem(await s.app.inject({ method: 'GET', url: '/api/v1/admin/agreement-templates?cursor=not-a-cursor', headers: { cookie: publisher } }), 400, 'VALIDATION_FAILED');
  });

  it('renders Markdown safely: raw HTML shows as text, javascript: and other unsafe links do not survive', async () => {
    const body = [
      '# Terms',
      '',
      '<script>alert(1)</script>',
      '',
      'Click [x](javascript:alert(1)) or [y](JAVASCRIPT:alert(2)) or [z](&#106;avascript:alert(3)) or <img src=x onerror=alert(4)>.',
      '',
      '[ref link][r] and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==) and ![pixel](https://tracker.example/p.png)',
      '',
      '[r]: javascript:alert(6)',
      '',
      'Write to [legal](mailto:legal@program.example) or read [the policy](https://program.example/policy "Policy").',
    ].join('\n');
    await publish({ type: 'DIRECT_BILL_TERMS', version: 'xss-1', locale: 'en-US', body, effectiveAt: '2026-06-01T00:00:00Z' });
    const p = await partner('reader@xss.example');
    const r = await s.app.inject({ method: 'GET', url: '/api/v1/agreement-templates?type=DIRECT_BILL_TERMS&locale=en-US', headers: { cookie: p.cookie } });
    const t = r.json().items[0] as { version: string; body: string; bodyHtml: string };
    expect(t.version).toBe('xss-1');
    expect(t.body).toBe(body);
    const html = t.bodyHtml;
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<[^>]*onerror/i);
    expect(html).not.toContain('data:text/html');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<a href="mailto:legal@program.example"');
    expect(html).toContain('<a href="https://program.example/policy" title="Policy"');
    // Every href left is http(s) or mailto.
    for (const m of html.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^(https?:|mailto:)/);
  });
});

describe('accepting the indirect reseller terms', () => {
  it('records the acceptance, activates the enrollment, audits it and emails the receipt, in one go', async () => {
    const p = await partner('boss@alpha-cloud.example');
    const enrollmentId = await enrollment(p.organizationId);
    const r = await acceptReq(p.cookie, enrollmentId, acceptance(v2025.id), { 'user-agent': 'Mozilla/5.0 (CSP Center test)' });
    expect(r.statusCode, r.body).toBe(201);
    const { acceptance: a, enrollment: e } = r.json();
    expect(a).toEqual({
      id: expect.any(String),
      enrollmentId,
      templateId: v2025.id,
      type: 'INDIRECT_RESELLER_TERMS',
      version: '2025-01',
      locale: 'en-US',
      contentSha256: sha256(BODY_2025),
      marketId: 'taiwan',
      signerUserId: p.userId,
      signerName: 'Mei-Ling Chen',
      signerTitle: 'Chief Executive Officer',
      signerEmail: p.email,
      acceptedAt: expect.any(String),
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0 (CSP Center test)',
    });
    expect(Date.now() - new Date(a.acceptedAt).getTime()).toBeLessThan(60_000);
    expect(e).toMatchObject({ id: enrollmentId, state: 'ACTIVE', activatedAt: expect.any(String), availableActions: [] });
    expect(e.timeline.at(-1)).toMatchObject({ action: 'ACCEPT_AGREEMENT', fromState: 'QUALIFIED', toState: 'ACTIVE', by: 'PARTNER' });
    // The enrollment view shows the acceptance (findAcceptanceForEnrollment).
    expect(e.agreement).toMatchObject({ id: a.id, contentSha256: a.contentSha256, signerEmail: p.email });

    const row = await db().selectFrom('agreementAcceptance').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ organizationId: p.organizationId, enrollmentId, templateId: v2025.id, type: 'INDIRECT_RESELLER_TERMS', version: '2025-01', locale: 'en-US', contentSha256: sha256(BODY_2025), marketId: 'taiwan', signerUserId: p.userId, signerName: 'Mei-Ling Chen', signerTitle: 'Chief Executive Officer', signerEmail: p.email, ip: '203.0.113.7' });
    expect(await db().selectFrom('enrollment').select(['state']).where('id', '=', enrollmentId).executeTakeFirstOrThrow()).toEqual({ state: 'ACTIVE' });

    const audit = await db().selectFrom('auditEvent').selectAll().where('organizationId', '=', p.organizationId).where('action', 'in', ['AGREEMENT_ACCEPTED', 'ENROLLMENT_ACTIVATED']).execute();
    expect(audit.map((x) => x.action).sort()).toEqual(['AGREEMENT_ACCEPTED', 'ENROLLMENT_ACTIVATED']);
    expect(audit.find((x) => x.action === 'AGREEMENT_ACCEPTED')).toMatchObject({ actorUserId: p.userId, subjectType: 'agreement_acceptance', subjectId: a.id, data: { enrollmentId, contentSha256: sha256(BODY_2025), version: '2025-01' } });

    const mails = await db().selectFrom('notification').selectAll().where('template', '=', 'agreementAccepted').where('toEmail', '=', p.email).execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ locale: 'en-US', organizationId: p.organizationId });
    expect(mails[0]!.subject).toBe('Receipt: alpha-cloud.example accepted the Indirect Reseller Terms Agreement');
    for (const part of ['Version: 2025-01', `Content SHA-256: ${sha256(BODY_2025)}`, `Signed by: Mei-Ling Chen, Chief Executive Officer <${p.email}>`, 'Accepted at: ', 'http://localhost:3000/enrollment']) expect(mails[0]!.text).toContain(part);
    // The delivery job was enqueued in the same transaction.
    const jobs = await sql<{ data: { notificationId: string } }>`select data from pgboss.job where name = 'notifications.deliver-email'`.execute(db());
    expect(jobs.rows.map((j) => j.data.notificationId)).toContain(mails[0]!.id);

    // The organization's users and the program's verifiers can read it back.
    const own = await listAcceptances(p.cookie, enrollmentId);
    expect(own.statusCode).toBe(200);
    expect(own.json().items).toEqual([a]);
    expect((await listAcceptances(verifier, enrollmentId)).json().items).toEqual([a]);
  });

  it('sends the receipt in the signer’s language, naming the company by its legal name and the agreement by its zh-TW title', async () => {
    const p = await partner('boss@beta-cloud.example');
    expect((await s.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: p.cookie }, payload: { locale: 'zh-TW' } })).statusCode).toBe(200);
    await db()
      .insertInto('legalBusinessProfile')
      .values({ organizationId: p.organizationId, companyName: '貝塔雲端股份有限公司', address: JSON.stringify({ line1: '信義路五段7號', city: '臺北市', postalCode: '110', country: 'TW' }), country: 'TW', primaryContact: JSON.stringify({ firstName: '美玲', lastName: '陳', email: p.email }), registrationId: '12345675', marketId: 'taiwan', currency: 'TWD', marketPolicyVersion: '2023-08-17', countryLockedAt: new Date(), updatedAt: new Date(), updatedBy: p.userId })
      .execute();
    const enrollmentId = await enrollment(p.organizationId);
    // Accepting the en-US text is fine: any language of the current version.
    expect((await acceptReq(p.cookie, enrollmentId, acceptance(v2025.id))).statusCode).toBe(201);
    const mail = await db().selectFrom('notification').selectAll().where('template', '=', 'agreementAccepted').where('toEmail', '=', p.email).executeTakeFirstOrThrow();
    expect(mail.locale).toBe('zh-TW');
    expect(mail.subject).toBe('收據：貝塔雲端股份有限公司 已接受間接轉銷商條款協議');
    expect(mail.text).toContain('協議：間接轉銷商條款協議');
    expect(mail.text).toContain('簽署人：Mei-Ling Chen');
    expect(mail.text).toContain(`內容 SHA-256：${sha256(BODY_2025)}`);
    expect(mail.html).toContain('lang="zh-TW"');
  });

  it('accepts the zh-TW text of the current version, recording its own hash', async () => {
    const p = await partner('boss@gamma-cloud.example');
    const enrollmentId = await enrollment(p.organizationId, 'QUALIFIED', 'taiwan');
    const r = await acceptReq(p.cookie, enrollmentId, acceptance(v2025zh.id));
    expect(r.statusCode, r.body).toBe(201);
    const zh = await db().selectFrom('agreementTemplate').select('contentSha256').where('id', '=', v2025zh.id).executeTakeFirstOrThrow();
    expect(r.json().acceptance).toMatchObject({ templateId: v2025zh.id, locale: 'zh-TW', contentSha256: zh.contentSha256 });
  });

  it('lets only the global admin sign: 403 AGREEMENT_SIGNER_NOT_AUTHORIZED for every other partner role', async () => {
    const admin = await partner('boss@delta-cloud.example');
    const enrollmentId = await enrollment(admin.organizationId);
    for (const [i, role] of (['account_admin', 'billing_admin', 'member'] as const).entries()) {
      const u = await signInInvited(s, admin.cookie, `user${i}@delta-cloud.example`, role);
      await expectRefused(acceptReq(u.cookie, enrollmentId, acceptance(v2025.id)), enrollmentId, 403, 'AGREEMENT_SIGNER_NOT_AUTHORIZED');
    }
    // Program staff cannot sign for a partner either.
    await expectRefused(acceptReq(verifier, enrollmentId, acceptance(v2025.id)), enrollmentId, 403, 'FORBIDDEN');
    await expectRefused(acceptReq(publisher, enrollmentId, acceptance(v2025.id)), enrollmentId, 403, 'FORBIDDEN');
  });

  it('refuses without the confirmed authority to sign: 422 AUTHORITY_NOT_CONFIRMED', async () => {
    const p = await partner('boss@epsilon-cloud.example');
    const enrollmentId = await enrollment(p.organizationId);
    await expectRefused(acceptReq(p.cookie, enrollmentId, acceptance(v2025.id, { authorityConfirmed: false })), enrollmentId, 422, 'AUTHORITY_NOT_CONFIRMED');
    // Leaving it out is a malformed request.
    const { authorityConfirmed: _omit, ...without } = acceptance(v2025.id);
    await expectRefused(acceptReq(p.cookie, enrollmentId, without), enrollmentId, 400, 'VALIDATION_FAILED');
  });

  it('refuses before verification and after activation: 409 INVALID_TRANSITION', async () => {
    const p = await partner('boss@zeta-cloud.example');
    for (const state of ['DRAFT', 'SUBMITTED', 'INFORMATION_REQUESTED', 'REJECTED'] as const) {
      await db().deleteFrom('enrollment').where('organizationId', '=', p.organizationId).execute();
      const enrollmentId = await enrollment(p.organizationId, state);
      const problem = await expectRefused(acceptReq(p.cookie, enrollmentId, acceptance(v2025.id)), enrollmentId, 409, 'INVALID_TRANSITION');
      expect(problem.details, state).toMatchObject({ action: 'ACCEPT_AGREEMENT', state });
    }
    await db().deleteFrom('enrollment').where('organizationId', '=', p.organizationId).execute();
    const enrollmentId = await enrollment(p.organizationId);
    expect((await acceptReq(p.cookie, enrollmentId, acceptance(v2025.id))).statusCode).toBe(201);
    // A state refusal comes before any complaint about the template.
    await expectRefused(acceptReq(p.cookie, enrollmentId, acceptance(v2024.id)), enrollmentId, 409, 'INVALID_TRANSITION');
    await expectRefused(acceptReq(p.cookie, enrollmentId, acceptance(v2025.id)), enrollmentId, 409, 'INVALID_TRANSITION');
  });

  it('refuses an older version with 409 AGREEMENT_VERSION_SUPERSEDED naming the current one', async () => {
    const p = await partner('boss@eta-cloud.example');
    const enrollmentId = await enrollment(p.organizationId);
    const problem = await expectRefused(acceptReq(p.cookie, enrollmentId, acceptance(v2024.id)), enrollmentId, 409, 'AGREEMENT_VERSION_SUPERSEDED');
    expect(problem.details).toMatchObject({ currentTemplateId: v2025.id, currentVersion: '2025-01' });
  });

  it('refuses another agreement type, an unknown template and one not yet in effect with 400 VALIDATION_FAILED', async () => {
    const p = await partner('boss@theta-cloud.example');
    const enrollmentId = await enrollment(p.organizationId);
    const cases: Array<[string, string]> = [
      [directBill.id, 'agreement_type_mismatch'],
      [uuidv7(), 'unknown_template'],
      [future.id, 'agreement_not_yet_effective'],
    ];
    for (const [templateId, code] of cases) {
      const problem = await expectRefused(acceptReq(p.cookie, enrollmentId, acceptance(templateId)), enrollmentId, 400, 'VALIDATION_FAILED');
      expect(problem.details, code).toMatchObject({ issues: [{ path: 'body.templateId', code }] });
    }
  });

  it("keeps organizations apart: another organization's enrollment is 404 NOT_FOUND to read and to accept", async () => {
    const a = await partner('boss@org-a-agreements.example');
    const b = await partner('boss@org-b-agreements.example');
    const enrollmentB = await enrollment(b.organizationId);
    await expectRefused(acceptReq(a.cookie, enrollmentB, acceptance(v2025.id)), enrollmentB, 404, 'NOT_FOUND');
    expectProblem(await listAcceptances(a.cookie, enrollmentB), 404, 'NOT_FOUND');
    expectProblem(await listAcceptances(a.cookie, uuidv7()), 404, 'NOT_FOUND');

    expect((await acceptReq(b.cookie, enrollmentB, acceptance(v2025.id))).statusCode).toBe(201);
    const read = await listAcceptances(a.cookie, enrollmentB);
    expectProblem(read, 404, 'NOT_FOUND');
    expect(read.body).not.toContain(b.email);
    expect((await listAcceptances(b.cookie, enrollmentB)).json().items).toHaveLength(1);
  });

  it('lets exactly one of two simultaneous acceptances through', async () => {
    const p = await partner('boss@iota-cloud.example');
    const enrollmentId = await enrollment(p.organizationId);
    const results = await Promise.all([acceptReq(p.cookie, enrollmentId, acceptance(v2025.id)), acceptReq(p.cookie, enrollmentId, acceptance(v2025zh.id))]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expectProblem(results.find((r) => r.statusCode === 409)!, 409);
    expect(await db().selectFrom('agreementAcceptance').select('id').where('enrollmentId', '=', enrollmentId).execute()).toHaveLength(1);
    expect(await db().selectFrom('notification').select('id').where('template', '=', 'agreementAccepted').where('toEmail', '=', p.email).execute()).toHaveLength(1);
  });

  it('keeps the acceptance immutable: the database refuses UPDATE and DELETE', async () => {
    const p = await partner('boss@kappa-cloud.example');
    const enrollmentId = await enrollment(p.organizationId);
    const { acceptance: a } = (await acceptReq(p.cookie, enrollmentId, acceptance(v2025.id))).json();
    await expect(db().updateTable('agreementAcceptance').set({ signerName: 'Someone Else' }).where('id', '=', a.id).execute()).rejects.toThrow(/append-only/);
    await expect(db().updateTable('agreementAcceptance').set({ contentSha256: '0'.repeat(64) }).execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('agreementAcceptance').where('id', '=', a.id).execute()).rejects.toThrow(/append-only/);
    expect(await db().selectFrom('agreementAcceptance').select(['signerName', 'contentSha256']).where('id', '=', a.id).executeTakeFirstOrThrow()).toEqual({ signerName: 'Mei-Ling Chen', contentSha256: sha256(BODY_2025) });
  });
});

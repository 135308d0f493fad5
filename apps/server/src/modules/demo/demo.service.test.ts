import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestServer, type TestServer } from '../../test/harness.ts';
import { findCurrentTemplate } from '../agreements/index.ts';
import { DEMO_ADMIN_EMAIL, DEMO_REGISTRY, DEMO_VERIFIER_EMAIL, demoWalkthrough, seedDemo } from './index.ts';

let s: TestServer;
const db = () => s.runtime.deps.db;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

/** Everything the demo touches, to compare two runs. */
async function snapshot() {
  return {
    staff: await db().selectFrom('appUser').select(['id', 'email', 'staffRole']).where('staffRole', 'is not', null).orderBy('email').execute(),
    templates: await db().selectFrom('agreementTemplate').select(['id', 'type', 'version', 'locale', 'title', 'contentSha256', 'effectiveAt']).orderBy('locale').execute(),
    registry: await db().selectFrom('partnerIdRegistry').select(['partnerId', 'legalName', 'country', 'kind', 'active', 'associatedOrganizationId']).orderBy('partnerId').execute(),
    audit: Number((await db().selectFrom('auditEvent').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
  };
}

describe('csp-center demo', () => {
  it('seeds staff, the indirect reseller terms in both languages and the registry', async () => {
    const summary = await seedDemo(s.runtime.deps);
    expect(summary.staff).toEqual([
      { email: DEMO_ADMIN_EMAIL, role: 'program_admin', created: true },
      { email: DEMO_VERIFIER_EMAIL, role: 'verifier', created: true },
    ]);
    expect(summary.templates.map((t) => [t.locale, t.version, t.created])).toEqual([['en-US', '2026-01', true], ['zh-TW', '2026-01', true]]);
    expect(summary.registry).toEqual({ created: DEMO_REGISTRY.length, total: DEMO_REGISTRY.length });

    const now = s.runtime.deps.clock.now();
    const en = await findCurrentTemplate(db(), 'INDIRECT_RESELLER_TERMS', 'en-US', now);
    const zh = await findCurrentTemplate(db(), 'INDIRECT_RESELLER_TERMS', 'zh-TW', now);
    expect(en).toMatchObject({ version: '2026-01', title: 'Indirect Reseller Terms Agreement' });
    expect(zh).toMatchObject({ version: '2026-01', title: '間接轉銷商條款協議' });
    const file = fs.readFileSync(new URL('./indirect-reseller-terms.2026-01.en-US.md', import.meta.url), 'utf8');
    expect(en!.body).toBe(file);
    expect(en!.contentSha256).toBe(crypto.createHash('sha256').update(file).digest('hex'));
    for (const t of [en!, zh!]) {
      expect(t.bodyHtml).toMatch(/^<h1>/);
      expect(t.bodyHtml).toContain('<a href="mailto:legal@program.csp-center.example"');
    }
    // The terms say what the seed requires of an indirect reseller.
    for (const phrase of ['Indirect Provider', 'will not purchase Online Services directly from the Program', 'another partner in the Cloud Solution Provider program', 'Term and termination', 'Governing terms']) expect(en!.body).toContain(phrase);
    for (const phrase of ['間接轉銷商', '間接提供者', '經銷商', '簽署', '接受', '合作夥伴識別碼', '全域管理員', '雲端解決方案提供者 (CSP) 計畫']) expect(zh!.body).toContain(phrase);
    // Same structure in both languages: a faithful translation.
    const headings = (md: string) => md.split('\n').filter((l) => l.startsWith('#')).length;
    expect(headings(zh!.body)).toBe(headings(en!.body));

    const registry = await db().selectFrom('partnerIdRegistry').selectAll().execute();
    expect(registry).toHaveLength(DEMO_REGISTRY.length);
    expect(registry.length).toBeGreaterThanOrEqual(18);
    expect(new Set(registry.map((r) => r.country)).size).toBeGreaterThanOrEqual(8);
    expect(registry.some((r) => r.kind === 'GLOBAL')).toBe(true);
    expect(registry.some((r) => !r.active)).toBe(true);
    for (const r of registry) expect(r.partnerId).toMatch(/^\d{1,10}$/);
    // Every country of the demo has an active location ID to enroll with.
    for (const c of new Set(registry.map((r) => r.country))) expect(registry.some((r) => r.country === c && r.kind === 'LOCATION' && r.active), c).toBe(true);

    // The demo staff can sign in.
    expect((await signIn(s, DEMO_VERIFIER_EMAIL)).body.organization).toBeNull();
  });

  it('changes nothing when run again, and keeps an association made in between', async () => {
    const partner = await signIn(s, 'alice@contoso-demo.example');
    await db().updateTable('partnerIdRegistry').set({ associatedOrganizationId: partner.body.organization!.id, associatedAt: new Date() }).where('partnerId', '=', '4100001').execute();
    const before = await snapshot();
    const again = await seedDemo(s.runtime.deps);
    expect(again.staff.map((x) => x.created)).toEqual([false, false]);
    expect(again.templates.map((t) => t.created)).toEqual([false, false]);
    expect(again.registry).toEqual({ created: 0, total: DEMO_REGISTRY.length });
    expect(await snapshot()).toEqual(before);
    expect(before.registry.find((r) => r.partnerId === '4100001')?.associatedOrganizationId).toBe(partner.body.organization!.id);
  });

  it('prints the walkthrough: partner IDs per country, the verifier, the mailbox', async () => {
    const text = demoWalkthrough(await seedDemo(s.runtime.deps), { publicUrl: 'http://localhost:3000', devMailbox: true });
    for (const part of ['http://localhost:3000/dev/mailbox', DEMO_VERIFIER_EMAIL, DEMO_ADMIN_EMAIL, '4100001', 'TW', 'PARTNER_ID_NOT_LOCATION', 'PARTNER_ID_INACTIVE', 'PARTNER_ID_COUNTRY_MISMATCH', '2026-01']) expect(text).toContain(part);
    for (const c of ['US', 'DE', 'GB', 'JP', 'AU', 'BR', 'IN', 'FR', 'CA']) expect(text).toMatch(new RegExp(`\\b${c}\\b`));
  });

  it('supports the journey it prints, through the API: profile, partner ID, verification, terms, active', async () => {
    await seedDemo(s.runtime.deps);
    const email = 'alice@contoso-journey.example';
    const alice = (await signIn(s, email)).cookie;
    const call = async (cookie: string, method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) => {
      const r = await s.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload: payload as object } : {}) });
      expect(r.statusCode, `${method} ${url}: ${r.body}`).toBeLessThan(300);
      return r.json();
    };
    await call(alice, 'PUT', '/profile/legal-business', { companyName: 'Northwind Traders Taiwan Ltd.', address: { line1: 'No. 7, Sec. 5, Xinyi Rd.', city: 'Taipei City', postalCode: '110', country: 'TW' }, primaryContact: { firstName: 'Alice', lastName: 'Lin', email }, registrationId: '04595257' });
    await call(alice, 'PUT', '/profile/support', { email: 'support@contoso-journey.example', phone: '+886 2 2345 6789', website: 'https://contoso-journey.example' });
    await call(alice, 'PUT', '/profile/billing', { bankAccount: { holderName: 'Northwind Traders Taiwan Ltd.', accountNumber: '012345678901', routingNumber: '0040037', bankCountry: 'TW' } });
    await call(alice, 'PUT', '/profile/partner-id', { partnerId: '4100002' });
    const enrollment = await call(alice, 'POST', '/enrollments', { program: 'INDIRECT_RESELLER' });
    await call(alice, 'POST', `/enrollments/${enrollment.id}/submit`);

    const verifier = (await signIn(s, DEMO_VERIFIER_EMAIL)).cookie;
    const queue = await call(verifier, 'GET', '/admin/verification-cases');
    const kase = (queue.items as Array<{ id: string; enrollmentId: string }>).find((c) => c.enrollmentId === enrollment.id)!;
    await call(verifier, 'POST', `/admin/verification-cases/${kase.id}/claim`);
    await call(verifier, 'POST', `/admin/verification-cases/${kase.id}/approve`, { note: 'Matches partner ID 4100002.' });
    expect((await call(alice, 'GET', `/enrollments/${enrollment.id}`)).state).toBe('QUALIFIED');

    const [terms] = (await call(alice, 'GET', '/agreement-templates?type=INDIRECT_RESELLER_TERMS&locale=zh-TW')).items;
    expect(terms).toMatchObject({ version: '2026-01', title: '間接轉銷商條款協議' });
    const accepted = await call(alice, 'POST', `/enrollments/${enrollment.id}/agreement-acceptances`, { templateId: terms.id, signer: { name: 'Alice Lin', title: 'Managing Director' }, authorityConfirmed: true });
    expect(accepted.enrollment.state).toBe('ACTIVE');
    expect(accepted.acceptance).toMatchObject({ version: '2026-01', locale: 'zh-TW', contentSha256: terms.contentSha256, marketId: 'taiwan', signerEmail: email });
    const receipt = await db().selectFrom('notification').select(['subject']).where('toEmail', '=', email).where('template', '=', 'agreementAccepted').executeTakeFirstOrThrow();
    expect(receipt.subject).toContain('Northwind Traders Taiwan Ltd.');
  });
});

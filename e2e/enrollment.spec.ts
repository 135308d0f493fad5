/**
 * Journey: a new partner enrolls as an indirect reseller. It signs in, completes the legal,
 * support and billing profiles, associates a partner ID from the demo registry (after a refusal
 * explained in plain words) and submits; a verifier (own browser) claims the case and requests
 * information; the partner answers with a PDF and gets a receipt; the verifier approves; the
 * approval email arrives in the partner's language; the partner's global admin accepts the
 * indirect reseller terms and the enrollment is ACTIVE with its acceptance record.
 * Run in en-US (a German company, IBAN) and zh-TW (a Taiwanese company, 統一編號, local account),
 * with a full-page screenshot of every step in e2e/screenshots/enroll-<locale>-<nn>-<step>.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources } from '@csp-center/i18n';
import type { Locale } from '@csp-center/i18n';
import { request } from 'playwright-core';
import type { APIRequestContext, APIResponse, Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, mailbox, mailboxIds, randomTag, screenshot, signInCode, startServer } from './harness.ts';
import type { RunningServer } from './harness.ts';

const VIEWPORT = { width: 1280, height: 800 };
const LOCALES: readonly Locale[] = ['en-US', 'zh-TW'];

/** The API paths this journey needs; a server without one of them skips the steps that need it. */
const REQUIRED_PATHS = [
  '/api/v1/profile',
  '/api/v1/profile/legal-business',
  '/api/v1/profile/support',
  '/api/v1/profile/billing',
  '/api/v1/profile/partner-id',
  '/api/v1/enrollments',
  '/api/v1/enrollments/{id}/submit',
  '/api/v1/verification',
  '/api/v1/verification/responses',
  '/api/v1/admin/verification-cases',
  '/api/v1/admin/verification-cases/{id}/claim',
  '/api/v1/admin/verification-cases/{id}/request-information',
  '/api/v1/admin/verification-cases/{id}/approve',
  '/api/v1/agreement-templates',
  '/api/v1/enrollments/{id}/agreement-acceptances',
];

let server: RunningServer;
let browser: Browser;
let missingPaths: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const spec = (await (await fetch(`${server.baseUrl}/openapi.json`)).json()) as { paths: Record<string, unknown> };
  // Fastify writes path parameters as {id} in the OpenAPI document.
  const paths = new Set(Object.keys(spec.paths).map((p) => p.replace(/\{[^}]+\}/g, '{id}')));
  missingPaths = REQUIRED_PATHS.filter((p) => !paths.has(p));
  if (missingPaths.length === 0) await server.cli(['demo']);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function visible(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The input labelled exactly `label` (a required field's label ends with an asterisk). */
function field(scope: Page | Locator, label: string): Locator {
  return scope.getByLabel(new RegExp(`^${escapeRegExp(label)}\\s*\\*?$`));
}

function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(vars[k] ?? ''));
}

/** The smallest well-formed PDF (one empty page), with a correct cross-reference table. */
function tinyPdf(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

interface Journey {
  page: Page;
  shot(step: string): Promise<void>;
}

/** Screenshots numbered across the whole journey (partner and verifier share the counter). */
function journeyShots(locale: Locale) {
  let n = 0;
  return (page: Page, errors: string[]) =>
    async (step: string) => {
      n += 1;
      expect(errors, `uncaught errors in the page before ${step}`).toEqual([]);
      // A full-page capture keeps the sticky header where the window is scrolled: start at the top.
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `enroll-${locale}-${String(n).padStart(2, '0')}-${step}`);
    };
}

async function newPage(context: BrowserContext, shots: ReturnType<typeof journeyShots>): Promise<Journey> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, shot: shots(page, errors) };
}

async function chooseLanguage(page: Page, locale: Locale): Promise<void> {
  const name = resources[locale].common.language.names[locale];
  await page.getByRole('button', { name: /^(Language|語言)/ }).click();
  await page.getByRole('menuitemradio', { name }).click();
  await page.waitForFunction((lng) => document.documentElement.lang === lng, locale);
}

async function signIn(page: Page, locale: Locale, email: string): Promise<void> {
  const T = resources[locale];
  await page.goto('/sign-in');
  await chooseLanguage(page, locale);
  const seen = await mailboxIds(server.baseUrl);
  await page.getByLabel(T.auth.signIn.emailLabel).fill(email);
  await page.getByRole('button', { name: T.auth.signIn.sendCode }).click();
  await visible(page.getByLabel(T.auth.signIn.codeLabel));
  const { code } = await signInCode(server.baseUrl, email, seen);
  await page.getByLabel(T.auth.signIn.codeLabel).fill(code);
  await page.getByRole('button', { name: T.auth.signIn.verify, exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/');
}

/** Picks a country in a CountryPicker combobox by its name in the UI language. */
async function pickCountry(page: Page, label: string, locale: Locale, iso2: string, scope: Page | Locator = page): Promise<void> {
  const name = new Intl.DisplayNames([locale], { type: 'region' }).of(iso2) ?? iso2;
  const box = scope.getByRole('combobox', { name: label });
  await box.click();
  await box.fill(name);
  await page.getByRole('option', { name, exact: true }).click();
}

async function apiJson<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(`${server.baseUrl}/api/v1${path}`);
  expect(res.status(), `GET ${path}`).toBe(200);
  return (await res.json()) as T;
}

/** A signed-in API session (cookie), for the other actors of a scene; writes carry the same-origin header. */
async function apiSession(email: string, locale: Locale): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL: server.baseUrl, extraHTTPHeaders: { Origin: server.baseUrl } });
  const seen = await mailboxIds(server.baseUrl);
  expect((await ctx.post('/api/v1/auth/sign-in', { data: { email, locale } })).status()).toBe(202);
  const { code } = await signInCode(server.baseUrl, email, seen);
  expect((await ctx.post('/api/v1/auth/verify', { data: { email, code } })).status()).toBe(200);
  return ctx;
}

async function ok<T>(res: Promise<APIResponse>, what: string): Promise<T> {
  const r = await res;
  expect(r.ok(), `${what}: ${r.status()} ${await r.text()}`).toBe(true);
  return (await r.json()) as T;
}

/** A US partner enrolled and submitted through the API (the scene is about the verifiers). */
async function submittedUsPartner(locale: Locale, companyName: string, partnerId: string): Promise<void> {
  const domain = `${randomTag()}-us-${locale.toLowerCase()}.example`;
  const email = `admin@${domain}`;
  const api = await apiSession(email, locale);
  try {
    await ok(api.put('/api/v1/profile/legal-business', { data: { companyName, address: { line1: '1 Microsoft Way', city: 'Redmond', state: 'WA', postalCode: '98052', country: 'US' }, primaryContact: { firstName: 'Avery', lastName: 'Howard', email } } }), 'legal');
    await ok(api.put('/api/v1/profile/support', { data: { email: `support@${domain}` } }), 'support');
    await ok(api.put('/api/v1/profile/billing', { data: { bankAccount: { holderName: companyName, accountNumber: '123456789', routingNumber: '021000021', bankCountry: 'US' } } }), 'billing');
    await ok(api.put('/api/v1/profile/partner-id', { data: { partnerId } }), 'partner ID');
    const e = await ok<{ id: string }>(api.post('/api/v1/enrollments', { data: { program: 'INDIRECT_RESELLER' } }), 'enrollment');
    await ok(api.post(`/api/v1/enrollments/${e.id}/submit`), 'submit');
  } finally {
    await api.dispose();
  }
}

/** What each locale's company enters: a German company with an IBAN, a Taiwanese one with a 統一編號. */
const COMPANIES = {
  'en-US': {
    companyName: 'Litware GmbH',
    country: 'DE',
    line1: 'Friedrichstraße 123',
    city: 'Berlin',
    postalCode: '10117',
    badPostalCode: '1011',
    registrationId: null,
    firstName: 'Lena',
    lastName: 'Fischer',
    bank: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX' },
    refusedPartnerId: '5300002',
    refusal: 'PARTNER_ID_INACTIVE',
    partnerId: '5300001',
    market: 'europe',
    currency: 'EUR',
  },
  'zh-TW': {
    companyName: '康拓索雲端服務股份有限公司',
    country: 'TW',
    line1: '信義路五段7號',
    city: '台北市',
    postalCode: '110',
    badPostalCode: '1A0',
    registrationId: '04595257',
    firstName: '怡君',
    lastName: '林',
    bank: { accountNumber: '012345678901', routingNumber: '0040037' },
    refusedPartnerId: '4100003',
    refusal: 'PARTNER_ID_NOT_LOCATION',
    partnerId: '4100001',
    market: 'taiwan',
    currency: 'TWD',
  },
} as const;

describe.each(LOCALES)('indirect reseller enrollment in %s', (locale) => {
  const T = resources[locale];
  const C = COMPANIES[locale];
  const domain = `${randomTag()}-enroll-${locale.toLowerCase()}.example`;
  const admin = `admin@${domain}`;
  const verifier = `verifier-${locale.toLowerCase()}-${randomTag()}@program.example`;
  const shots = journeyShots(locale);

  it('enrolls, is verified after an information request, accepts the terms and becomes active', async (ctx) => {
    if (missingPaths.length > 0) {
      console.warn(`enrollment journey skipped: the server has no route for ${missingPaths.join(', ')}`);
      ctx.skip();
      return;
    }
    await server.cli(['staff', 'add', verifier, '--role', 'verifier']);
    const partnerContext = await browser.newContext({ viewport: VIEWPORT, locale, baseURL: server.baseUrl });
    const verifierContext = await browser.newContext({ viewport: VIEWPORT, locale, baseURL: server.baseUrl });
    try {
      const p = await newPage(partnerContext, shots);
      const v = await newPage(verifierContext, shots);
      const P = p.page;
      const V = v.page;

      // 1. A new partner signs in; home shows the live path through the program.
      await signIn(P, locale, admin);
      await visible(P.getByRole('heading', { name: T.home.journeyTitle }));
      await visible(P.getByTestId('journey-profile').getByText(T.home.status.todo));
      await p.shot('home');

      // 2. Legal business profile: inline validation in the UI language before anything is sent.
      await P.getByRole('navigation', { name: T.common.nav.label }).getByRole('link', { name: T.common.nav.enrollment }).click();
      await visible(P.getByRole('heading', { name: T.enrollment.status.notStartedTitle }));
      await P.getByRole('button', { name: T.enrollment.status.start }).click();
      await P.waitForURL(/\/enroll\/legal$/);
      await visible(P.getByRole('heading', { name: T.profile.wizard.steps.legal, level: 2 }));
      await P.getByRole('button', { name: T.profile.wizard.saveAndContinue }).click();
      await visible(P.getByText(T.profile.issues.REQUIRED));
      await visible(P.getByText(T.profile.wizard.fixErrors));
      await p.shot('legal-required');

      await field(P, T.profile.legal.companyName).fill(C.companyName);
      await pickCountry(P, T.profile.legal.country, locale, C.country);
      // The market and billing currency follow from the country, with the lock note.
      const marketName = T.common.markets[C.market];
      await visible(P.getByTestId('market-panel').getByText(marketName, { exact: true }));
      await visible(P.getByTestId('market-panel').getByText(new RegExp(`\\(${C.currency}\\)`)));
      await visible(P.getByText(T.profile.legal.marketNote));
      await field(P, T.profile.legal.line1).fill(C.line1);
      await field(P, T.profile.legal.city).fill(C.city);
      const postal = field(P, T.profile.legal.postalCode);
      await postal.fill(C.badPostalCode);
      await postal.blur();
      await visible(P.getByText(T.profile.issues.POSTAL_CODE_FORMAT));
      await postal.fill(C.postalCode);
      if (C.registrationId) {
        const regName = T.profile.legal.registrationIdNames.TW;
        await visible(P.getByText(fill(T.profile.legal.registrationIdHint, { country: new Intl.DisplayNames([locale], { type: 'region' }).of('TW') ?? 'TW', example: '12345678' })));
        await field(P, regName).fill(C.registrationId);
      }
      await field(P, T.profile.legal.firstName).fill(C.firstName);
      await field(P, T.profile.legal.lastName).fill(C.lastName);
      await visible(field(P, T.profile.legal.email));
      expect(await field(P, T.profile.legal.email).inputValue()).toBe(admin);
      await expect.poll(() => P.getByText(T.profile.issues.POSTAL_CODE_FORMAT).count()).toBe(0);
      await p.shot('legal-filled');
      await P.getByRole('button', { name: T.profile.wizard.saveAndContinue }).click();
      await P.waitForURL(/\/enroll\/support$/);

      // 2b. A colleague saves the legal profile while the partner edits it: 412, explained, reload.
      // The form refetches the legal profile when it opens; the colleague saves after that.
      const opened = P.waitForResponse((r) => r.url().endsWith('/api/v1/profile/legal-business') && r.request().method() === 'GET');
      await P.getByRole('navigation', { name: T.profile.wizard.stepsLabel }).getByRole('link', { name: new RegExp(escapeRegExp(T.profile.wizard.steps.legal)) }).click();
      await P.waitForURL(/\/enroll\/legal$/);
      await opened;
      await visible(field(P, T.profile.legal.companyName));
      const phone = locale === 'zh-TW' ? '+886 2 2765 4321' : '+49 30 7654321';
      const saved = await P.request.get(`${server.baseUrl}/api/v1/profile/legal-business`);
      const colleague = await P.request.put(`${server.baseUrl}/api/v1/profile/legal-business`, {
        headers: { 'If-Match': saved.headers()['etag'] ?? '', Origin: server.baseUrl },
        data: {
          companyName: C.companyName,
          address: { line1: C.line1, city: C.city, postalCode: C.postalCode, country: C.country },
          primaryContact: { firstName: C.firstName, lastName: C.lastName, email: admin, phone },
          ...(C.registrationId ? { registrationId: C.registrationId } : {}),
        },
      });
      expect(colleague.status(), await colleague.text()).toBe(200);
      await field(P, fill(T.profile.legal.optional, { label: T.profile.legal.phone })).fill('+1 425 555 0100');
      await P.getByRole('button', { name: T.profile.wizard.saveAndContinue }).click();
      await visible(P.getByText(T.profile.wizard.stale.title));
      await p.shot('legal-stale');
      await P.getByRole('button', { name: T.profile.wizard.stale.reload }).click();
      await expect.poll(() => field(P, fill(T.profile.legal.optional, { label: T.profile.legal.phone })).inputValue()).toBe(phone);
      expect(await P.getByText(T.profile.wizard.stale.title).count()).toBe(0);
      await P.getByRole('button', { name: T.profile.wizard.saveAndContinue }).click();

      // 3. Support profile.
      await P.waitForURL(/\/enroll\/support$/);
      await field(P, T.profile.support.email).fill(`support@${domain}`);
      await field(P, fill(T.profile.legal.optional, { label: T.profile.support.phone })).fill(locale === 'zh-TW' ? '+886 2 2345 6789' : '+49 30 1234567');
      await field(P, fill(T.profile.legal.optional, { label: T.profile.support.website })).fill(`https://${domain}/support`);
      await p.shot('support');
      await P.getByRole('button', { name: T.profile.wizard.saveAndContinue }).click();

      // 4. Billing profile: the bank's country decides IBAN/BIC or account/bank code.
      await P.waitForURL(/\/enroll\/billing$/);
      await visible(field(P, T.profile.billing.holderName));
      expect(await field(P, T.profile.billing.holderName).inputValue()).toBe(C.companyName);
      if ('iban' in C.bank) {
        await field(P, T.profile.billing.iban).fill('DE89 3704 0044 0532 0130 01');
        await field(P, T.profile.billing.iban).blur();
        await visible(P.getByText(T.profile.issues.IBAN_INVALID));
        await field(P, T.profile.billing.iban).fill(C.bank.iban);
        await field(P, T.profile.billing.bic).fill(C.bank.bic);
      } else {
        await field(P, T.profile.billing.accountNumber).fill(C.bank.accountNumber);
        await field(P, T.profile.billing.bankCode).fill(C.bank.routingNumber);
      }
      await p.shot('billing');
      await P.getByRole('button', { name: T.profile.wizard.saveAndContinue }).click();

      // 5. Partner ID: a refused ID is explained in plain words; then the location ID of the country.
      await P.waitForURL(/\/enroll\/partner-id$/);
      await field(P, T.profile.partnerId.label).fill(C.refusedPartnerId);
      await P.getByRole('button', { name: T.profile.partnerId.associate }).click();
      const refusal = P.getByTestId('partner-id-refusal');
      await visible(refusal);
      expect(await refusal.getAttribute('data-code')).toBe(C.refusal);
      await visible(refusal.getByText(fill(T.profile.partnerId.refusals[C.refusal], { partnerId: C.refusedPartnerId })));
      await p.shot('partner-id-refused');
      await field(P, T.profile.partnerId.label).fill(C.partnerId);
      await P.getByRole('button', { name: T.profile.partnerId.associate }).click();

      // 6. Review: everything complete; submit.
      await P.waitForURL(/\/enroll\/review$/);
      await visible(P.getByText(T.profile.review.ready));
      await visible(P.getByText(C.partnerId, { exact: true }));
      await visible(P.getByText(T.profile.review.lockNote));
      await p.shot('review');
      await P.getByRole('button', { name: T.profile.review.submit }).click();

      // 7. Status: in review, with the estimated decision date and the timeline.
      await P.waitForURL(/\/enrollment$/);
      await visible(P.getByTestId('enrollment-state').getByText(T.enrollment.states.SUBMITTED));
      await visible(P.getByTestId('estimate'));
      await visible(P.getByText(T.enrollment.timelineActions.SUBMIT));
      await p.shot('submitted');

      // 8. The verifier signs in, finds the case in the queue (due date shown) and claims it.
      await signIn(V, locale, verifier);
      await V.getByRole('navigation', { name: T.common.nav.label }).getByRole('link', { name: T.common.nav.verificationQueue }).click();
      await V.waitForURL(/\/admin\/verification$/);
      const row = V.getByRole('table', { name: T.verification.queue.tableLabel }).getByRole('row').filter({ hasText: C.companyName });
      await visible(row);
      await v.shot('queue');
      await row.getByRole('link', { name: fill(T.verification.queue.open, { company: C.companyName }) }).click();
      await V.waitForURL(/\/admin\/verification\/[^/]+$/);
      await visible(V.getByRole('heading', { name: C.companyName, level: 1 }));
      await visible(V.getByTestId('check-PARTNER_ID'));
      await visible(V.getByText(T.verification.case.claimFirst));
      await v.shot('case');
      await V.getByRole('button', { name: T.verification.actions.CLAIM, exact: true }).click();
      await visible(V.getByTestId('case-state').getByText(T.verification.states.IN_REVIEW));

      // 9. …and requests information (two items; one removed again).
      await V.getByRole('button', { name: T.verification.actions.REQUEST_INFORMATION, exact: true }).click();
      const dialog = V.getByRole('dialog', { name: T.verification.requestDialog.title });
      await visible(dialog);
      await dialog.getByRole('button', { name: T.verification.requestDialog.addItem }).click();
      await expect.poll(() => dialog.getByTestId('request-item').count()).toBe(2);
      await dialog.getByRole('button', { name: fill(T.verification.requestDialog.removeItem, { n: 2 }) }).click();
      await expect.poll(() => dialog.getByTestId('request-item').count()).toBe(1);
      const ask = locale === 'zh-TW' ? '請上傳三個月內的公司登記證明文件。' : 'Please upload a business registration extract not older than 3 months.';
      await field(dialog, T.verification.requestDialog.message).fill(ask);
      await v.shot('request-information');
      await dialog.getByRole('button', { name: T.verification.requestDialog.submit }).click();
      await dialog.waitFor({ state: 'hidden' });
      await visible(V.getByTestId('case-state').getByText(T.verification.states.INFORMATION_REQUESTED));
      await visible(V.getByText(ask));

      // 10. The partner sees the request and answers with a PDF; the receipt id is shown.
      await P.reload();
      await visible(P.getByTestId('enrollment-state').getByText(T.enrollment.states.INFORMATION_REQUESTED));
      await visible(P.getByText(ask));
      await p.shot('information-requested');
      await P.getByRole('button', { name: T.enrollment.actions.RESPOND }).click();
      await P.waitForURL(/\/enrollment\/respond$/);
      await visible(P.getByText(T.verification.kinds.BUSINESS_REGISTRATION).first());
      await field(P, T.verification.respond.message).fill(locale === 'zh-TW' ? '附上經濟部商工登記公示資料。' : 'Attached is our current commercial register extract.');
      await P.getByTestId('documents-input').setInputFiles({ name: 'registration.pdf', mimeType: 'application/pdf', buffer: tinyPdf() });
      await visible(P.getByText('registration.pdf'));
      await p.shot('respond');
      await P.getByRole('button', { name: T.verification.respond.submit }).click();
      await visible(P.getByTestId('receipt'));
      const receiptId = (await P.getByTestId('receipt-id').textContent())?.trim() ?? '';
      expect(receiptId.length).toBeGreaterThan(3);
      await p.shot('receipt');

      // 11. The verifier sees the response and its document, and approves.
      await V.reload();
      await visible(V.getByTestId('case-state').getByText(T.verification.states.IN_REVIEW));
      await visible(V.getByText(fill(T.verification.case.receipt, { id: receiptId })).first());
      await visible(V.getByRole('link', { name: fill(T.verification.case.download, { name: 'registration.pdf' }) }));
      const seen = await mailboxIds(server.baseUrl);
      await V.getByRole('button', { name: T.verification.actions.APPROVE, exact: true }).click();
      const approve = V.getByRole('dialog', { name: T.verification.approveDialog.title });
      await visible(approve);
      await field(approve, T.verification.approveDialog.note).fill(`Partner ID ${C.partnerId} and register extract match.`);
      await v.shot('approve');
      await approve.getByRole('button', { name: T.verification.approveDialog.submit }).click();
      await approve.waitFor({ state: 'hidden' });
      await visible(V.getByTestId('case-state').getByText(T.verification.states.APPROVED));
      await v.shot('approved');

      // 12. The approval email reaches the partner's admin, in the partner's language.
      const subject = fill(T.email.verificationApproved.subject, { company: C.companyName });
      const deadline = Date.now() + 30_000;
      let approvalMail = null as Awaited<ReturnType<typeof mailbox>>[number] | null;
      while (!approvalMail && Date.now() < deadline) {
        approvalMail = (await mailbox(server.baseUrl)).find((m) => !seen.has(m.id) && [m.to].flat().some((to) => to.includes(admin)) && m.subject === subject) ?? null;
        if (!approvalMail) await P.waitForTimeout(250);
      }
      expect(approvalMail, `an email "${subject}" to ${admin}`).not.toBeNull();

      // 13. The global admin accepts the indirect reseller terms, confirming the authority to sign.
      await P.goto('/enrollment');
      await visible(P.getByTestId('enrollment-state').getByText(T.enrollment.states.QUALIFIED));
      await P.getByRole('button', { name: T.enrollment.actions.ACCEPT_AGREEMENT }).click();
      await P.waitForURL(/\/enrollment\/agreement$/);
      await visible(P.getByRole('document', { name: T.agreements.accept.documentLabel }));
      await field(P, T.agreements.accept.signerName).fill(locale === 'zh-TW' ? `${C.lastName}${C.firstName}` : `${C.firstName} ${C.lastName}`);
      await field(P, T.agreements.accept.signerTitle).fill(locale === 'zh-TW' ? '總經理' : 'Managing Director');
      await P.getByRole('button', { name: T.agreements.accept.submit }).click();
      await visible(P.getByText(T.errors.AUTHORITY_NOT_CONFIRMED));
      await P.getByRole('checkbox', { name: fill(T.agreements.accept.authority, { organization: C.companyName }) }).check();
      await p.shot('agreement');
      await P.getByRole('button', { name: T.agreements.accept.submit }).click();

      // 14. ACTIVE, with the immutable acceptance record.
      const record = P.getByTestId('acceptance-record');
      await visible(record);
      await visible(P.getByTestId('enrollment-state').getByText(T.enrollment.states.ACTIVE));
      await visible(record.getByText(admin));
      const enrollments = await apiJson<{ items: { state: string; agreement: { contentSha256: string; version: string } | null }[] }>(P, '/enrollments');
      expect(enrollments.items[0]?.state).toBe('ACTIVE');
      const sha = enrollments.items[0]?.agreement?.contentSha256 ?? '';
      expect(sha).toMatch(/^[0-9a-f]{64}$/);
      await visible(record.getByText(sha));
      await p.shot('active');

      // 15. The partner profile page shows every part, bank details masked, no missing parts.
      await P.getByRole('navigation', { name: T.common.nav.label }).getByRole('link', { name: T.common.nav.profile }).click();
      await visible(P.getByRole('heading', { name: T.profile.page.title, level: 1 }));
      await visible(P.getByText(C.companyName).first());
      expect(await P.getByTestId('missing-parts').count()).toBe(0);
      await p.shot('profile');

      // 16. Home shows every step done.
      await P.getByRole('navigation', { name: T.common.nav.label }).getByRole('link', { name: T.common.nav.home }).click();
      for (const step of ['profile', 'partnerId', 'verification', 'agreement']) {
        await expect.poll(() => P.getByTestId(`journey-${step}`).getAttribute('data-status')).toBe('done');
      }
      await p.shot('home-active');
    } catch (error) {
      console.error(`server output:\n${server.logs()}`);
      throw error;
    } finally {
      await partnerContext.close();
      await verifierContext.close();
    }
  });
  it('tells a verifier who acts second that another verifier acted first, and shows the case as it is', async (ctx) => {
    if (missingPaths.length > 0) {
      ctx.skip();
      return;
    }
    const company = locale === 'zh-TW' ? 'Adventure Works Cycles LLC' : 'Fabrikam, Inc.';
    await submittedUsPartner(locale, company, locale === 'zh-TW' ? '5200002' : '5200001');
    const me = `verifier2-${locale.toLowerCase()}-${randomTag()}@program.example`;
    await server.cli(['staff', 'add', me, '--role', 'verifier']);
    const context = await browser.newContext({ viewport: VIEWPORT, locale, baseURL: server.baseUrl });
    const other = await apiSession('verifier@program.csp-center.example', locale);
    try {
      const v = await newPage(context, shots);
      await signIn(v.page, locale, me);
      await v.page.goto('/admin/verification?assignee=unassigned');
      const row = v.page.getByRole('table', { name: T.verification.queue.tableLabel }).getByRole('row').filter({ hasText: company });
      await row.getByRole('link', { name: fill(T.verification.queue.open, { company }) }).click();
      await visible(v.page.getByRole('button', { name: T.verification.actions.CLAIM, exact: true }));
      // Meanwhile another verifier claims the same case.
      const caseId = v.page.url().split('/').pop() ?? '';
      await ok(other.post(`/api/v1/admin/verification-cases/${caseId}/claim`), 'claim by the other verifier');
      await v.page.getByRole('button', { name: T.verification.actions.CLAIM, exact: true }).click();
      const conflict = v.page.getByTestId('case-conflict');
      await visible(conflict);
      await visible(conflict.getByText(T.errors.CASE_ALREADY_CLAIMED));
      await visible(conflict.getByText(T.verification.case.conflict));
      await visible(v.page.getByTestId('case-state').getByText(T.verification.states.IN_REVIEW));
      await visible(v.page.getByText(fill(T.verification.case.assignedToOther, { email: 'verifier@program.csp-center.example' })));
      expect(await v.page.getByRole('button', { name: T.verification.actions.CLAIM, exact: true }).count()).toBe(0);
      await v.shot('conflict');
    } catch (error) {
      console.error(`server output:\n${server.logs()}`);
      throw error;
    } finally {
      await other.dispose();
      await context.close();
    }
  });

  it('lets a program admin maintain the partner-ID registry, publish an agreement version and set the review calendar', async (ctx) => {
    if (missingPaths.length > 0) {
      ctx.skip();
      return;
    }
    const programAdmin = `admin-${locale.toLowerCase()}-${randomTag()}@program.example`;
    await server.cli(['staff', 'add', programAdmin, '--role', 'program_admin']);
    const context = await browser.newContext({ viewport: VIEWPORT, locale, baseURL: server.baseUrl });
    try {
      const a = await newPage(context, shots);
      const A = a.page;
      await signIn(A, locale, programAdmin);
      const nav = A.getByRole('navigation', { name: T.common.nav.label });
      await visible(A.getByRole('heading', { name: T.home.staff.title, level: 1 }));
      await visible(A.getByText(T.home.staff.links.queue));

      // Registry: search, add, deactivate, CSV import (refused by line, then accepted).
      await nav.getByRole('link', { name: T.common.nav.partnerIds }).click();
      await A.waitForURL(/\/admin\/partner-ids$/);
      const table = A.getByRole('table', { name: T.registry.tableLabel });
      await visible(table.getByRole('row').filter({ hasText: '4100001' }));
      await A.getByRole('searchbox').fill('Litware');
      await visible(table.getByRole('row').filter({ hasText: 'Litware GmbH' }));
      await expect.poll(() => table.getByRole('row').filter({ hasText: '4100001' }).count()).toBe(0);
      await a.shot('registry');

      const newId = `8${String(Date.now()).slice(-8)}`;
      await A.getByRole('button', { name: T.registry.add.button }).click();
      const add = A.getByRole('dialog', { name: T.registry.add.title });
      await field(add, T.registry.add.partnerId).fill(newId);
      await field(add, T.registry.add.legalName).fill('Wingtip Toys Ltd');
      await pickCountry(A, T.registry.add.country, locale, 'GB', add);
      await a.shot('registry-add');
      await add.getByRole('button', { name: T.registry.add.submit }).click();
      await add.waitFor({ state: 'hidden' });
      await A.getByRole('searchbox').fill(newId);
      const added = table.getByRole('row').filter({ hasText: newId });
      await visible(added.getByText(T.registry.active, { exact: true }));
      await added.getByRole('button', { name: `${T.registry.deactivate} ${newId}` }).click();
      await visible(added.getByText(T.registry.inactive, { exact: true }));

      await A.getByRole('button', { name: T.registry.import.button }).click();
      const imp = A.getByRole('dialog', { name: T.registry.import.title });
      const header = 'partnerId,legalName,country,kind,active';
      const importId = `9${String(Date.now()).slice(-8)}`;
      await imp.getByTestId('csv-input').setInputFiles({ name: 'registry.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${importId},Northwind Traders Ltd,GB,LOCATION,true\n12ab,Bad Id Ltd,GB,REGIONAL,maybe\n`) });
      await visible(imp.getByText(fill(T.registry.import.chosen, { name: 'registry.csv', lines: 3 })));
      await imp.getByRole('button', { name: T.registry.import.submit, exact: true }).click();
      const errors = imp.getByTestId('import-errors');
      await visible(errors);
      await visible(errors.getByText(fill(T.registry.import.line, { line: 3 })).first());
      await a.shot('registry-import-errors');
      await imp.getByTestId('csv-input').setInputFiles({ name: 'registry.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${importId},Northwind Traders Ltd,GB,LOCATION,true\n`) });
      await imp.getByRole('button', { name: T.registry.import.submit, exact: true }).click();
      await visible(imp.getByTestId('import-result').getByText(fill(T.registry.import.created, { count: 1 })));
      await a.shot('registry-import-result');
      await imp.getByRole('button', { name: T.registry.import.done }).click();

      // Agreements: the demo's terms are listed; publish a new version.
      await nav.getByRole('link', { name: T.common.nav.agreements }).click();
      await A.waitForURL(/\/admin\/agreements$/);
      const templates = A.getByRole('table', { name: T.agreements.admin.tableLabel });
      await visible(templates.getByRole('row').filter({ hasText: '2026-01' }));
      const version = `e2e-${randomTag(3)}`;
      await A.getByRole('button', { name: T.agreements.admin.publish }).click();
      const publish = A.getByRole('dialog', { name: T.agreements.admin.dialog.title });
      await publish.getByRole('combobox', { name: T.agreements.admin.dialog.type }).click();
      await A.getByRole('option', { name: T.agreements.types.DIRECT_BILL_TERMS }).click();
      await field(publish, T.agreements.admin.dialog.version).fill(version);
      await field(publish, T.agreements.admin.dialog.titleField).fill(locale === 'zh-TW' ? '直接帳單合作夥伴協議' : 'Direct Bill Partner Agreement');
      await field(publish, T.agreements.admin.dialog.body).fill('# Direct Bill Partner Agreement\n\n1. **Scope**: the program invoices you directly.\n');
      await a.shot('agreement-publish');
      await publish.getByRole('button', { name: T.agreements.admin.dialog.submit }).click();
      await publish.waitFor({ state: 'hidden' });
      await visible(templates.getByRole('row').filter({ hasText: version }));
      await a.shot('agreements');

      // Settings: the review target and calendar.
      await nav.getByRole('link', { name: T.common.nav.settings }).click();
      await A.waitForURL(/\/admin\/settings$/);
      await visible(A.getByRole('heading', { name: T.settings.title, level: 1 }));
      const holiday = locale === 'zh-TW' ? '2030-10-10' : '2030-12-25';
      await A.getByLabel(T.settings.holidayDate).fill(holiday);
      await A.getByRole('button', { name: T.settings.addHoliday }).click();
      await visible(A.getByRole('button', { name: fill(T.settings.remove, { date: holiday }) }));
      await A.getByRole('button', { name: T.settings.save }).click();
      await visible(A.getByText(T.settings.saved));
      const saved = await apiJson<{ holidays: string[]; targetBusinessDays: number }>(A, '/admin/program-settings/verification');
      expect(saved.holidays).toContain(holiday);
      await a.shot('settings');
    } catch (error) {
      console.error(`server output:\n${server.logs()}`);
      throw error;
    } finally {
      await context.close();
    }
  });
});

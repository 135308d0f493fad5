/**
 * Journey: a company's first user signs in with a work email, lands in Partner Center as
 * global admin, invites a colleague, creates an API token and switches language; the colleague
 * then joins with the invited role. Run in en-US and zh-TW, with screenshots of every step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources } from '@csp-center/i18n';
import type { Locale } from '@csp-center/i18n';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, mailboxIds, randomTag, screenshot, signInCode, startServer, waitForMail } from './harness.ts';
import type { RunningServer } from './harness.ts';

const VIEWPORT = { width: 1280, height: 800 };
const LOCALES: readonly Locale[] = ['en-US', 'zh-TW'];

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Waits until the first element of `locator` is visible. */
async function visible(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

/** A catalog string with its {{placeholders}} filled, as the UI shows it. */
function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => vars[k] ?? '');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Journey {
  page: Page;
  shot(step: string): Promise<void>;
}

async function newJourneyPage(context: BrowserContext, locale: Locale, prefix: string): Promise<Journey> {
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  let n = 0;
  return {
    page,
    async shot(step) {
      n += 1;
      expect(pageErrors, `uncaught errors in the page before ${step}`).toEqual([]);
      await screenshot(page, `${locale}-${prefix}${String(n).padStart(2, '0')}-${step}`);
    },
  };
}

async function chooseLanguage(page: Page, locale: Locale): Promise<void> {
  const name = resources[locale].common.language.names[locale];
  await page.getByRole('button', { name: /^(Language|語言)/ }).click();
  await page.getByRole('menuitemradio', { name }).click();
  await page.waitForFunction((lng) => document.documentElement.lang === lng, locale);
}

/** Signs in through the UI with a code read from the dev mailbox; returns the code mail. */
async function signIn(page: Page, locale: Locale, email: string) {
  const T = resources[locale];
  const seen = await mailboxIds(server.baseUrl);
  await page.getByLabel(T.auth.signIn.emailLabel).fill(email);
  await page.getByRole('button', { name: T.auth.signIn.sendCode }).click();
  await visible(page.getByLabel(T.auth.signIn.codeLabel));
  const { code, mail } = await signInCode(server.baseUrl, email, seen);
  await page.getByLabel(T.auth.signIn.codeLabel).fill(code);
  return { code, mail };
}

async function getMe(page: Page): Promise<{ user: { email: string; locale: string }; organization: { name: string; domain: string } | null; roles: string[] }> {
  const res = await page.request.get(`${server.baseUrl}/api/v1/me`);
  expect(res.status()).toBe(200);
  return (await res.json()) as never;
}

describe.each(LOCALES)('sign-in journey in %s', (locale) => {
  const T = resources[locale];
  const other: Locale = locale === 'en-US' ? 'zh-TW' : 'en-US';
  const domain = `${randomTag()}-${locale.toLowerCase()}.example`;
  const admin = `admin@${domain}`;
  const colleague = `colleague@${domain}`;

  it('signs in with a work email, invites a colleague and switches language', async () => {
    // The browser itself prefers the other language: the visible choice on the page must win.
    const context = await browser.newContext({ viewport: VIEWPORT, locale: other, baseURL: server.baseUrl });
    try {
      const { page, shot } = await newJourneyPage(context, locale, '');

      // 1. The sign-in page, switched to the journey's language.
      await page.goto('/');
      await page.waitForURL(/\/sign-in/);
      await chooseLanguage(page, locale);
      await visible(page.getByRole('heading', { name: T.auth.signIn.title, exact: true }));
      await visible(page.getByText(T.common.appSubtitle).first());
      await visible(page.getByText(T.auth.signIn.emailHint));
      // A failed single sign-on comes back as /?signInError=CODE and is explained in the chosen language.
      await page.goto('/?signInError=SSO_FAILED');
      await page.waitForURL(/\/sign-in\?signInError=SSO_FAILED/);
      await visible(page.getByText(T.errors.SSO_FAILED));
      await page.goto('/sign-in');
      if (locale === 'zh-TW') {
        await visible(page.getByRole('heading', { name: '登入', exact: true }));
        await visible(page.getByText('工作電子郵件').first());
        await visible(page.getByText('雲端解決方案提供者 (CSP) 計畫 · 合作夥伴中心').first());
      }
      await shot('sign-in');

      // 2. A consumer address is refused, in the chosen language.
      await page.getByLabel(T.auth.signIn.emailLabel).fill('someone@gmail.com');
      await page.getByRole('button', { name: T.auth.signIn.sendCode }).click();
      await visible(page.getByText(T.errors.WORK_EMAIL_REQUIRED));
      await shot('consumer-email-refused');

      // 3. A work email gets a code by email (in the chosen language); the code signs in.
      const { mail } = await signIn(page, locale, admin);
      if (locale === 'zh-TW') expect(mail.text).toMatch(/[\u4e00-\u9fff]/);
      await visible(page.getByText(T.auth.signIn.codeSent.split('{{')[0]!.trim()));
      await shot('code-entered');
      await page.getByRole('button', { name: T.auth.signIn.verify, exact: true }).click();

      // 4. The shell: product, organization, user, and the home page's next steps.
      await page.waitForURL((url) => url.pathname === '/');
      const me = await getMe(page);
      expect(me.user.email).toBe(admin);
      expect(me.roles).toEqual(['global_admin']);
      expect(me.user.locale).toBe(locale);
      expect(me.organization?.domain).toBe(domain);
      const orgName = me.organization?.name ?? '';
      await visible(page.getByTestId('signed-in-email').getByText(admin));
      await visible(page.getByRole('banner').getByText(orgName, { exact: true }));
      await visible(page.getByRole('heading', { name: T.home.journeyTitle }));
      await visible(page.getByText(T.home.steps.agreement.title));
      await visible(page.getByText(T.common.roles.global_admin).first());
      if (locale === 'zh-TW') await visible(page.getByText('全域管理員').first());
      await shot('home');

      // 5. Users: the admin is listed; invite the colleague as account admin.
      const nav = page.getByRole('navigation', { name: T.common.nav.label });
      await nav.getByRole('link', { name: T.common.nav.users }).click();
      await page.waitForURL(/\/users$/);
      const users = page.getByRole('table', { name: T.organization.users.tableLabel });
      await visible(users.getByRole('row').filter({ hasText: admin }));
      await visible(page.getByText(T.organization.invitations.empty));
      await shot('users');

      await page.getByRole('button', { name: T.organization.invite.button }).click();
      const dialog = page.getByRole('dialog', { name: T.organization.invite.title });
      await visible(dialog);
      await dialog.getByLabel(T.organization.invite.emailLabel).fill(colleague);
      await dialog.getByRole('combobox', { name: T.organization.invite.roleLabel }).click();
      await page.getByRole('option', { name: T.common.roles.account_admin, exact: true }).click();
      await visible(dialog.getByRole('combobox', { name: T.organization.invite.roleLabel }).getByText(T.common.roles.account_admin));
      await shot('invite-dialog');
      const seen = await mailboxIds(server.baseUrl);
      await dialog.getByRole('button', { name: T.organization.invite.submit }).click();
      await dialog.waitFor({ state: 'hidden' });

      // 6. The invitation is listed with its role, and the colleague is emailed.
      const invitations = page.getByRole('table', { name: T.organization.invitations.tableLabel });
      const row = invitations.getByRole('row').filter({ hasText: colleague });
      await visible(row);
      await visible(row.getByText(T.common.roles.account_admin, { exact: true }));
      await visible(row.getByRole('button', { name: new RegExp(escapeRegExp(colleague)) }));
      const invitationMail = await waitForMail(server.baseUrl, colleague, { seen });
      expect(invitationMail.text).toContain(colleague);
      await shot('invitation-listed');

      // 7. API tokens: create one, see it once, find it listed.
      await nav.getByRole('link', { name: T.common.nav.apiTokens }).click();
      await page.waitForURL(/\/api-tokens$/);
      await visible(page.getByText(T.tokens.empty));
      await page.getByRole('button', { name: T.tokens.create.button }).click();
      const tokenDialog = page.getByRole('dialog', { name: T.tokens.create.title });
      await tokenDialog.getByLabel(T.tokens.create.nameLabel).fill('e2e');
      await tokenDialog.getByRole('button', { name: T.tokens.create.submit, exact: true }).click();
      const createdDialog = page.getByRole('alertdialog', { name: T.tokens.create.createdTitle });
      await visible(createdDialog.getByText(T.tokens.create.warning));
      const token = await createdDialog.getByLabel(T.tokens.create.tokenLabel).inputValue();
      expect(token.length).toBeGreaterThan(16);
      await shot('api-token-created');
      const bearer = await page.request.get(`${server.baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
      expect(bearer.status()).toBe(200);
      await createdDialog.getByRole('button', { name: T.tokens.create.done }).click();
      await visible(page.getByRole('table', { name: T.tokens.tableLabel }).getByRole('row').filter({ hasText: 'e2e' }));
      await shot('api-tokens');

      // 8. The colleague signs in (own browser) and joins as account admin, without admin controls.
      const colleagueContext = await browser.newContext({ viewport: VIEWPORT, locale, baseURL: server.baseUrl });
      try {
        const c = await newJourneyPage(colleagueContext, locale, 'colleague-');
        await c.page.goto('/sign-in');
        await chooseLanguage(c.page, locale);
        await signIn(c.page, locale, colleague);
        await c.page.getByRole('button', { name: T.auth.signIn.verify, exact: true }).click();
        await c.page.waitForURL((url) => url.pathname === '/');
        const colleagueMe = await getMe(c.page);
        expect(colleagueMe.roles).toEqual(['account_admin']);
        expect(colleagueMe.organization?.domain).toBe(domain);
        await c.page.getByRole('navigation').getByRole('link', { name: T.common.nav.users }).click();
        await visible(c.page.getByText(T.organization.users.onlyAdmins));
        expect(await c.page.getByRole('button', { name: T.organization.invite.button }).count()).toBe(0);
        await visible(c.page.getByRole('table', { name: T.organization.users.tableLabel }).getByRole('row').filter({ hasText: admin }));
        await c.shot('users');
      } finally {
        await colleagueContext.close();
      }

      // The admin now sees the colleague as a user and no open invitation.
      await nav.getByRole('link', { name: T.common.nav.users }).click();
      await page.reload();
      const colleagueRow = page.getByRole('table', { name: T.organization.users.tableLabel }).getByRole('row').filter({ hasText: colleague });
      await visible(colleagueRow);
      await visible(page.getByText(T.organization.invitations.empty));

      // The global admin changes the colleague's role.
      await page.getByRole('combobox', { name: fill(T.organization.users.changeRole, { email: colleague }) }).click();
      await page.getByRole('option', { name: T.common.roles.billing_admin, exact: true }).click();
      await visible(page.getByText(fill(T.organization.users.roleChanged, { email: colleague, role: T.common.roles.billing_admin })));
      const listed = await page.request.get(`${server.baseUrl}/api/v1/organization/users`);
      const roles = ((await listed.json()) as { items: { email: string; role: string }[] }).items.map((u) => [u.email, u.role]);
      expect(roles).toContainEqual([colleague, 'billing_admin']);
      await shot('role-changed');

      // An address on another domain is refused inline; a correct one is invited, then revoked.
      const contractor = `contractor@${domain}`;
      await page.getByRole('button', { name: T.organization.invite.button }).click();
      const again = page.getByRole('dialog', { name: T.organization.invite.title });
      await again.getByLabel(T.organization.invite.emailLabel).fill(`contractor@elsewhere-${domain}`);
      await again.getByRole('button', { name: T.organization.invite.submit }).click();
      await visible(again.getByText(T.errors.INVITATION_DOMAIN_MISMATCH));
      await shot('invite-domain-mismatch');
      await again.getByLabel(T.organization.invite.emailLabel).fill(contractor);
      await again.getByRole('button', { name: T.organization.invite.submit }).click();
      await again.waitFor({ state: 'hidden' });
      const contractorRow = invitations.getByRole('row').filter({ hasText: contractor });
      await visible(contractorRow);
      await contractorRow.getByRole('button', { name: fill(T.organization.invitations.revoke, { email: contractor }) }).click();
      await contractorRow.waitFor({ state: 'detached' });
      await visible(page.getByText(T.organization.invitations.empty));

      // 9. Switch language (en-US → zh-TW; zh-TW stays and is checked after a reload), remembered per user.
      const final: Locale = locale === 'en-US' ? 'zh-TW' : locale;
      const F = resources[final];
      if (final !== locale) {
        await chooseLanguage(page, final);
        await visible(page.getByRole('heading', { name: F.organization.users.title, level: 1 }));
        await expect.poll(async () => (await getMe(page)).user.locale).toBe(final);
      }
      await page.reload();
      await visible(page.getByRole('heading', { name: F.organization.users.title, level: 1 }));
      await visible(page.getByText(F.common.roles.global_admin).first());
      await visible(page.getByText(F.common.roles.billing_admin).first());
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(final);
      expect((await getMe(page)).user.locale).toBe(final);
      await shot(`language-${final}`);

      // 10. Sign out returns to the sign-in page, still in the user's language.
      await page.getByRole('button', { name: F.common.header.signOut }).click();
      await page.waitForURL(/\/sign-in/);
      await visible(page.getByText(F.auth.signIn.signedOut));
      const after = await page.request.get(`${server.baseUrl}/api/v1/me`);
      expect(after.status()).toBe(401);
      await shot('signed-out');
    } catch (error) {
      console.error(`server output:\n${server.logs()}`);
      throw error;
    } finally {
      await context.close();
    }
  });
});

describe.each(LOCALES)('program staff sign-in in %s', (locale) => {
  const T = resources[locale];
  const staff = `verifier@program-${randomTag()}.example`;

  it('shows staff, who belong to no organization, the program staff home with their role', async () => {
    await server.cli(['staff', 'add', staff, '--role', 'verifier']);
    const context = await browser.newContext({ viewport: VIEWPORT, locale, baseURL: server.baseUrl });
    try {
      const { page, shot } = await newJourneyPage(context, locale, 'staff-');
      await page.goto('/sign-in');
      await chooseLanguage(page, locale);
      await signIn(page, locale, staff);
      await page.getByRole('button', { name: T.auth.signIn.verify, exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/');
      const me = await getMe(page);
      expect(me.organization).toBeNull();
      expect(me.roles).toEqual(['verifier']);
      // The language picked before sign-in replaces the default the CLI gave the staff member.
      expect(me.user.locale).toBe(locale);
      await visible(page.getByRole('heading', { name: T.home.staff.title, level: 1 }));
      await visible(page.getByText(T.home.staff.body));
      await visible(page.getByText(T.common.roles.verifier).first());
      await visible(page.getByRole('banner').getByText(T.common.header.staffBadge));
      // Staff have no organization, so no Users page in the navigation.
      expect(await page.getByRole('navigation').getByRole('link', { name: T.common.nav.users }).count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
      await shot('home');
    } catch (error) {
      console.error(`server output:\n${server.logs()}`);
      throw error;
    } finally {
      await context.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/clock.ts';
import { bearerFor, expectProblem, invite, latestCode, signIn, signInInvited, startTestServer, type TestServer } from '../../test/harness.ts';

const MINUTE = 60_000;
const DAY = 24 * 3600_000;

// One server for the file, on a clock the tests move. Every test uses its own domain, so moving
// time forward (which also expires earlier sessions) never disturbs another test.
const clock = new FakeClock(new Date());
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ clock });
});
afterAll(async () => {
  await s?.close();
});

const db = () => s.runtime.deps.db;
const requestCode = (email: string, ip = '10.0.0.1', locale?: string) =>
  s.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: locale ? { email, locale } : { email }, remoteAddress: ip });
const verify = (email: string, code: string, ip = '10.0.0.1') => s.app.inject({ method: 'POST', url: '/api/v1/auth/verify', payload: { email, code }, remoteAddress: ip });
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
const me = (headers: Record<string, string>) => s.app.inject({ method: 'GET', url: '/api/v1/me', headers });

describe('work-email sign-in', () => {
  it('makes the first user of a new domain the global admin of a new organization', async () => {
    const { cookie } = await signIn(s, 'first@northwind.example');
    const r = await me({ cookie });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ user: { email: 'first@northwind.example' }, organization: { domain: 'northwind.example' }, roles: ['global_admin'] });
  });

  it('refuses a consumer address with 422 WORK_EMAIL_REQUIRED and sends nothing', async () => {
    const r = await requestCode('someone@gmail.com');
    expectProblem(r, 422, 'WORK_EMAIL_REQUIRED');
    const n = await db().selectFrom('notification').select('id').where('toEmail', '=', 'someone@gmail.com').execute();
    expect(n).toHaveLength(0);
  });

  it('answers 401 UNAUTHENTICATED on /me without a session', async () => {
    expectProblem(await me({}), 401, 'UNAUTHENTICATED');
  });

  it('answers a known, an unknown and an uninvited address with the same 202', async () => {
    await signIn(s, 'known@same-answer.example');
    const answers = await Promise.all(['known@same-answer.example', 'stranger@same-answer.example', 'nobody@never-seen.example'].map((e) => requestCode(e)));
    for (const r of answers) expect(r.statusCode).toBe(202);
    const [known, ...others] = answers.map((r) => ({ status: r.statusCode, type: r.headers['content-type'], body: r.body }));
    for (const o of others) expect(o).toEqual(known);
    expect(JSON.parse(known!.body)).toEqual({ status: 'CODE_SENT', expiresInSeconds: 600 });
  });

  it('stores sign-in codes only as hashes', async () => {
    const codes: string[] = [];
    for (const email of ['hash1@hashed.example', 'hash2@hashed.example']) {
      expect((await requestCode(email)).statusCode).toBe(202);
      codes.push(await latestCode(s, email));
    }
    const rows = await db().selectFrom('signInCode').selectAll().execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
      for (const code of codes) expect(JSON.stringify(row)).not.toContain(code);
    }
  });

  it('refuses a wrong code with 401 SIGN_IN_CODE_INVALID and sets no session', async () => {
    const email = 'typo@wrong-code.example';
    await requestCode(email);
    const r = await verify(email, wrong(await latestCode(s, email)));
    expectProblem(r, 401, 'SIGN_IN_CODE_INVALID');
    expect(r.cookies.find((c) => c.name === 'csp_session')).toBeUndefined();
    expect(await db().selectFrom('appUser').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
  });

  it('refuses a code older than ten minutes with 401 SIGN_IN_CODE_EXPIRED', async () => {
    const email = 'slow@expired-code.example';
    await requestCode(email);
    const code = await latestCode(s, email);
    clock.advance(10 * MINUTE + 1000);
    const r = await verify(email, code);
    expectProblem(r, 401, 'SIGN_IN_CODE_EXPIRED');
    expect(r.cookies.find((c) => c.name === 'csp_session')).toBeUndefined();
  });

  it('refuses a code after five wrong tries with 429 RATE_LIMITED, even the right one', async () => {
    const email = 'guesser@brute-force.example';
    await requestCode(email);
    const code = await latestCode(s, email);
    for (let i = 1; i <= 4; i++) expectProblem(await verify(email, wrong(code)), 401, 'SIGN_IN_CODE_INVALID');
    const fifth = await verify(email, wrong(code));
    expectProblem(fifth, 429, 'RATE_LIMITED');
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(0);

    const right = await verify(email, code);
    expectProblem(right, 429, 'RATE_LIMITED');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(right.cookies.find((c) => c.name === 'csp_session')).toBeUndefined();
    expect(await db().selectFrom('appUser').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
  });

  it('accepts a code once only', async () => {
    const email = 'once@single-use.example';
    await requestCode(email);
    const code = await latestCode(s, email);
    expect((await verify(email, code)).statusCode).toBe(200);
    expectProblem(await verify(email, code), 401, 'SIGN_IN_CODE_INVALID');
    const user = await db().selectFrom('appUser').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    expect(await db().selectFrom('session').select('id').where('userId', '=', user.id).execute()).toHaveLength(1);
  });

  it('refuses a sixth code for one address within 15 minutes with 429 RATE_LIMITED and Retry-After', async () => {
    const email = 'eager@code-limit.example';
    for (let i = 1; i <= 5; i++) {
      expect((await requestCode(email, `10.1.0.${i}`)).statusCode).toBe(202);
      clock.advance(MINUTE);
    }
    const sixth = await requestCode(email, '10.1.0.6');
    expectProblem(sixth, 429, 'RATE_LIMITED');
    const retryAfter = Number(sixth.headers['retry-after']);
    // The oldest of the five codes was issued five minutes ago: the window frees up in ten.
    expect(retryAfter).toBeGreaterThan(9 * 60);
    expect(retryAfter).toBeLessThanOrEqual(10 * 60);
    expect(await db().selectFrom('signInCode').select('id').where('email', '=', email).execute()).toHaveLength(5);
    expect(await db().selectFrom('notification').select('id').where('toEmail', '=', email).execute()).toHaveLength(5);

    clock.advance(retryAfter * 1000);
    expect((await requestCode(email, '10.1.0.7')).statusCode).toBe(202);
  });

  it('joins an invited address to the inviting organization with the invited role', async () => {
    const admin = await signIn(s, 'boss@invited-join.example');
    const inv = await invite(s, admin.cookie, 'ann@invited-join.example', 'billing_admin');
    const ann = await signIn(s, 'ann@invited-join.example');
    expect(ann.body.organization?.id).toBe(admin.body.organization?.id);
    expect((await me({ cookie: ann.cookie })).json()).toMatchObject({ organization: { id: admin.body.organization?.id }, roles: ['billing_admin'] });
    const row = await db().selectFrom('invitation').select(['acceptedAt']).where('id', '=', inv.id).executeTakeFirstOrThrow();
    expect(row.acceptedAt).not.toBeNull();
    expect(await db().selectFrom('organization').select('id').where('domain', '=', 'invited-join.example').execute()).toHaveLength(1);
  });

  it('refuses an uninvited address on an existing organization domain with 403 INVITATION_REQUIRED at verify', async () => {
    await signIn(s, 'owner@closed-door.example');
    const email = 'intruder@closed-door.example';
    expect((await requestCode(email)).statusCode).toBe(202);
    const code = await latestCode(s, email);
    const r = await verify(email, code);
    expectProblem(r, 403, 'INVITATION_REQUIRED');
    expect(r.cookies.find((c) => c.name === 'csp_session')).toBeUndefined();
    expect(await db().selectFrom('appUser').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
  });

  it('no longer admits an invited address once the invitation is 14 days old', async () => {
    const admin = await signIn(s, 'boss@late-invite.example');
    await invite(s, admin.cookie, 'late@late-invite.example', 'member');
    clock.advance(14 * DAY + 1000);
    const email = 'late@late-invite.example';
    await requestCode(email);
    expectProblem(await verify(email, await latestCode(s, email)), 403, 'INVITATION_REQUIRED');
    expect(await db().selectFrom('appUser').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, Path=/ and not Secure over http', async () => {
    const email = 'cookie@cookie-jar.example';
    await requestCode(email);
    const r = await verify(email, await latestCode(s, email));
    expect(r.statusCode).toBe(200);
    const header = [r.headers['set-cookie']].flat().find((h) => h?.startsWith('csp_session='));
    expect(header).toBeDefined();
    const attrs = header!.split(';').map((a) => a.trim().toLowerCase());
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=lax');
    expect(attrs).toContain('path=/');
    expect(attrs).not.toContain('secure');
    expect(attrs).toContain(`max-age=${12 * 3600}`);
  });

  it('revokes the session on sign-out so the old cookie gets 401', async () => {
    const { cookie, body } = await signIn(s, 'leaver@sign-out.example');
    expect((await me({ cookie })).statusCode).toBe(200);
    const out = await s.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'csp_session');
    expect(cleared?.value).toBe('');
    expectProblem(await me({ cookie }), 401, 'UNAUTHENTICATED');
    const sessions = await db().selectFrom('session').select('revokedAt').where('userId', '=', body.user.id).execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.revokedAt).not.toBeNull();
  });

  it('remembers the language chosen with PATCH /me and mails the next code in it', async () => {
    const email = 'lin@locale.example';
    const { cookie, body } = await signIn(s, email);
    const patched = await s.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie }, payload: { locale: 'zh-TW' } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().user.locale).toBe('zh-TW');
    expect((await me({ cookie })).json().user.locale).toBe('zh-TW');
    expect((await db().selectFrom('appUser').select('locale').where('id', '=', body.user.id).executeTakeFirstOrThrow()).locale).toBe('zh-TW');

    expect((await requestCode(email)).statusCode).toBe(202);
    const mail = await db().selectFrom('notification').select(['locale']).where('toEmail', '=', email).orderBy('createdAt', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(mail.locale).toBe('zh-TW');
  });
});

describe('sign-in limits per client address', () => {
  // Its own server: a per-IP limit of 3 a minute, served over https.
  let strict: TestServer;
  beforeAll(async () => {
    strict = await startTestServer({ env: { SIGN_IN_REQUESTS_PER_IP: '3', PUBLIC_URL: 'https://csp.example' } });
  });
  afterAll(async () => {
    await strict?.close();
  });
  const ask = (email: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    strict.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email }, remoteAddress, headers });

  it('refuses the fourth sign-in request a minute from one IP with 429 while another IP still gets 202', async () => {
    for (let i = 1; i <= 3; i++) expect((await ask(`user${i}@per-ip.example`, '198.51.100.7')).statusCode).toBe(202);
    const fourth = await ask('user4@per-ip.example', '198.51.100.7');
    expectProblem(fourth, 429, 'RATE_LIMITED');
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
    expect(await strict.runtime.deps.db.selectFrom('notification').select('id').where('toEmail', '=', 'user4@per-ip.example').execute()).toHaveLength(0);
    expect((await ask('user4@per-ip.example', '198.51.100.8')).statusCode).toBe(202);
  });

  it('does not let a directly connected client dodge the per-IP limit with a forged X-Forwarded-For', async () => {
    for (let i = 1; i <= 3; i++) expect((await ask(`forger${i}@per-ip.example`, '203.0.113.9', { 'x-forwarded-for': `192.0.2.${i}` })).statusCode).toBe(202);
    expectProblem(await ask('forger4@per-ip.example', '203.0.113.9', { 'x-forwarded-for': '192.0.2.99' }), 429, 'RATE_LIMITED');
  });

  it('counts clients behind a local reverse proxy by their forwarded address', async () => {
    for (let i = 1; i <= 3; i++) expect((await ask(`proxied${i}@per-ip.example`, '127.0.0.1', { 'x-forwarded-for': '192.0.2.50' })).statusCode).toBe(202);
    expectProblem(await ask('proxied4@per-ip.example', '127.0.0.1', { 'x-forwarded-for': '192.0.2.50' }), 429, 'RATE_LIMITED');
    expect((await ask('proxied5@per-ip.example', '127.0.0.1', { 'x-forwarded-for': '192.0.2.51' })).statusCode).toBe(202);
  });

  it('marks the session cookie Secure when served over https', async () => {
    const email = 'secure@per-ip.example';
    await ask(email, '198.51.100.20');
    const code = await latestCode(strict, email);
    const r = await strict.app.inject({ method: 'POST', url: '/api/v1/auth/verify', payload: { email, code }, remoteAddress: '198.51.100.20' });
    expect(r.statusCode).toBe(200);
    const header = [r.headers['set-cookie']].flat().find((h) => h?.startsWith('csp_session='));
    expect(header!.split(';').map((a) => a.trim().toLowerCase())).toContain('secure');
  });
});

describe('API tokens', () => {
  it('creates a token that works as a Bearer credential and is stored only as a hash', async () => {
    const { cookie, body } = await signIn(s, 'dev@tokens.example');
    const created = await s.app.inject({ method: 'POST', url: '/api/v1/me/api-tokens', headers: { cookie }, payload: { name: 'ci' } });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json() as { id: string; token: string };
    expect(token).toMatch(/^csp_/);

    const r = await me({ authorization: `Bearer ${token}` });
    expect(r.statusCode).toBe(200);
    expect(r.json().user.id).toBe(body.user.id);

    const row = await db().selectFrom('apiToken').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.tokenHash).not.toBe(token);
    const all = await db().selectFrom('apiToken').selectAll().execute();
    expect(JSON.stringify(all)).not.toContain(token);
    expect(JSON.stringify(all)).not.toContain(token.slice(4));
  });

  it('lists tokens without their secrets', async () => {
    const { cookie } = await signIn(s, 'lister@tokens-list.example');
    const token = (await bearerFor(s, cookie)).slice('Bearer '.length);
    const list = await s.app.inject({ method: 'GET', url: '/api/v1/me/api-tokens', headers: { cookie } });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as Array<Record<string, unknown>>;
    expect(items).toHaveLength(1);
    expect(Object.keys(items[0]!).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name']);
    expect(list.body).not.toContain(token);
  });

  it('revokes a token with DELETE so it then gets 401', async () => {
    const { cookie } = await signIn(s, 'revoker@tokens-revoke.example');
    const created = await s.app.inject({ method: 'POST', url: '/api/v1/me/api-tokens', headers: { cookie }, payload: { name: 'old' } });
    const { id, token } = created.json() as { id: string; token: string };
    expect((await me({ authorization: `Bearer ${token}` })).statusCode).toBe(200);
    const del = await s.app.inject({ method: 'DELETE', url: `/api/v1/me/api-tokens/${id}`, headers: { cookie } });
    expect(del.statusCode).toBe(204);
    expectProblem(await me({ authorization: `Bearer ${token}` }), 401, 'UNAUTHENTICATED');
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/me/api-tokens', headers: { cookie } })).json().items).toHaveLength(0);
    expectProblem(await s.app.inject({ method: 'DELETE', url: `/api/v1/me/api-tokens/${id}`, headers: { cookie } }), 404, 'NOT_FOUND');
  });

  it("answers 404 NOT_FOUND for another user's token and leaves it working", async () => {
    const owner = await signIn(s, 'owner@tokens-owner.example');
    const created = await s.app.inject({ method: 'POST', url: '/api/v1/me/api-tokens', headers: { cookie: owner.cookie }, payload: { name: 'mine' } });
    const { id, token } = created.json() as { id: string; token: string };
    const colleague = await signInInvited(s, owner.cookie, 'colleague@tokens-owner.example', 'global_admin');
    expectProblem(await s.app.inject({ method: 'DELETE', url: `/api/v1/me/api-tokens/${id}`, headers: { cookie: colleague.cookie } }), 404, 'NOT_FOUND');
    expect((await me({ authorization: `Bearer ${token}` })).statusCode).toBe(200);
  });
});

describe('cross-site protection', () => {
  it('refuses a cookie-authenticated write from another origin with 403 CROSS_SITE_REQUEST but allows it with a Bearer token', async () => {
    const { cookie, body } = await signIn(s, 'victim@csrf.example');
    const bearer = await bearerFor(s, cookie);
    const patch = (headers: Record<string, string>, locale: string) => s.app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: { locale } });
    const localeInDb = async () => (await db().selectFrom('appUser').select('locale').where('id', '=', body.user.id).executeTakeFirstOrThrow()).locale;

    expectProblem(await patch({ cookie, origin: 'https://evil.example' }, 'zh-TW'), 403, 'CROSS_SITE_REQUEST');
    expectProblem(await patch({ cookie, 'sec-fetch-site': 'cross-site' }, 'zh-TW'), 403, 'CROSS_SITE_REQUEST');
    expect(await localeInDb()).toBe('en-US');

    expect((await patch({ authorization: bearer, origin: 'https://evil.example' }, 'zh-TW')).statusCode).toBe(200);
    expect(await localeInDb()).toBe('zh-TW');
    expect((await patch({ cookie, origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }, 'en-US')).statusCode).toBe(200);
    expect(await localeInDb()).toBe('en-US');
  });

  it('refuses a cross-site sign-out so another site cannot end the session', async () => {
    const { cookie } = await signIn(s, 'kept@csrf-signout.example');
    expectProblem(await s.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie, origin: 'https://evil.example' } }), 403, 'CROSS_SITE_REQUEST');
    expect((await me({ cookie })).statusCode).toBe(200);
  });
});

describe('audit of identity changes', () => {
  it('records sign-in, token creation and role change in audit_event', async () => {
    const admin = await signIn(s, 'boss@audited.example');
    const orgId = admin.body.organization!.id;
    const signedIn = await db().selectFrom('auditEvent').selectAll().where('action', '=', 'USER_SIGNED_IN').where('subjectId', '=', admin.body.user.id).execute();
    expect(signedIn).toHaveLength(1);
    expect(signedIn[0]).toMatchObject({ actorUserId: admin.body.user.id, organizationId: orgId, subjectType: 'user', data: { method: 'EMAIL_CODE' } });

    const created = await s.app.inject({ method: 'POST', url: '/api/v1/me/api-tokens', headers: { cookie: admin.cookie }, payload: { name: 'audited' } });
    const tokenId = created.json().id as string;
    const tokenEvents = await db().selectFrom('auditEvent').selectAll().where('action', '=', 'API_TOKEN_CREATED').where('subjectId', '=', tokenId).execute();
    expect(tokenEvents).toHaveLength(1);
    expect(tokenEvents[0]).toMatchObject({ actorUserId: admin.body.user.id, organizationId: orgId, subjectType: 'api_token', data: { name: 'audited' } });
    expect(JSON.stringify(tokenEvents)).not.toContain(created.json().token);

    const bob = await signInInvited(s, admin.cookie, 'bob@audited.example', 'member');
    const patched = await s.app.inject({ method: 'PATCH', url: `/api/v1/organization/users/${bob.body.user.id}`, headers: { cookie: admin.cookie }, payload: { role: 'sales_agent' } });
    expect(patched.statusCode).toBe(200);
    const roleEvents = await db().selectFrom('auditEvent').selectAll().where('action', '=', 'ROLE_CHANGED').where('subjectId', '=', bob.body.user.id).execute();
    expect(roleEvents).toHaveLength(1);
    expect(roleEvents[0]).toMatchObject({ actorUserId: admin.body.user.id, organizationId: orgId, data: { from: 'member', to: 'sales_agent' } });
  });
});

import http from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../db/embedded.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';

// Single sign-on against a real OpenID Connect provider (`oidc-provider`, its development login
// and consent forms), driven like a browser: fetch, a cookie jar, redirects followed by hand.

const CLIENT_ID = 'csp-center';
const CLIENT_SECRET = 'a-client-secret-that-is-long-enough-for-hs256';

/** Accounts the provider knows: the login typed in its dev form is the account id. */
const ACCOUNTS: Record<string, { email: string; email_verified: boolean }> = {
  'sso-user': { email: 'sso-user@fabrikam.example', email_verified: true },
  unverified: { email: 'unverified@fabrikam.example', email_verified: false },
  consumer: { email: 'someone@gmail.com', email_verified: true },
  'id-token-user': { email: 'id-token-user@tailspin.example', email_verified: true },
};

/** The slice of oidc-provider (untyped ESM) this file uses. */
interface OidcProvider {
  callback(): http.RequestListener;
}
type ProviderCtor = new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;

interface Idp {
  issuer: string;
  /** Paths the provider was asked for, in order (the app's back-channel calls included). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A provider on loopback. By default it follows OIDC Core strictly (`conformIdTokenClaims`):
 * with an access token issued, email claims come only from UserInfo, not the ID token.
 */
async function startProvider(port: number, redirectUri: string, extra: Record<string, unknown> = {}): Promise<Idp> {
  // A non-literal specifier: the package ships no type declarations.
  const specifier: string = 'oidc-provider';
  const { default: Provider } = (await import(specifier)) as { default: ProviderCtor };
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    async findAccount(_ctx: unknown, sub: string) {
      const account = ACCOUNTS[sub];
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...account }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'locale'] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['oidc-test-cookie-key'] },
    ...extra,
  });
  const requests: string[] = [];
  const handle = provider.callback();
  const server = http.createServer((req, res) => {
    requests.push(new URL(req.url ?? '/', issuer).pathname);
    return handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A browser's cookies, per host:port (paths ignored: every cookie name here is distinct). */
class Browser {
  private jar = new Map<string, Map<string, string>>();

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(Browser.target(url).host)?.get(name);
  }

  /** The app's PUBLIC_URL says localhost; it listens on IPv4 loopback. */
  private static target(url: string): URL {
    const u = new URL(url);
    if (u.hostname === 'localhost') u.hostname = '127.0.0.1';
    return u;
  }

  /** One request, no redirect following; stores Set-Cookie (Max-Age=0 / past Expires delete). */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const u = Browser.target(url);
    const cookies = this.jar.get(u.host) ?? new Map<string, string>();
    const headers: Record<string, string> = {};
    if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(u, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]!).getTime() < Date.now()));
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(u.host, cookies);
    return res;
  }

  /**
   * Follows redirects from `url` until `stop(url)` says so or a page (non-3xx) answers; returns
   * the final response and the URL it came from.
   */
  async follow(url: string, stop: (u: URL) => boolean, init: { form?: Record<string, string> } = {}): Promise<{ url: string; res: Response }> {
    let current = url;
    let res = await this.request(current, init);
    for (let hops = 0; hops < 20; hops++) {
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url: current, res };
      const next = new URL(location, current);
      if (stop(next)) return { url: current, res };
      current = next.href;
      res = await this.request(current);
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

/** The first form of an HTML page: its action and hidden inputs. */
function parseForm(html: string, base: string): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form in page: ${html.slice(0, 500)}`);
  const fields: Record<string, string> = {};
  for (const m of form[2]!.matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
    if (name) fields[name] = value.replace(/&amp;/g, '&');
  }
  return { action: new URL(form[1]!.replace(/&amp;/g, '&'), base).href, fields };
}

/**
 * Signs in at the provider as `login`: from the app's /start through the provider's login and
 * consent forms, stopping at the redirect back to the app's callback (not yet followed).
 */
async function loginAtProvider(b: Browser, appUrl: string, issuer: string, login: string): Promise<URL> {
  const start = await b.request(`${appUrl}/api/v1/auth/oidc/start`);
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location')!);
  expect(authorize.origin).toBe(issuer);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${appUrl}/api/v1/auth/oidc/callback`);

  const isCallback = (u: URL) => u.pathname === '/api/v1/auth/oidc/callback';
  let step = await b.follow(authorize.href, isCallback);
  for (let i = 0; i < 4; i++) {
    const location = step.res.headers.get('location');
    if (location && isCallback(new URL(location, step.url))) return new URL(location, step.url);
    expect(step.res.status).toBe(200);
    const form = parseForm(await step.res.text(), step.url);
    const fields = form.fields.prompt === 'login' ? { ...form.fields, login, password: 'any' } : form.fields;
    step = await b.follow(form.action, isCallback, { form: fields });
  }
  throw new Error('the provider never redirected back');
}

describe('OpenID Connect single sign-on', () => {
  let s: TestServer;
  let idp: Idp;
  let appUrl: string;

  beforeAll(async () => {
    const appPort = await freePort();
    const idpPort = await freePort();
    appUrl = `http://localhost:${appPort}`;
    idp = await startProvider(idpPort, `${appUrl}/api/v1/auth/oidc/callback`);
    s = await startTestServer({ env: { OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET, PUBLIC_URL: appUrl } });
    await s.app.listen({ port: appPort, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await s?.close();
    await idp?.close();
  });

  it('reports single sign-on as enabled', async () => {
    const r = await new Browser().request(`${appUrl}/api/v1/auth/oidc`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ enabled: true });
  });

  it('signs a verified address in: session cookie, new organization, global admin, audited', async () => {
    const b = new Browser();
    const callback = await loginAtProvider(b, appUrl, idp.issuer, 'sso-user');
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(callback.searchParams.get('state')).toBeTruthy();

    const before = idp.requests.length;
    const back = await b.request(callback.href);
    // This provider keeps email claims out of the ID token: the app must ask UserInfo (/me).
    expect(idp.requests.slice(before)).toEqual(['/token', '/me']);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/');
    const session = b.cookie(appUrl, 'csp_session');
    expect(session).toBeTruthy();
    expect(b.cookie(appUrl, 'csp_oidc')).toBeUndefined();

    const me = await b.request(`${appUrl}/api/v1/me`);
    expect(me.status).toBe(200);
    const body = (await me.json()) as { user: { id: string; email: string }; organization: { domain: string }; roles: string[] };
    expect(body).toMatchObject({ user: { email: 'sso-user@fabrikam.example' }, organization: { domain: 'fabrikam.example' }, roles: ['global_admin'] });

    const audit = await b.request(`${appUrl}/api/v1/audit-events?subject=${body.user.id}`);
    expect(audit.status).toBe(200);
    const events = ((await audit.json()) as { items: Array<{ action: string; data: { method?: string } }> }).items;
    expect(events.find((e) => e.action === 'USER_SIGNED_IN')?.data.method).toBe('OIDC');
  });

  it('signs the same person in again into the same user', async () => {
    const b = new Browser();
    const callback = await loginAtProvider(b, appUrl, idp.issuer, 'sso-user');
    const back = await b.request(callback.href);
    expect(back.headers.get('location')).toBe('/');
    const users = await s.runtime.deps.db.selectFrom('appUser').select('id').where('email', '=', 'sso-user@fabrikam.example').execute();
    expect(users).toHaveLength(1);
  });

  it('refuses a callback whose state does not match: SSO_FAILED, no session', async () => {
    const b = new Browser();
    const callback = await loginAtProvider(b, appUrl, idp.issuer, 'sso-user');
    callback.searchParams.set('state', 'forged-state');
    const back = await b.request(callback.href);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/?signInError=SSO_FAILED');
    expect(b.cookie(appUrl, 'csp_session')).toBeUndefined();
  });

  it('refuses a callback without the state cookie (another browser): SSO_FAILED, no session', async () => {
    const b = new Browser();
    const callback = await loginAtProvider(b, appUrl, idp.issuer, 'sso-user');
    const other = new Browser();
    const back = await other.request(callback.href);
    expect(back.headers.get('location')).toBe('/?signInError=SSO_FAILED');
    expect(other.cookie(appUrl, 'csp_session')).toBeUndefined();
  });

  it('refuses an account whose email the provider has not verified', async () => {
    const b = new Browser();
    const callback = await loginAtProvider(b, appUrl, idp.issuer, 'unverified');
    const back = await b.request(callback.href);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/?signInError=SSO_FAILED');
    expect(b.cookie(appUrl, 'csp_session')).toBeUndefined();
    const users = await s.runtime.deps.db.selectFrom('appUser').select('id').where('email', '=', 'unverified@fabrikam.example').execute();
    expect(users).toHaveLength(0);
    const signIns = await sql<{ n: string }>`select count(*) as n from audit_event where action = 'USER_SIGNED_IN' and data->>'method' = 'OIDC'`.execute(s.runtime.deps.db);
    expect(Number(signIns.rows[0]!.n)).toBe(2);
  });

  it('applies the work-email rule to provider accounts: WORK_EMAIL_REQUIRED, no session', async () => {
    const b = new Browser();
    const callback = await loginAtProvider(b, appUrl, idp.issuer, 'consumer');
    const back = await b.request(callback.href);
    expect(back.headers.get('location')).toBe('/?signInError=WORK_EMAIL_REQUIRED');
    expect(b.cookie(appUrl, 'csp_session')).toBeUndefined();
  });
});

describe('OpenID Connect with email claims in the ID token', () => {
  let s: TestServer;
  let idp: Idp;
  let appUrl: string;

  beforeAll(async () => {
    const appPort = await freePort();
    const idpPort = await freePort();
    appUrl = `http://localhost:${appPort}`;
    // Most hosted providers put scope claims in the ID token as well.
    idp = await startProvider(idpPort, `${appUrl}/api/v1/auth/oidc/callback`, { conformIdTokenClaims: false });
    s = await startTestServer({ env: { OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET, PUBLIC_URL: appUrl } });
    await s.app.listen({ port: appPort, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await s?.close();
    await idp?.close();
  });

  it('signs the address in from the ID token alone', async () => {
    const b = new Browser();
    const callback = await loginAtProvider(b, appUrl, idp.issuer, 'id-token-user');
    const before = idp.requests.length;
    const back = await b.request(callback.href);
    expect(idp.requests.slice(before)).toEqual(['/token']);
    expect(back.headers.get('location')).toBe('/');
    const me = await b.request(`${appUrl}/api/v1/me`);
    expect(await me.json()).toMatchObject({ user: { email: 'id-token-user@tailspin.example' }, organization: { domain: 'tailspin.example' }, roles: ['global_admin'] });
  });

  it('still refuses an unverified address', async () => {
    const b = new Browser();
    const callback = await loginAtProvider(b, appUrl, idp.issuer, 'unverified');
    const back = await b.request(callback.href);
    expect(back.headers.get('location')).toBe('/?signInError=SSO_FAILED');
    expect(b.cookie(appUrl, 'csp_session')).toBeUndefined();
  });
});

describe('without OpenID Connect configured', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('reports single sign-on as disabled', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/api/v1/auth/oidc' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ enabled: false });
  });

  it('answers /start with a 401 SSO_FAILED problem', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/start' });
    expect(r.statusCode).toBe(401);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'SSO_FAILED', status: 401 });
  });
});

import crypto from 'node:crypto';
import { ERROR_CODES, ERROR_STATUS, type ErrorCode, type PartnerRole, type StaffRole } from '@csp-center/domain';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { expect } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import type { App } from '../http/types.ts';
import type { Clock } from '../lib/clock.ts';
import { startRuntime, type Runtime } from '../runtime.ts';

/** Server URL of the test PostgreSQL (see global-setup.ts). */
export function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (global setup should have set it)');
  return url;
}

/** Creates an empty database for one test file and returns its URL and a drop function. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `csp_test_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(serverUrl());
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestServer {
  app: App;
  runtime: Runtime;
  config: Config;
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * A real app on a fresh database: migrations applied, queue started, optional workers, built
 * with `buildApp` and driven through `app.inject()`.
 */
export async function startTestServer(opts: { env?: Record<string, string>; clock?: Clock; workers?: boolean; database?: { url: string; drop(): Promise<void> } } = {}): Promise<TestServer> {
  const database = opts.database ?? (await createTestDatabase());
  // A generous per-IP limit: a test file signs in many users from one address within a minute.
  // Tests of the limit itself pass their own SIGN_IN_REQUESTS_PER_IP.
  const config = loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: 'http://localhost:3000', SIGN_IN_REQUESTS_PER_IP: '10000', ...opts.env, DATABASE_URL: database.url });
  const runtime = await startRuntime(config, { workers: opts.workers ?? false, clock: opts.clock, retry: { retryLimit: 20, retryDelay: 1, retryBackoff: false } });
  const app = await buildApp(runtime.deps);
  await app.ready();
  return {
    app,
    runtime,
    config,
    databaseUrl: database.url,
    async close() {
      await app.close();
      await runtime.close();
      if (!opts.database) await database.drop();
    },
  };
}

/** The latest sign-in code emailed to an address (read from the rendered notification). */
export async function latestCode(s: TestServer, email: string): Promise<string> {
  const n = await s.runtime.deps.db.selectFrom('notification').select('text').where('toEmail', '=', email).where('template', '=', 'signInCode').orderBy('createdAt', 'desc').limit(1).executeTakeFirstOrThrow();
  return /\b(\d{6})\b/.exec(n.text)![1]!;
}

/** Signs an address in through the public API; returns the session cookie header value. */
export async function signIn(s: TestServer, email: string, ip = '10.0.0.1'): Promise<{ cookie: string; body: { user: { id: string }; organization: { id: string } | null } }> {
  const r1 = await s.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email }, remoteAddress: ip });
  if (r1.statusCode !== 202) throw new Error(`sign-in ${r1.statusCode} ${r1.body}`);
  const code = await latestCode(s, email.toLowerCase());
  const r2 = await s.app.inject({ method: 'POST', url: '/api/v1/auth/verify', payload: { email, code }, remoteAddress: ip });
  if (r2.statusCode !== 200) throw new Error(`verify ${r2.statusCode} ${r2.body}`);
  const set = r2.cookies.find((c) => c.name === 'csp_session')!;
  return { cookie: `csp_session=${set.value}`, body: r2.json() };
}

/** Creates an API token for a signed-in cookie; returns the bearer header value. */
export async function bearerFor(s: TestServer, cookie: string): Promise<string> {
  const r = await s.app.inject({ method: 'POST', url: '/api/v1/me/api-tokens', headers: { cookie }, payload: { name: 'test' } });
  return `Bearer ${(r.json() as { token: string }).token}`;
}

/**
 * Asserts an RFC 9457 problem response: status, media type, every required member, a catalogue
 * code whose status matches, and the request id echoed in `x-request-id`. Returns the body.
 */
export function expectProblem(r: LightMyRequestResponse, status: number, code?: ErrorCode): { code: ErrorCode; details?: Record<string, unknown> } & Record<string, unknown> {
  expect(r.statusCode, r.body).toBe(status);
  expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = r.json() as { code: ErrorCode; details?: Record<string, unknown> } & Record<string, unknown>;
  expect(body).toMatchObject({ type: expect.stringMatching(/^https:\/\//), title: expect.any(String), status, code: expect.any(String), detail: expect.any(String), requestId: expect.any(String) });
  expect(ERROR_CODES).toContain(body.code);
  expect(ERROR_STATUS[body.code]).toBe(status);
  expect(body.requestId).toBe(r.headers['x-request-id']);
  if (code) expect(body.code).toBe(code);
  return body;
}

/** Invites an address into the admin's organization through the API; returns the invitation. */
export async function invite(s: TestServer, adminCookie: string, email: string, role: PartnerRole): Promise<{ id: string; email: string; role: PartnerRole; expiresAt: string }> {
  const r = await s.app.inject({ method: 'POST', url: '/api/v1/organization/invitations', headers: { cookie: adminCookie }, payload: { email, role } });
  if (r.statusCode !== 201) throw new Error(`invite ${r.statusCode} ${r.body}`);
  return r.json();
}

/** Invites an address and signs it in: a member of the admin's organization with that role. */
export async function signInInvited(s: TestServer, adminCookie: string, email: string, role: PartnerRole, ip?: string) {
  await invite(s, adminCookie, email, role);
  return signIn(s, email, ip);
}

/** Creates program staff directly in the database (what `csp-center staff add` does). */
export async function createStaff(s: TestServer, email: string, staffRole: StaffRole): Promise<string> {
  const id = crypto.randomUUID();
  await s.runtime.deps.db.insertInto('appUser').values({ id, email, organizationId: null, role: null, staffRole, displayName: null, locale: 'en-US', createdAt: s.runtime.deps.clock.now(), lastSignInAt: null }).execute();
  return id;
}

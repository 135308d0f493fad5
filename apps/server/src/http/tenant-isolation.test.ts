import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerFor, expectProblem, invite, signIn, startTestServer, type TestServer } from '../test/harness.ts';

/**
 * The route walker: every non-public /api/v1 route is called by organization A's global admin
 * with organization B's ids and must neither reveal nor change B's data. A route missing from
 * CASES fails the test, so each new route has to say here how it keeps tenants apart.
 */

/** What B owns that A's admin must never see or touch. */
interface OrgB {
  domain: string;
  userId: string;
  email: string;
  organizationId: string;
  invitationId: string;
  invitationEmail: string;
  tokenId: string;
  bearer: string;
}

interface Case {
  /**
   * `foreign`: aimed at B's resource through `:id` (or staff only) → must be 403 or 404.
   * `own`: only ever reads or writes the caller's own data → answers `status`, and the body
   * carries nothing of B's.
   */
  kind: 'foreign' | 'own';
  status?: number;
  body?: (b: OrgB) => Record<string, unknown>;
  query?: (b: OrgB) => string;
}

const CASES: Record<string, Case> = {
  'GET /api/v1/me': { kind: 'own', status: 200 },
  'PATCH /api/v1/me': { kind: 'own', status: 200, body: () => ({ locale: 'en-US' }) },
  'GET /api/v1/me/api-tokens': { kind: 'own', status: 200 },
  'POST /api/v1/me/api-tokens': { kind: 'own', status: 201, body: () => ({ name: 'walker' }) },
  'DELETE /api/v1/me/api-tokens/:id': { kind: 'foreign' },
  'GET /api/v1/organization/users': { kind: 'own', status: 200 },
  'PATCH /api/v1/organization/users/:id': { kind: 'foreign', body: () => ({ role: 'member' }) },
  'GET /api/v1/organization/invitations': { kind: 'own', status: 200 },
  // Inviting an address of B's domain into A must be refused (it would let A's admin claim B's people).
  'POST /api/v1/organization/invitations': { kind: 'own', status: 422, body: (b) => ({ email: `walker@${b.domain}`, role: 'global_admin' }) },
  'DELETE /api/v1/organization/invitations/:id': { kind: 'foreign' },
  'GET /api/v1/audit-events': { kind: 'own', status: 200, query: (b) => `?subject=${b.userId}` },
  'GET /api/v1/admin/audit-events/verify': { kind: 'foreign' },
};

/** Which of B's ids goes into `:id`, by the path segment before it. */
function idFor(url: string, b: OrgB): string {
  const segment = url.split('/').at(-2);
  const ids: Record<string, string> = { users: b.userId, invitations: b.invitationId, 'api-tokens': b.tokenId };
  const id = segment && ids[segment];
  if (!id) throw new Error(`No organization B id for the :id of ${url}: add one to idFor`);
  return id;
}

let s: TestServer;
let a: { cookie: string; bearer: string };
let b: OrgB;
beforeAll(async () => {
  s = await startTestServer();
  const adminA = await signIn(s, 'admin@org-a.example');
  a = { cookie: adminA.cookie, bearer: await bearerFor(s, adminA.cookie) };
  const adminB = await signIn(s, 'admin@org-b.example');
  const bearerB = await bearerFor(s, adminB.cookie);
  const inv = await invite(s, adminB.cookie, 'pending@org-b.example', 'member');
  const token = await s.runtime.deps.db.selectFrom('apiToken').select('id').where('userId', '=', adminB.body.user.id).executeTakeFirstOrThrow();
  b = {
    domain: 'org-b.example',
    userId: adminB.body.user.id,
    email: 'admin@org-b.example',
    organizationId: adminB.body.organization!.id,
    invitationId: inv.id,
    invitationEmail: 'pending@org-b.example',
    tokenId: token.id,
    bearer: bearerB,
  };
});
afterAll(async () => {
  await s?.close();
});

const apiRoutes = () => s.app.routeTable.filter((r) => r.url.startsWith('/api/v1/'));
const protectedRoutes = () => apiRoutes().filter((r) => r.access !== 'public');
const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

describe('tenant isolation', () => {
  it('knows how to walk every non-public route', () => {
    expect(protectedRoutes().length).toBeGreaterThanOrEqual(Object.keys(CASES).length);
    expect(protectedRoutes().map(key).filter((k) => !CASES[k])).toEqual([]);
    expect(Object.keys(CASES).filter((k) => !protectedRoutes().some((r) => key(r) === k))).toEqual([]);
  });

  it("never lets organization A's global admin read or change organization B's data", async () => {
    const markers = [b.organizationId, b.userId, b.email, b.invitationId, b.invitationEmail, b.tokenId];
    const credentials = [{ cookie: a.cookie }, { authorization: a.bearer }];
    for (const route of protectedRoutes()) {
      const c = CASES[key(route)];
      if (!c) throw new Error(`${key(route)} is missing from CASES`);
      const url = route.url.replace(':id', () => idFor(route.url, b)) + (c.query?.(b) ?? '');
      for (const headers of credentials) {
        const r = await s.app.inject({ method: route.method as 'GET', url, headers, ...(c.body ? { payload: c.body(b) } : {}) });
        const label = `${key(route)} with ${Object.keys(headers)[0]}`;
        if (c.kind === 'foreign') {
          expect([403, 404], `${label}: ${r.body}`).toContain(r.statusCode);
          expectProblem(r, r.statusCode);
        } else {
          expect(r.statusCode, `${label}: ${r.body}`).toBe(c.status);
        }
        for (const m of markers) expect(r.body, `${label} leaks ${m}`).not.toContain(m);
      }
    }

    const db = s.runtime.deps.db;
    const inv = await db.selectFrom('invitation').selectAll().where('id', '=', b.invitationId).executeTakeFirstOrThrow();
    expect(inv).toMatchObject({ acceptedAt: null, revokedAt: null, role: 'member' });
    expect(await db.selectFrom('invitation').select('id').where('organizationId', '=', b.organizationId).execute()).toHaveLength(1);
    expect(await db.selectFrom('invitation').select('id').where('email', 'like', 'walker@%').execute()).toHaveLength(0);
    const user = await db.selectFrom('appUser').selectAll().where('id', '=', b.userId).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'global_admin', organizationId: b.organizationId, locale: 'en-US' });
    expect(await db.selectFrom('appUser').select('id').where('organizationId', '=', b.organizationId).execute()).toHaveLength(1);
    const token = await db.selectFrom('apiToken').selectAll().where('id', '=', b.tokenId).executeTakeFirstOrThrow();
    expect(token.revokedAt).toBeNull();
    const meB = await s.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: b.bearer } });
    expect(meB.statusCode).toBe(200);
    expect(meB.json()).toMatchObject({ user: { id: b.userId }, roles: ['global_admin'] });
    // Nothing A did was recorded under B.
    const bEvents = await db.selectFrom('auditEvent').select('action').where('organizationId', '=', b.organizationId).execute();
    expect(bEvents.map((e) => e.action).sort()).toEqual(['API_TOKEN_CREATED', 'INVITATION_CREATED', 'ORGANIZATION_CREATED', 'USER_CREATED', 'USER_SIGNED_IN']);
  });

  it('answers 401 UNAUTHENTICATED on every non-public route without valid credentials', async () => {
    const anyId = '01890000-0000-7000-8000-000000000000';
    const bad = [{}, { authorization: 'Bearer csp_not-a-real-token' }, { cookie: 'csp_session=not-a-real-session' }, { authorization: 'Bearer' }];
    for (const route of protectedRoutes()) {
      const c = CASES[key(route)];
      const url = route.url.replace(':id', anyId);
      for (const headers of bad) {
        const r = await s.app.inject({ method: route.method as 'GET', url, headers, ...(c?.body ? { payload: c.body(b) } : {}) });
        expect(r.statusCode, `${key(route)} with ${JSON.stringify(headers)}`).toBe(401);
        expectProblem(r, 401, 'UNAUTHENTICATED');
      }
    }
  });
});

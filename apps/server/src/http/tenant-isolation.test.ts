import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProfile, seedVerificationFile } from '../modules/enrollments/enrollments.factory.ts';
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
  /** B's indirect reseller enrollment, QUALIFIED (ready for its agreement). */
  enrollmentId: string;
  /** B's (approved) verification case, its response receipt and a document. */
  caseId: string;
  receiptId: string;
  documentId: string;
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
  'GET /api/v1/profile': { kind: 'own', status: 200 },
  // A's complete profile is seeded in setup (its enrollment needs one): each GET shows A's own part.
  'GET /api/v1/profile/legal-business': { kind: 'own', status: 200 },
  // A primary contact on B's domain is refused (CONTACT_DOMAIN_MISMATCH): A cannot claim B's people.
  'PUT /api/v1/profile/legal-business': {
    kind: 'own',
    status: 400,
    body: (b) => ({ companyName: 'Walker Ltd.', address: { line1: '1 Walker Road', city: 'Taipei', postalCode: '110', country: 'TW' }, primaryContact: { firstName: 'Wal', lastName: 'Ker', email: `walker@${b.domain}` }, registrationId: '12345678' }),
  },
  'GET /api/v1/profile/support': { kind: 'own', status: 200 },
  'PUT /api/v1/profile/support': { kind: 'own', status: 200, body: () => ({ email: 'support@org-a.example' }) },
  'GET /api/v1/profile/billing': { kind: 'own', status: 200 },
  'PUT /api/v1/profile/billing': { kind: 'own', status: 200, body: () => ({ bankAccount: { holderName: 'Org A GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankCountry: 'DE' } }) },
  'GET /api/v1/profile/partner-id': { kind: 'own', status: 200 },
  'PUT /api/v1/profile/partner-id': { kind: 'own', status: 422, body: () => ({ partnerId: '9999999' }) },
  'GET /api/v1/admin/partner-ids': { kind: 'foreign' },
  'POST /api/v1/admin/partner-ids': { kind: 'foreign', body: () => ({ partnerId: '9999998', legalName: 'Walker Ltd.', country: 'TW', kind: 'LOCATION', active: true }) },
  'PATCH /api/v1/admin/partner-ids/:partnerId': { kind: 'foreign', body: () => ({ active: false }) },
  'POST /api/v1/admin/partner-ids/import': { kind: 'foreign', body: () => ({ csv: 'partnerId,legalName,country,kind,active\n9999997,Walker Ltd.,TW,LOCATION,true\n' }) },
  'GET /api/v1/agreement-templates': { kind: 'own', status: 200 },
  'GET /api/v1/admin/agreement-templates': { kind: 'foreign' },
  'POST /api/v1/admin/agreement-templates': { kind: 'foreign', body: () => ({ type: 'INDIRECT_RESELLER_TERMS', version: 'walker', locale: 'en-US', title: 'Walker', body: 'Walker terms', effectiveAt: '2020-01-01T00:00:00Z' }) },
  'GET /api/v1/enrollments/:id/agreement-acceptances': { kind: 'foreign' },
  // A already has an enrollment (beforeAll): a second one is refused, whoever else is enrolled.
  'POST /api/v1/enrollments': { kind: 'own', status: 409, body: () => ({ program: 'INDIRECT_RESELLER' }) },
  'GET /api/v1/enrollments': { kind: 'own', status: 200 },
  'GET /api/v1/enrollments/:id': { kind: 'foreign' },
  'POST /api/v1/enrollments/:id/submit': { kind: 'foreign' },
  // A has submitted nothing: B's case is never the one found.
  'GET /api/v1/verification': { kind: 'own', status: 404 },
  // Multipart only; a bodyless request is refused before any case is looked up.
  'POST /api/v1/verification/responses': { kind: 'own', status: 415 },
  'GET /api/v1/documents/:id': { kind: 'foreign' },
  'GET /api/v1/admin/verification-cases': { kind: 'foreign' },
  'GET /api/v1/admin/verification-cases/:id': { kind: 'foreign' },
  'POST /api/v1/admin/verification-cases/:id/claim': { kind: 'foreign' },
  'POST /api/v1/admin/verification-cases/:id/approve': { kind: 'foreign', body: () => ({ note: 'walker' }) },
  'POST /api/v1/admin/verification-cases/:id/reject': { kind: 'foreign', body: () => ({ reasonCode: 'OTHER', note: 'walker' }) },
  'POST /api/v1/admin/verification-cases/:id/request-information': { kind: 'foreign', body: () => ({ items: [{ kind: 'OTHER', message: 'walker' }] }) },
  'GET /api/v1/admin/program-settings/verification': { kind: 'foreign' },
  'PUT /api/v1/admin/program-settings/verification': { kind: 'foreign', body: () => ({ targetBusinessDays: 1, weekend: [], holidays: [] }) },
  'POST /api/v1/enrollments/:id/agreement-acceptances': { kind: 'foreign', body: () => ({ templateId: '01890000-0000-7000-8000-0000000000aa', signer: { name: 'Walker', title: 'CEO' }, authorityConfirmed: true }) },
};

/** Which of B's ids goes into `:id`, by the path segment before it (`/enrollments/:id/submit` → enrollments). */
function idFor(url: string, b: OrgB): string {
  const parts = url.split('/');
  const segment = parts[parts.indexOf(':id') - 1];
  const ids: Record<string, string> = { users: b.userId, invitations: b.invitationId, 'api-tokens': b.tokenId, enrollments: b.enrollmentId, 'verification-cases': b.caseId, documents: b.documentId };
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
  // Inserted directly (no audit event): B's enrollment is already QUALIFIED, the state in which
  // accepting its agreement would change it.
  const enrollmentId = crypto.randomUUID();
  const now = new Date();
  await s.runtime.deps.db.insertInto('enrollment').values({ id: enrollmentId, organizationId: adminB.body.organization!.id, program: 'INDIRECT_RESELLER', state: 'QUALIFIED', marketId: 'taiwan', currency: 'TWD', submittedAt: now, qualifiedAt: now, activatedAt: null, rejectedAt: null, createdAt: now, updatedAt: now }).execute();
  const seeded = await seedVerificationFile(s.runtime.deps.db, adminB.body.organization!.id, adminB.body.user.id, { enrollmentId, caseState: 'APPROVED' });
  b = {
    domain: 'org-b.example',
    userId: adminB.body.user.id,
    email: 'admin@org-b.example',
    organizationId: adminB.body.organization!.id,
    invitationId: inv.id,
    invitationEmail: 'pending@org-b.example',
    tokenId: token.id,
    bearer: bearerB,
    enrollmentId,
    caseId: seeded.caseId,
    receiptId: seeded.receiptId,
    documentId: seeded.documentId,
  };
  await seedProfile(s.runtime.deps.db, { id: adminA.body.organization!.id, domain: 'org-a.example' }, adminA.body.user.id);
  const enrolledA = await s.app.inject({ method: 'POST', url: '/api/v1/enrollments', headers: { cookie: adminA.cookie }, payload: { program: 'INDIRECT_RESELLER' } });
  if (enrolledA.statusCode !== 201) throw new Error(`A's enrollment: ${enrolledA.body}`);
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
    const markers = [b.organizationId, b.userId, b.email, b.invitationId, b.invitationEmail, b.tokenId, b.enrollmentId, b.caseId, b.receiptId, b.documentId];
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
    expect(await db.selectFrom('enrollment').select(['state', 'activatedAt']).where('id', '=', b.enrollmentId).executeTakeFirstOrThrow()).toEqual({ state: 'QUALIFIED', activatedAt: null });
    expect(await db.selectFrom('agreementAcceptance').select('id').where('organizationId', '=', b.organizationId).execute()).toHaveLength(0);
    expect(await db.selectFrom('verificationCase').select(['state', 'assigneeId', 'version']).where('id', '=', b.caseId).executeTakeFirstOrThrow()).toEqual({ state: 'APPROVED', assigneeId: null, version: 1 });
    expect(await db.selectFrom('informationRequest').select('id').where('organizationId', '=', b.organizationId).execute()).toHaveLength(1);
    expect(await db.selectFrom('programSetting').select('key').execute()).toHaveLength(0);
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

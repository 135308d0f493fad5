import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '@csp-center/domain';
import { bearerFor, createStaff, expectProblem, signIn, startTestServer, type TestServer } from '../test/harness.ts';

/**
 * Input hardening of every route with a body or an `:id`, walked from the app's route table.
 * A body route missing from EXAMPLES fails the test: each new route brings a valid example,
 * and the hostile variants are derived from it.
 */
const EXAMPLES: Record<string, { body: Record<string, unknown>; enums?: string[] }> = {
  'POST /api/v1/auth/sign-in': { body: { email: 'someone@valid-example.example', locale: 'en-US' }, enums: ['locale'] },
  'POST /api/v1/auth/verify': { body: { email: 'someone@valid-example.example', code: '123456' } },
  'PATCH /api/v1/me': { body: { locale: 'zh-TW', displayName: 'Someone' }, enums: ['locale'] },
  'POST /api/v1/me/api-tokens': { body: { name: 'ci' } },
  'PATCH /api/v1/organization/users/:id': { body: { role: 'member' }, enums: ['role'] },
  'POST /api/v1/organization/invitations': { body: { email: 'new@validation.example', role: 'member' }, enums: ['role'] },
  'PUT /api/v1/profile/legal-business': {
    body: { companyName: 'Validation Inc.', address: { line1: '1 Main Street', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' }, primaryContact: { firstName: 'Val', lastName: 'Idation', email: 'admin@validation.example', phone: '+1 217 555 0100' }, registrationId: 'REG-1' },
  },
  'PUT /api/v1/profile/support': { body: { email: 'support@validation.example', phone: '+1 217 555 0100', website: 'https://validation.example' } },
  'PUT /api/v1/profile/billing': { body: { bankAccount: { holderName: 'Validation GmbH', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', bankCountry: 'DE' }, taxId: 'DE123456789' } },
  'PUT /api/v1/profile/partner-id': { body: { partnerId: '1234567' } },
  'POST /api/v1/admin/partner-ids': { body: { partnerId: '7654321', legalName: 'Validation GmbH', country: 'DE', kind: 'LOCATION', active: true }, enums: ['kind'] },
  'PATCH /api/v1/admin/partner-ids/:partnerId': { body: { legalName: 'Validation GmbH', country: 'DE', kind: 'GLOBAL', active: false }, enums: ['kind'] },
  'POST /api/v1/admin/partner-ids/import': { body: { csv: 'partnerId,legalName,country,kind,active\n7654322,Validation AG,CH,LOCATION,true\n' } },
  'POST /api/v1/admin/agreement-templates': { body: { type: 'INDIRECT_RESELLER_TERMS', version: 'validation-1', locale: 'en-US', title: 'Terms', body: '# Terms', effectiveAt: '2026-01-01T00:00:00Z', requiresReacceptance: false }, enums: ['type', 'locale'] },
  'POST /api/v1/enrollments/:id/agreement-acceptances': { body: { templateId: '01890000-0000-7000-8000-000000000002', signer: { name: 'Ada Chen', title: 'Director' }, authorityConfirmed: true } },
  'POST /api/v1/enrollments': { body: { program: 'INDIRECT_RESELLER' }, enums: ['program'] },
  'POST /api/v1/admin/verification-cases/:id/approve': { body: { note: 'Documents match the legal profile.' } },
  'POST /api/v1/admin/verification-cases/:id/reject': { body: { reasonCode: 'DOCUMENTS_INSUFFICIENT', note: 'The registration is expired.' }, enums: ['reasonCode'] },
  'POST /api/v1/admin/verification-cases/:id/request-information': { body: { items: [{ kind: 'PROOF_OF_ADDRESS', message: 'A recent utility bill.' }] } },
  'PUT /api/v1/admin/program-settings/verification': { body: { targetBusinessDays: 3, weekend: [6, 7], holidays: ['2026-01-01'] } },
};

const SOME_ID = '01890000-0000-7000-8000-000000000001';

let s: TestServer;
let bearer: string;
let staffBearer: string;
beforeAll(async () => {
  s = await startTestServer({ env: { BODY_LIMIT: '2048' } });
  const admin = await signIn(s, 'admin@validation.example');
  bearer = await bearerFor(s, admin.cookie);
  await createStaff(s, 'admin@program-staff.example', 'program_admin');
  staffBearer = await bearerFor(s, (await signIn(s, 'admin@program-staff.example')).cookie);
});

/**
 * Staff-only routes are walked as a program admin (the access check runs before validation, so
 * a partner would only ever see 403); every other route as the partner's global admin.
 */
function bearerOf(route: { access?: string }): string {
  const a = route.access;
  const partnerMay = !a || a === 'public' || a === 'signed-in' || can({ roles: ['global_admin'] }, a as Parameters<typeof can>[1]);
  return partnerMay ? bearer : staffBearer;
}
afterAll(async () => {
  await s?.close();
});

const apiRoutes = () => s.app.routeTable.filter((r) => r.url.startsWith('/api/v1/'));
const bodyRoutes = () => apiRoutes().filter((r) => r.hasBody);
const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const example = (k: string) => {
  const e = EXAMPLES[k];
  if (!e) throw new Error(`${k} has a body but no entry in EXAMPLES`);
  return e;
};

/** Sends a raw body to a route as the signed-in admin (bearer: no same-origin check). */
function send(route: { method: string; url: string; access?: string }, payload: string | undefined, contentType = 'application/json', id = SOME_ID): Promise<LightMyRequestResponse> {
  return s.app.inject({
    method: route.method as 'POST',
    url: route.url.replace(':id', id),
    headers: { authorization: bearerOf(route), ...(payload !== undefined ? { 'content-type': contentType } : {}) },
    ...(payload !== undefined ? { payload } : {}),
  });
}

function issuesOf(r: LightMyRequestResponse): Array<{ path: string; message: string; code: string }> {
  const p = expectProblem(r, 400, 'VALIDATION_FAILED');
  const issues = (p.details as { issues?: unknown } | undefined)?.issues;
  expect(Array.isArray(issues), r.body).toBe(true);
  const list = issues as Array<{ path: string; message: string; code: string }>;
  expect(list.length).toBeGreaterThan(0);
  for (const i of list) expect(i).toMatchObject({ path: expect.any(String), message: expect.any(String), code: expect.any(String) });
  return list;
}

describe('request validation', () => {
  it('has a valid example body for every route that takes one', async () => {
    expect(bodyRoutes().map(key).filter((k) => !EXAMPLES[k])).toEqual([]);
    expect(Object.keys(EXAMPLES).filter((k) => !bodyRoutes().some((r) => key(r) === k))).toEqual([]);
    // The examples pass validation, so the 400s below come from the one thing each breaks.
    for (const route of bodyRoutes()) {
      const r = await send(route, JSON.stringify(example(key(route)).body));
      expect(r.statusCode, `${key(route)}: ${r.body}`).toBeLessThan(500);
      if (r.statusCode === 400) throw new Error(`${key(route)} rejects its own example: ${r.body}`);
    }
  });

  it('answers malformed JSON with 400 VALIDATION_FAILED and details.issues', async () => {
    for (const route of bodyRoutes()) {
      for (const raw of ['{"broken":', '{"a":1}}', "{'single':'quotes'}", '']) issuesOf(await send(route, raw));
    }
  });

  it('answers a wrongly typed field with 400 naming its path in details.issues', async () => {
    for (const route of bodyRoutes()) {
      const { body } = example(key(route));
      for (const field of Object.keys(body)) {
        const wrong = { ...body, [field]: typeof body[field] === 'string' ? 12345 : 'text' };
        const issues = issuesOf(await send(route, JSON.stringify(wrong)));
        expect(issues.map((i) => i.path), `${key(route)} ${field}`).toContain(`body.${field}`);
      }
      for (const notAnObject of ['[]', '"text"', '42', 'null']) issuesOf(await send(route, notAnObject));
    }
  });

  it('refuses an unknown field with 400', async () => {
    for (const route of bodyRoutes()) {
      const issues = issuesOf(await send(route, JSON.stringify({ ...example(key(route)).body, isAdmin: true })));
      expect(issues.map((i) => i.message).join(' '), key(route)).toContain('isAdmin');
    }
  });

  it('refuses a value outside an enum with 400 naming the field', async () => {
    let checked = 0;
    for (const route of bodyRoutes()) {
      const { body, enums = [] } = example(key(route));
      for (const field of enums) {
        const issues = issuesOf(await send(route, JSON.stringify({ ...body, [field]: 'super_admin' })));
        expect(issues.map((i) => i.path)).toContain(`body.${field}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it('refuses a body over BODY_LIMIT with 413 PAYLOAD_TOO_LARGE', async () => {
    for (const route of bodyRoutes()) {
      const big = JSON.stringify({ ...example(key(route)).body, padding: 'x'.repeat(4096) });
      expectProblem(await send(route, big), 413, 'PAYLOAD_TOO_LARGE');
    }
  });

  it('refuses a body that is not JSON with a clean 4xx problem', async () => {
    for (const route of bodyRoutes()) {
      const json = JSON.stringify(example(key(route)).body);
      // text/plain is parsed as a string, which the object schema then refuses.
      const plain = await send(route, json, 'text/plain');
      expect([400, 415], `${key(route)}: ${plain.body}`).toContain(plain.statusCode);
      expectProblem(plain, plain.statusCode, plain.statusCode === 400 ? 'VALIDATION_FAILED' : 'UNSUPPORTED_MEDIA_TYPE');
      expectProblem(await send(route, 'email=a%40b.example', 'application/x-www-form-urlencoded'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectProblem(await send(route, '<a/>', 'application/xml'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('refuses an :id that is not a UUID with 400 on every route that takes one', async () => {
    const idRoutes = apiRoutes().filter((r) => r.url.includes(':id'));
    expect(idRoutes.length).toBeGreaterThanOrEqual(3);
    for (const route of idRoutes) {
      const body = EXAMPLES[key(route)]?.body;
      for (const id of ['not-a-uuid', '1', "1' or '1'='1", '01890000-0000-7000-8000-00000000000g']) {
        const r = await send(route, body ? JSON.stringify(body) : undefined, 'application/json', encodeURIComponent(id));
        expect(issuesOf(r).map((i) => i.path), key(route)).toContain('params.id');
      }
    }
  });

  it('refuses a malformed page query with 400', async () => {
    const paged = apiRoutes().filter((r) => r.hasQuerystring && r.access !== 'public');
    expect(paged.length).toBeGreaterThanOrEqual(3);
    for (const route of paged) {
      for (const q of ['limit=abc', 'limit=0', 'limit=201', 'unknown=1']) {
        const r = await s.app.inject({ method: 'GET', url: `${route.url}?${q}`, headers: { authorization: bearerOf(route) } });
        issuesOf(r);
      }
    }
  });

  it('never answers 5xx, and every error is a problem with a catalogue code', async () => {
    const hostile: Array<{ payload?: string; type?: string; query?: string; id?: string }> = [
      {},
      { payload: '{"x":', type: 'application/json' },
      { payload: '{"__proto__":{"admin":true}}', type: 'application/json' },
      { payload: '{"constructor":{"prototype":{"admin":true}}}', type: 'application/json' },
      { payload: JSON.stringify({ email: 'x'.repeat(300) + '@a.example', name: 'n'.repeat(300), role: 'x', locale: 'x', code: 'x' }), type: 'application/json' },
      { payload: 'x'.repeat(3000), type: 'application/json' },
      { payload: '\u0000\u0001', type: 'application/octet-stream' },
      { query: `?limit=-1&cursor=${'9'.repeat(150)}&subject=${'s'.repeat(150)}` },
      { query: '?cursor=not-a-uuid' },
      { query: '?cursor=12345&subject=%27' },
      { id: '%00' },
    ];
    for (const route of apiRoutes()) {
      for (const h of hostile) {
        const r = await s.app.inject({
          method: route.method as 'POST',
          url: route.url.replace(':id', h.id ?? SOME_ID) + (h.query ?? ''),
          headers: { authorization: bearerOf(route), ...(h.type ? { 'content-type': h.type } : {}) },
          ...(h.payload !== undefined ? { payload: h.payload } : {}),
        });
        expect(r.statusCode, `${key(route)} ${JSON.stringify(h).slice(0, 80)}: ${r.body.slice(0, 300)}`).toBeLessThan(500);
        if (r.statusCode >= 400) expectProblem(r, r.statusCode);
      }
    }
  });

  it('answers an unknown /api route with a 404 NOT_FOUND problem', async () => {
    expectProblem(await s.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' }), 404, 'NOT_FOUND');
    expectProblem(await s.app.inject({ method: 'GET', url: '/api/no-version' }), 404, 'NOT_FOUND');
    expectProblem(await s.app.inject({ method: 'PUT', url: '/api/v1/me', headers: { authorization: bearer }, payload: {} }), 404, 'NOT_FOUND');
    expectProblem(await s.app.inject({ method: 'POST', url: '/api/v1/no-such-thing', payload: { a: 1 } }), 404, 'NOT_FOUND');
  });
});

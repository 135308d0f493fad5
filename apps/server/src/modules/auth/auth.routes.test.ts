import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestServer, type TestServer } from '../../test/harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

describe('work-email sign-in', () => {
  it('makes the first user of a new domain the global admin of a new organization', async () => {
    const { cookie } = await signIn(s, 'first@northwind.example');
    const me = await s.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: 'first@northwind.example' }, organization: { domain: 'northwind.example' }, roles: ['global_admin'] });
  });

  it('refuses a consumer address with 422 WORK_EMAIL_REQUIRED and sends nothing', async () => {
    const r = await s.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'someone@gmail.com' } });
    expect(r.statusCode).toBe(422);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'WORK_EMAIL_REQUIRED', status: 422 });
    const n = await s.runtime.deps.db.selectFrom('notification').select('id').where('toEmail', '=', 'someone@gmail.com').execute();
    expect(n).toHaveLength(0);
  });

  it('answers 401 UNAUTHENTICATED on /me without a session', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe('UNAUTHENTICATED');
  });
});

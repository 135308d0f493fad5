import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, signIn, startTestServer, type TestServer } from '../test/harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

const createToken = (cookie: string, name: string, key?: string) =>
  s.app.inject({ method: 'POST', url: '/api/v1/me/api-tokens', headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) }, payload: { name } });
const tokensOf = async (userId: string) => s.runtime.deps.db.selectFrom('apiToken').select('id').where('userId', '=', userId).execute();

describe('Idempotency-Key', () => {
  it('answers a replay with the first result without running the request again', async () => {
    const a = await signIn(s, 'admin@idem-a.example');
    const first = await createToken(a.cookie, 'ci', 'key-1');
    expect(first.statusCode).toBe(201);
    const again = await createToken(a.cookie, 'ci', 'key-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await tokensOf(a.body.user.id)).toHaveLength(1);
    const audits = await s.runtime.deps.db.selectFrom('auditEvent').select('id').where('action', '=', 'API_TOKEN_CREATED').where('actorUserId', '=', a.body.user.id).execute();
    expect(audits).toHaveLength(1);
  });

  it('refuses the same key with a different request with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const a = await signIn(s, 'admin@idem-b.example');
    expect((await createToken(a.cookie, 'one', 'key-2')).statusCode).toBe(201);
    expectProblem(await createToken(a.cookie, 'two', 'key-2'), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await tokensOf(a.body.user.id)).toHaveLength(1);
  });

  it('keeps keys per user: another user may use the same key', async () => {
    const a = await signIn(s, 'admin@idem-c.example');
    const b = await signIn(s, 'admin@idem-d.example');
    const ra = await createToken(a.cookie, 'same', 'shared-key');
    const rb = await createToken(b.cookie, 'same', 'shared-key');
    expect([ra.statusCode, rb.statusCode]).toEqual([201, 201]);
    expect(rb.headers['idempotent-replayed']).toBeUndefined();
    expect(rb.json().id).not.toBe(ra.json().id);
  });

  it('frees the key of a refused request, so a corrected retry runs', async () => {
    const a = await signIn(s, 'admin@idem-e.example');
    const bad = await s.app.inject({ method: 'POST', url: '/api/v1/organization/invitations', headers: { cookie: a.cookie, 'idempotency-key': 'inv-1' }, payload: { email: 'x@elsewhere.example', role: 'member' } });
    expectProblem(bad, 422, 'INVITATION_DOMAIN_MISMATCH');
    const retry = await s.app.inject({ method: 'POST', url: '/api/v1/organization/invitations', headers: { cookie: a.cookie, 'idempotency-key': 'inv-1' }, payload: { email: 'x@elsewhere.example', role: 'member' } });
    expectProblem(retry, 422, 'INVITATION_DOMAIN_MISMATCH');
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
  });

  it('lets exactly one of two simultaneous requests with one key run; the other gets 409 or the replay', async () => {
    const a = await signIn(s, 'admin@idem-f.example');
    const [r1, r2] = await Promise.all([createToken(a.cookie, 'race', 'key-race'), createToken(a.cookie, 'race', 'key-race')]);
    const statuses = [r1.statusCode, r2.statusCode].sort();
    expect([[201, 201], [201, 409]]).toContainEqual(statuses);
    expect(await tokensOf(a.body.user.id)).toHaveLength(1);
  });

  it('refuses a malformed key with 400 VALIDATION_FAILED', async () => {
    const a = await signIn(s, 'admin@idem-g.example');
    expectProblem(await createToken(a.cookie, 'x', 'x'.repeat(201)), 400, 'VALIDATION_FAILED');
    expect(await tokensOf(a.body.user.id)).toHaveLength(0);
  });
});

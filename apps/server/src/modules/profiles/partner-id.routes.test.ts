import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestServer, type TestServer } from '../../test/harness.ts';
import { findRegistryEntry } from '../partner-ids/index.ts';
import { get, newOrg, profileCounts, put, raceOnLock, registerPartnerId, saveLegal, type TestOrg } from './profiles.factory.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

const URL_ = '/api/v1/profile/partner-id';
const db = () => s.runtime.deps.db;
const associatedWith = async (partnerId: string) => (await db().selectFrom('partnerIdRegistry').select('associatedOrganizationId').where('partnerId', '=', partnerId).executeTakeFirstOrThrow()).associatedOrganizationId;

/** A new organization with a legal profile in `country`. */
async function orgIn(name: string, country = 'TW'): Promise<TestOrg> {
  const org = await newOrg(s, name);
  await saveLegal(s, org, country);
  return org;
}

describe('associating a partner ID', () => {
  it('associates an active location ID of the legal country and answers it on GET', async () => {
    const org = await orgIn('pid-ok');
    expectProblem(await get(s, org.cookie, URL_), 404, 'NOT_FOUND');
    const partnerId = await registerPartnerId(s, { country: 'TW', legalName: 'PID OK Ltd.' });
    const r = await put(s, org.cookie, URL_, { partnerId: ` ${partnerId} ` });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ partnerId, legalName: 'PID OK Ltd.', country: 'TW', associatedAt: expect.any(String) });
    expect((await get(s, org.cookie, URL_)).json()).toEqual(r.json());
    const entry = await findRegistryEntry(db(), partnerId);
    expect(entry).toMatchObject({ partnerId, associatedOrganizationId: org.organizationId, kind: 'LOCATION', active: true });
    expect(entry!.associatedAt).toBeInstanceOf(Date);
    const events = await db().selectFrom('auditEvent').selectAll().where('action', '=', 'PARTNER_ID_ASSOCIATED').where('subjectId', '=', partnerId).execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ organizationId: org.organizationId, actorUserId: org.userId, data: { partnerId, previous: null } });
  });

  it.each([
    ['an ID the registry does not hold', {}, 'PARTNER_ID_NOT_FOUND', 422],
    ['an inactive ID', { active: false }, 'PARTNER_ID_INACTIVE', 422],
    ['a global (headquarters) ID', { kind: 'GLOBAL' as const }, 'PARTNER_ID_NOT_LOCATION', 422],
    ['an ID of another country', { country: 'DE' }, 'PARTNER_ID_COUNTRY_MISMATCH', 422],
  ] as const)('refuses %s with its own code, changing nothing', async (_label, entry, code, status) => {
    const org = await orgIn(`pid-refuse-${code.toLowerCase().replace(/_/g, '-')}`);
    const partnerId = code === 'PARTNER_ID_NOT_FOUND' ? '9876543210' : await registerPartnerId(s, entry);
    const before = await profileCounts(s);
    const p = expectProblem(await put(s, org.cookie, URL_, { partnerId }), status, code);
    expect(p.details).toMatchObject({ partnerId });
    if (code === 'PARTNER_ID_COUNTRY_MISMATCH') expect(p.details).toMatchObject({ partnerIdCountry: 'DE', legalCountry: 'TW' });
    if (code === 'PARTNER_ID_NOT_LOCATION') expect(p.details).toMatchObject({ kind: 'GLOBAL' });
    expect(await profileCounts(s)).toEqual(before);
    expectProblem(await get(s, org.cookie, URL_), 404, 'NOT_FOUND');
  });

  it("refuses an ID associated with another organization with 409 PARTNER_ID_ALREADY_ASSOCIATED, without naming that organization", async () => {
    const first = await orgIn('pid-first');
    const second = await orgIn('pid-second');
    const partnerId = await registerPartnerId(s);
    expect((await put(s, first.cookie, URL_, { partnerId })).statusCode).toBe(200);
    const before = await profileCounts(s);
    const r = await put(s, second.cookie, URL_, { partnerId });
    expectProblem(r, 409, 'PARTNER_ID_ALREADY_ASSOCIATED');
    expect(r.body).not.toContain(first.organizationId);
    expect(r.body).not.toContain('pid-first');
    expect(await profileCounts(s)).toEqual(before);
    expect(await associatedWith(partnerId)).toBe(first.organizationId);
  });

  it('refuses before the legal profile exists with 422 PROFILE_INCOMPLETE (details.missing)', async () => {
    const org = await newOrg(s, 'pid-nolegal');
    const partnerId = await registerPartnerId(s);
    const p = expectProblem(await put(s, org.cookie, URL_, { partnerId }), 422, 'PROFILE_INCOMPLETE');
    expect(p.details).toMatchObject({ missing: ['legalBusiness'] });
    expect(await associatedWith(partnerId)).toBeNull();
  });

  it('refuses an ID that is not 1 to 10 digits with 400', async () => {
    const org = await orgIn('pid-format');
    for (const partnerId of ['abc', '12345678901', '12 34', '-1', '']) {
      const p = expectProblem(await put(s, org.cookie, URL_, { partnerId }), 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(p.details), partnerId).toContain('body.partnerId');
    }
  });

  it('keeps a re-associated ID as it is, and frees the old ID when another replaces it', async () => {
    const org = await orgIn('pid-replace');
    const a = await registerPartnerId(s);
    const b = await registerPartnerId(s);
    const first = (await put(s, org.cookie, URL_, { partnerId: a })).json();
    const again = await put(s, org.cookie, URL_, { partnerId: a });
    expect(again.json()).toEqual(first);
    expect((await put(s, org.cookie, URL_, { partnerId: b })).statusCode).toBe(200);
    expect(await associatedWith(a)).toBeNull();
    expect(await associatedWith(b)).toBe(org.organizationId);
    expect((await get(s, org.cookie, URL_)).json()).toMatchObject({ partnerId: b });
    // The freed ID can now go to another organization.
    const other = await orgIn('pid-replace-other');
    expect((await put(s, other.cookie, URL_, { partnerId: a })).statusCode).toBe(200);
    const released = await db().selectFrom('auditEvent').select('data').where('action', '=', 'PARTNER_ID_RELEASED').where('subjectId', '=', a).execute();
    expect(released.map((e) => e.data)).toEqual([{ replacedBy: b }]);
  });

  it('lets exactly one of two organizations racing for one ID win; the other gets 409', async () => {
    const orgs = [await orgIn('pid-race-a'), await orgIn('pid-race-b')];
    const partnerId = await registerPartnerId(s);
    const results = await raceOnLock(s, 'select 1 from partner_id_registry where partner_id = $1 for update', [partnerId], 2, () =>
      Promise.all(orgs.map((o) => put(s, o.cookie, URL_, { partnerId }))),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.statusCode === 409)!;
    expectProblem(loser, 409, 'PARTNER_ID_ALREADY_ASSOCIATED');
    const winner = orgs[results.findIndex((r) => r.statusCode === 200)]!;
    expect(await associatedWith(partnerId)).toBe(winner.organizationId);
    const events = await db().selectFrom('auditEvent').select('organizationId').where('action', '=', 'PARTNER_ID_ASSOCIATED').where('subjectId', '=', partnerId).execute();
    expect(events).toEqual([{ organizationId: winner.organizationId }]);
  });

  it('gives an ID to exactly one of five organizations asking at the same moment', async () => {
    const orgs = await Promise.all([1, 2, 3, 4, 5].map((i) => orgIn(`pid-crowd-${i}`)));
    const partnerId = await registerPartnerId(s);
    const results = await Promise.all(orgs.map((o) => put(s, o.cookie, URL_, { partnerId })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    const winner = orgs[results.findIndex((r) => r.statusCode === 200)]!;
    expect(await associatedWith(partnerId)).toBe(winner.organizationId);
  });
});

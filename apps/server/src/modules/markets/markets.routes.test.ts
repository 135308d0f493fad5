import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/clock.ts';
import { expectProblem, startTestServer, type TestServer } from '../../test/harness.ts';

let s: TestServer;
/** Before the 2023-08-17 policy took effect. */
let old: TestServer;
beforeAll(async () => {
  [s, old] = await Promise.all([startTestServer(), startTestServer({ clock: new FakeClock(new Date('2020-06-01T00:00:00Z')) })]);
});
afterAll(async () => {
  await Promise.all([s?.close(), old?.close()]);
});

const get = (server: TestServer, url: string) => server.app.inject({ method: 'GET', url });

describe('markets (public)', () => {
  it('lists the markets of the policy in force, without sign-in', async () => {
    const r = await get(s, '/api/v1/markets');
    expect(r.statusCode).toBe(200);
    const body = r.json() as { policyVersion: string; effectiveFrom: string; items: Array<{ id: string; name: string; currencies: string[]; countries: Array<{ iso2: string; currency: string }> }> };
    expect(body).toMatchObject({ policyVersion: '2023-08-17', effectiveFrom: '2023-08-17' });
    const ids = body.items.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['taiwan', 'europe', 'brazil', 'united-states', 'china']));
    expect(ids).not.toContain('russia');
    const europe = body.items.find((m) => m.id === 'europe')!;
    expect(europe.currencies).toEqual(expect.arrayContaining(['EUR', 'GBP', 'CHF']));
    expect(europe.countries).toContainEqual({ iso2: 'DE', name: 'Germany', currency: 'EUR' });
    // Every country belongs to exactly one market.
    const all = body.items.flatMap((m) => m.countries.map((c) => c.iso2));
    expect(new Set(all).size).toBe(all.length);
  });

  it('uses the policy in force at the clock: before 2023-08-17 the 2018 policy, with Russia and without China', async () => {
    const body = (await get(old, '/api/v1/markets')).json() as { policyVersion: string; items: Array<{ id: string }> };
    expect(body.policyVersion).toBe('2018-11-03');
    expect(body.items.map((m) => m.id)).toContain('russia');
    expect(body.items.map((m) => m.id)).not.toContain('china');
    expect((await get(old, '/api/v1/countries/RU')).json()).toMatchObject({ market: { id: 'russia' }, currency: 'RUB' });
    expectProblem(await get(s, '/api/v1/countries/RU'), 404, 'NOT_FOUND');
  });

  it('shows a named policy version with ?version= and 404s an unknown one', async () => {
    expect((await get(s, '/api/v1/markets?version=2018-11-03')).json()).toMatchObject({ policyVersion: '2018-11-03', effectiveFrom: '2018-11-03' });
    expect((await get(s, '/api/v1/markets/russia?version=2018-11-03')).json()).toMatchObject({ id: 'russia', currencies: ['RUB'] });
    expectProblem(await get(s, '/api/v1/markets?version=1999-01-01'), 404, 'NOT_FOUND');
    expectProblem(await get(s, '/api/v1/markets?unknown=1'), 400, 'VALIDATION_FAILED');
  });

  it('answers one market, and 404 for an unknown one', async () => {
    const r = await get(s, '/api/v1/markets/taiwan');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ id: 'taiwan', name: 'Taiwan', currencies: ['TWD'], countries: [{ iso2: 'TW', name: 'Taiwan', currency: 'TWD' }] });
    expectProblem(await get(s, '/api/v1/markets/atlantis'), 404, 'NOT_FOUND');
    expectProblem(await get(s, '/api/v1/markets/russia'), 404, 'NOT_FOUND');
    expectProblem(await get(s, '/api/v1/markets/NOT%20AN%20ID'), 400, 'VALIDATION_FAILED');
  });

  it.each([
    ['TW', 'taiwan', 'TWD'],
    ['tw', 'taiwan', 'TWD'],
    ['DE', 'europe', 'EUR'],
    ['GB', 'europe', 'GBP'],
    ['CH', 'europe', 'CHF'],
    ['BR', 'brazil', 'USD'],
    ['US', 'united-states', 'USD'],
    ['HK', 'asia-and-pacific', 'USD'],
    ['ZA', 'middle-east-central-europe-and-eastern-europe', 'USD'],
  ])("answers country %s with its market %s and currency %s", async (iso2, market, currency) => {
    const r = await get(s, `/api/v1/countries/${iso2}`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ iso2: iso2.toUpperCase(), market: { id: market }, currency });
  });

  it('answers 404 for a country outside the program and 400 for a malformed code', async () => {
    expectProblem(await get(s, '/api/v1/countries/KP'), 404, 'NOT_FOUND');
    expectProblem(await get(s, '/api/v1/countries/ZZ'), 404, 'NOT_FOUND');
    expectProblem(await get(s, '/api/v1/countries/TWN'), 400, 'VALIDATION_FAILED');
  });

  it('lists countries with the rules a form needs: postal code, state, registration ID, IBAN', async () => {
    const r = await get(s, '/api/v1/countries');
    expect(r.statusCode).toBe(200);
    const items = (r.json() as { items: Array<Record<string, unknown> & { iso2: string; name: string }> }).items;
    const by = (iso2: string) => items.find((c) => c.iso2 === iso2);
    expect(by('TW')).toEqual({ iso2: 'TW', name: 'Taiwan', market: { id: 'taiwan', name: 'Taiwan' }, currency: 'TWD', postalCodeRequired: true, stateRequired: false, registrationId: { name: 'Unified Business Number (統一編號)', example: '12345678' }, usesIban: false });
    expect(by('US')).toMatchObject({ stateRequired: true, postalCodeRequired: true, registrationId: null, usesIban: false });
    expect(by('HK')).toMatchObject({ postalCodeRequired: false, stateRequired: false });
    expect(by('DE')).toMatchObject({ usesIban: true, currency: 'EUR' });
    expect(by('RU')).toBeUndefined();
    const names = items.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
  });
});

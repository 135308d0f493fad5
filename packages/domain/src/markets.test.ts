import { describe, expect, it } from 'vitest';
import { currentMarketPolicy, MARKET_POLICY_VERSIONS, marketForCountry } from './markets.ts';

const at = (iso: string) => currentMarketPolicy(new Date(iso));

describe('currentMarketPolicy', () => {
  it.each([
    ['2018-11-03T00:00:00Z', '2018-11-03'],
    ['2020-06-01T00:00:00Z', '2018-11-03'],
    ['2023-08-16T23:59:59Z', '2018-11-03'],
    ['2023-08-17T00:00:00Z', '2023-08-17'],
    ['2030-01-01T00:00:00Z', '2023-08-17'],
    // Before any version: the oldest one.
    ['2010-01-01T00:00:00Z', '2018-11-03'],
  ])('at %s is %s', (now, version) => expect(at(now).id).toBe(version));

  it('picks among versions given in any order', () => {
    const reversed = [...MARKET_POLICY_VERSIONS].reverse();
    expect(currentMarketPolicy(new Date('2024-01-01T00:00:00Z'), reversed).id).toBe('2023-08-17');
  });
});

describe('marketForCountry', () => {
  const now = at('2025-01-01T00:00:00Z');
  const old = at('2020-01-01T00:00:00Z');
  it.each([
    ['TW', now, 'taiwan', 'TWD'],
    ['tw', now, 'taiwan', 'TWD'],
    ['DE', now, 'europe', 'EUR'],
    ['GB', now, 'europe', 'GBP'],
    ['CH', now, 'europe', 'CHF'],
    ['BR', now, 'brazil', 'USD'],
    ['US', now, 'united-states', 'USD'],
    ['CN', now, 'china', 'CNY'],
    ['RU', old, 'russia', 'RUB'],
    ['ZA', now, 'middle-east-central-europe-and-eastern-europe', 'USD'],
  ] as const)('%s → %s, %s', (iso2, policy, market, currency) => {
    const found = marketForCountry(iso2, policy);
    expect(found?.market.id).toBe(market);
    expect(found?.country.currency).toBe(currency);
  });

  it.each([
    ['RU', '2023 policy'],
    ['KP', '2023 policy'],
    ['ZZ', '2023 policy'],
    ['', '2023 policy'],
  ])('finds no market for %s (%s)', (iso2) => expect(marketForCountry(iso2, now)).toBeUndefined());

  it('puts every country of a version in exactly one market, with a currency the market lists', () => {
    for (const version of MARKET_POLICY_VERSIONS) {
      const seen = new Set<string>();
      for (const m of version.markets) {
        for (const c of m.countries) {
          expect(seen.has(c.iso2), `${version.id} ${c.iso2}`).toBe(false);
          seen.add(c.iso2);
          expect(c.iso2).toMatch(/^[A-Z]{2}$/);
          expect(m.currencies, `${version.id} ${m.id} ${c.iso2}`).toContain(c.currency);
        }
      }
    }
  });
});

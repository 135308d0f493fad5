import marketsData from '../data/csp-markets.json' with { type: 'json' };

/** One country of a market, with the currency partners there bill in. */
export interface MarketCountry {
  iso2: string;
  name: string;
  currency: string;
  currencyInferred?: boolean;
}
export interface Market {
  id: string;
  name: string;
  singleCountry: boolean;
  currencies: string[];
  countries: MarketCountry[];
}
export interface MarketPolicyVersion {
  id: string;
  effectiveFrom: string;
  markets: Market[];
}

/**
 * The CSP regional markets and currencies (seed data from shared/data/csp-markets.json, two
 * policy versions). A partner's legal country determines its market and billing currency.
 */
export const MARKET_POLICY_VERSIONS: readonly MarketPolicyVersion[] = (marketsData as { versions: MarketPolicyVersion[] }).versions;

/** The version in force at `now`: the latest whose effectiveFrom is not after now. */
export function currentMarketPolicy(now: Date, versions: readonly MarketPolicyVersion[] = MARKET_POLICY_VERSIONS): MarketPolicyVersion {
  const day = now.toISOString().slice(0, 10);
  const inForce = versions.filter((v) => v.effectiveFrom <= day).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1));
  return inForce[0] ?? versions[0]!;
}

/** The market and billing currency of a country, or undefined when the program does not serve it. */
export function marketForCountry(iso2: string, policy: MarketPolicyVersion): { market: Market; country: MarketCountry } | undefined {
  const code = iso2.toUpperCase();
  for (const market of policy.markets) {
    const country = market.countries.find((c) => c.iso2 === code);
    if (country) return { market, country };
  }
  return undefined;
}

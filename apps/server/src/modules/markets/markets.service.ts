import {
  currentMarketPolicy,
  DomainError,
  MARKET_POLICY_VERSIONS,
  marketForCountry,
  postalCodeRequired,
  REGISTRATION_ID_RULES,
  STATE_REQUIRED,
  usesIban,
  type Market,
  type MarketPolicyVersion,
} from '@csp-center/domain';

/**
 * Regional markets and currencies (product.md capability 10). Pure reads of the versioned market
 * policy in packages/domain: no database. The policy in force is picked by the caller's clock, so
 * a new version takes effect on its effectiveFrom day without a deploy of any other code.
 */

/** A market as the API shows it. */
export interface MarketView {
  id: string;
  name: string;
  currencies: string[];
  countries: Array<{ iso2: string; name: string; currency: string }>;
}

/** What a partner profile carries of its market. */
export interface MarketRef {
  id: string;
  name: string;
}

/** The result of deriving a market from a legal country. */
export interface MarketResolution {
  policyVersion: string;
  market: MarketRef;
  currency: string;
  country: { iso2: string; name: string };
}

/**
 * The policy version in force at `now`, or the one named by `version`. Raises NOT_FOUND for an
 * unknown version id.
 */
export function getMarketPolicy(now: Date, version?: string): MarketPolicyVersion {
  if (version === undefined) return currentMarketPolicy(now);
  const found = MARKET_POLICY_VERSIONS.find((v) => v.id === version);
  if (!found) throw new DomainError('NOT_FOUND', `No market policy version ${version}`, { versions: MARKET_POLICY_VERSIONS.map((v) => v.id) });
  return found;
}

function marketView(m: Market): MarketView {
  return { id: m.id, name: m.name, currencies: [...m.currencies], countries: m.countries.map((c) => ({ iso2: c.iso2, name: c.name, currency: c.currency })) };
}

/** Every market of the policy in force (or of `version`), with its countries and currencies. Raises NOT_FOUND for an unknown version. */
export function findMarkets(now: Date, version?: string) {
  const policy = getMarketPolicy(now, version);
  return { policyVersion: policy.id, effectiveFrom: policy.effectiveFrom, items: policy.markets.map(marketView) };
}

/** One market by id. Raises NOT_FOUND for an unknown market (or version). */
export function getMarket(now: Date, id: string, version?: string): MarketView {
  const market = getMarketPolicy(now, version).markets.find((m) => m.id === id);
  if (!market) throw new DomainError('NOT_FOUND', `No market ${id}`);
  return marketView(market);
}

/**
 * Every country the program serves now, with what a form needs to ask for there: postal code,
 * state, registration ID and bank scheme. Sorted by name, for pickers.
 */
export function findCountries(now: Date) {
  const policy = currentMarketPolicy(now);
  const items = policy.markets.flatMap((m) =>
    m.countries.map((c) => {
      const rule = REGISTRATION_ID_RULES[c.iso2];
      return {
        iso2: c.iso2,
        name: c.name,
        market: { id: m.id, name: m.name },
        currency: c.currency,
        postalCodeRequired: postalCodeRequired(c.iso2),
        stateRequired: STATE_REQUIRED.has(c.iso2),
        registrationId: rule ? { name: rule.name, example: rule.example } : null,
        usesIban: usesIban(c.iso2),
      };
    }),
  );
  items.sort((a, b) => a.name.localeCompare(b.name, 'en'));
  return { policyVersion: policy.id, items };
}

/** One country's market and billing currency now. Raises NOT_FOUND when the program does not serve it. */
export function getCountry(now: Date, iso2: string) {
  const found = marketForCountry(iso2, currentMarketPolicy(now));
  if (!found) throw new DomainError('NOT_FOUND', `The program does not serve ${iso2.toUpperCase()}`);
  return { iso2: found.country.iso2, name: found.country.name, market: { id: found.market.id, name: found.market.name }, currency: found.country.currency };
}

/**
 * Derives market, billing currency and policy version from a legal country under the policy in
 * force at `now` (what the legal business profile stores). Raises COUNTRY_NOT_IN_PROGRAM when no
 * market of that policy contains the country.
 */
export function resolveMarket(country: string, now: Date): MarketResolution {
  const policy = currentMarketPolicy(now);
  const found = marketForCountry(country, policy);
  if (!found) {
    throw new DomainError('COUNTRY_NOT_IN_PROGRAM', `The program does not operate in ${country.toUpperCase()} under market policy ${policy.id}.`, { country: country.toUpperCase(), policyVersion: policy.id });
  }
  return { policyVersion: policy.id, market: { id: found.market.id, name: found.market.name }, currency: found.country.currency, country: { iso2: found.country.iso2, name: found.country.name } };
}

/**
 * The market a stored profile was derived under, by id and policy version (the name as that
 * version spelled it; the id itself when the version no longer knows it).
 */
export function marketRef(marketId: string, policyVersion: string): MarketRef {
  const policy = MARKET_POLICY_VERSIONS.find((v) => v.id === policyVersion);
  const market = policy?.markets.find((m) => m.id === marketId) ?? MARKET_POLICY_VERSIONS.flatMap((v) => v.markets).find((m) => m.id === marketId);
  return { id: marketId, name: market?.name ?? marketId };
}

/** True when some policy version (past or current) knows the country code; for registry data. */
export function isKnownCountry(iso2: string): boolean {
  const code = iso2.toUpperCase();
  return MARKET_POLICY_VERSIONS.some((v) => v.markets.some((m) => m.countries.some((c) => c.iso2 === code)));
}

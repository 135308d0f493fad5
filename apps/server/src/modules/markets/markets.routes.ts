import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { problems } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { findCountries, findMarkets, getCountry, getMarket } from './markets.service.ts';

const tags = ['Markets'];

export const MarketRefSchema = z.object({ id: z.string(), name: z.string() }).meta({ id: 'MarketRef' });
const MarketCountry = z.object({ iso2: z.string(), name: z.string(), currency: z.string() });
const Market = z
  .object({ id: z.string(), name: z.string(), currencies: z.array(z.string()), countries: z.array(MarketCountry) })
  .meta({ id: 'Market', description: 'A regional market: the countries where its partners may sell, each with its billing currency.' });
const CountryInfo = z
  .object({ iso2: z.string(), name: z.string(), market: MarketRefSchema, currency: z.string() })
  .meta({ id: 'Country' });
const CountryFormRules = CountryInfo.extend({
  postalCodeRequired: z.boolean(),
  stateRequired: z.boolean(),
  registrationId: z.object({ name: z.string(), example: z.string() }).nullable().describe('The company registration ID the country requires, or null when optional'),
  usesIban: z.boolean().describe('Banks there use IBAN + BIC; otherwise account number + routing/bank code'),
}).meta({ id: 'CountryFormRules' });

const VersionQuery = z.strictObject({ version: z.string().max(40).optional().describe('A market policy version id; default: the version in force now') });
const Iso2 = z.string().regex(/^[A-Za-z]{2}$/, 'Two-letter ISO 3166-1 code');

/** Public routes: market policy, countries and currencies (no sign-in; the sign-up forms use them). */
export async function marketRoutes(app: App, deps: Deps) {
  app.get('/api/v1/markets', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'Markets of the market policy in force (or of ?version=)',
      security: [],
      querystring: VersionQuery,
      response: { 200: z.object({ policyVersion: z.string(), effectiveFrom: z.string(), items: z.array(Market) }), ...problems(400, 404) },
    },
  }, async (req) => findMarkets(deps.clock.now(), req.query.version));

  app.get('/api/v1/markets/:marketId', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'One market with its countries and currencies',
      security: [],
      params: z.strictObject({ marketId: z.string().regex(/^[a-z0-9-]{1,100}$/, 'A market id such as europe or taiwan') }),
      querystring: VersionQuery,
      response: { 200: Market, ...problems(400, 404) },
    },
  }, async (req) => getMarket(deps.clock.now(), req.params.marketId, req.query.version));

  app.get('/api/v1/countries', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'Countries the program serves, with market, currency and the address, registration-ID and bank rules of each (for forms)',
      security: [],
      response: { 200: z.object({ policyVersion: z.string(), items: z.array(CountryFormRules) }) },
    },
  }, async () => findCountries(deps.clock.now()));

  app.get('/api/v1/countries/:iso2', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: "A country's market and billing currency; 404 when the program does not serve it",
      security: [],
      params: z.strictObject({ iso2: Iso2 }),
      response: { 200: CountryInfo, ...problems(400, 404) },
    },
  }, async (req) => getCountry(deps.clock.now(), req.params.iso2));
}

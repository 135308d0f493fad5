/**
 * Test factories of the profiles and partner-ids modules (never imported by the server):
 * organizations signed in through the API, profile bodies, registry entries written straight into
 * the table, and a way to make two requests really race for one row lock.
 */
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { signIn, type TestServer } from '../../test/harness.ts';

export interface TestOrg {
  cookie: string;
  organizationId: string;
  userId: string;
  domain: string;
}

/** Signs in the first user of a new domain: the global admin of a new organization. */
export async function newOrg(s: TestServer, name: string): Promise<TestOrg> {
  const domain = `${name}.example`;
  const r = await signIn(s, `admin@${domain}`);
  return { cookie: r.cookie, organizationId: r.body.organization!.id, userId: r.body.user.id, domain };
}

type LegalBody = {
  companyName: string;
  address: { line1: string; line2?: string | null; city: string; state?: string | null; postalCode?: string | null; country: string };
  primaryContact: { firstName: string; lastName: string; email: string; phone?: string | null };
  registrationId?: string | null;
};

/** Valid legal addresses per country (registration ID where the country requires one). */
export const ADDRESSES: Record<string, Pick<LegalBody, 'address' | 'registrationId'>> = {
  TW: { address: { line1: 'No. 7, Sec. 5, Xinyi Rd.', city: 'Taipei', postalCode: '110', country: 'TW' }, registrationId: '12345678' },
  DE: { address: { line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' } },
  GB: { address: { line1: '10 Downing Street', city: 'London', postalCode: 'SW1A 2AA', country: 'GB' } },
  US: { address: { line1: '1 Main Street', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' } },
  BR: { address: { line1: 'Av. Paulista, 1000', city: 'São Paulo', state: 'SP', postalCode: '01310-100', country: 'BR' }, registrationId: '12.345.678/0001-95' },
  HK: { address: { line1: '1 Queen’s Road Central', city: 'Hong Kong', country: 'HK' } },
  JP: { address: { line1: '1-1 Chiyoda', city: 'Tokyo', postalCode: '100-0001', country: 'JP' }, registrationId: '1234567890123' },
};

/** A valid legal business profile for the organization, in `country`. */
export function legalBody(org: Pick<TestOrg, 'domain'>, country = 'TW', over: Partial<LegalBody> = {}): LegalBody {
  return {
    companyName: `${org.domain} Ltd.`,
    ...ADDRESSES[country]!,
    primaryContact: { firstName: 'Mei', lastName: 'Lin', email: `mei.lin@${org.domain}`, phone: '+886 2 1234 5678' },
    ...over,
  };
}

export const IBAN_DE = 'DE89370400440532013000';
export const BIC_DE = 'COBADEFFXXX';

export function put(s: TestServer, cookie: string, url: string, payload: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return s.app.inject({ method: 'PUT', url, headers: { cookie, ...headers }, payload: payload as Record<string, unknown> });
}

export function get(s: TestServer, cookie: string, url: string): Promise<LightMyRequestResponse> {
  return s.app.inject({ method: 'GET', url, headers: { cookie } });
}

/** Saves the legal profile through the API; throws unless it answers 200. */
export async function saveLegal(s: TestServer, org: TestOrg, country = 'TW', over: Partial<LegalBody> = {}) {
  const r = await put(s, org.cookie, '/api/v1/profile/legal-business', legalBody(org, country, over));
  if (r.statusCode !== 200) throw new Error(`legal profile ${r.statusCode} ${r.body}`);
  return r.json() as { version: number; market: { id: string }; billingCurrency: string };
}

let nextPartnerId = 3_000_000 + Math.floor(Math.random() * 1_000_000);

/** Writes a registry entry straight into the table (default: active location ID in Taiwan). */
export async function registerPartnerId(s: TestServer, entry: { partnerId?: string; country?: string; kind?: 'LOCATION' | 'GLOBAL'; active?: boolean; legalName?: string } = {}): Promise<string> {
  const partnerId = entry.partnerId ?? String(nextPartnerId++);
  await s.runtime.deps.db
    .insertInto('partnerIdRegistry')
    .values({ partnerId, legalName: entry.legalName ?? `Registered ${partnerId} Ltd.`, country: entry.country ?? 'TW', kind: entry.kind ?? 'LOCATION', active: entry.active ?? true, associatedOrganizationId: null, associatedAt: null })
    .execute();
  return partnerId;
}

/** Row counts of the tables these modules write, to prove a refusal changed nothing. */
export async function profileCounts(s: TestServer) {
  const db = s.runtime.deps.db;
  const n = async (t: 'legalBusinessProfile' | 'supportProfile' | 'billingProfile' | 'auditEvent') => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const associated = await db.selectFrom('partnerIdRegistry').select(['partnerId', 'associatedOrganizationId', 'legalName', 'country', 'kind', 'active']).orderBy('partnerId').execute();
  return { legal: await n('legalBusinessProfile'), support: await n('supportProfile'), billing: await n('billingProfile'), audit: await n('auditEvent'), registry: associated };
}

/**
 * Makes requests race for one row: holds `lockSql` (a SELECT … FOR UPDATE) in a transaction of
 * its own, fires the requests, waits until `waiters` sessions are blocked on a lock, then
 * commits. The requests are then released together and really compete.
 */
export async function raceOnLock<T>(s: TestServer, lockSql: string, params: unknown[], waiters: number, fire: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: s.databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    const locked = await client.query(lockSql, params);
    if (locked.rowCount !== 1) throw new Error(`raceOnLock: ${lockSql} locked ${locked.rowCount} rows`);
    const pending = fire();
    let blocked = 0;
    for (let i = 0; i < 400 && blocked < waiters; i++) {
      await new Promise((r) => setTimeout(r, 10));
      const r = await client.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`);
      blocked = r.rows[0]!.n;
    }
    if (blocked < waiters) throw new Error(`raceOnLock: only ${blocked} of ${waiters} requests reached the lock`);
    await client.query('commit');
    return await pending;
  } finally {
    await client.end();
  }
}

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/clock.ts';
import { createStaff, expectProblem, signIn, signInInvited, startTestServer, type TestServer } from '../../test/harness.ts';
import { BIC_DE, get, IBAN_DE, legalBody, newOrg, profileCounts, put, raceOnLock, registerPartnerId, saveLegal, type TestOrg } from './profiles.factory.ts';
import { getProfileForReview, getProfileStatus, lockLegalCountry } from './index.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

const db = () => s.runtime.deps.db;
const LEGAL = '/api/v1/profile/legal-business';
const SUPPORT = '/api/v1/profile/support';
const BILLING = '/api/v1/profile/billing';
const auditOf = (subjectId: string, action?: string) => {
  let q = db().selectFrom('auditEvent').selectAll().where('subjectId', '=', subjectId);
  if (action) q = q.where('action', '=', action);
  return q.orderBy('seq').execute();
};
const issuesOf = (r: { statusCode: number; body: string; json(): unknown } & Parameters<typeof expectProblem>[0]) => {
  const p = expectProblem(r, 400, 'VALIDATION_FAILED');
  return (p.details as { issues: Array<{ path: string; code: string; message: string }> }).issues;
};

describe('legal business profile', () => {
  it('saves a Taiwan profile, derives market taiwan, currency TWD and the policy in force, and answers it with an ETag', async () => {
    const org = await newOrg(s, 'lb-taiwan');
    expectProblem(await get(s, org.cookie, LEGAL), 404, 'NOT_FOUND');
    const r = await put(s, org.cookie, LEGAL, legalBody(org, 'TW', { primaryContact: { firstName: 'Mei', lastName: 'Lin', email: 'Mei.Lin@LB-Taiwan.example' } }));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers.etag).toBe('"1"');
    const body = r.json();
    expect(body).toMatchObject({
      companyName: 'lb-taiwan.example Ltd.',
      address: { line1: 'No. 7, Sec. 5, Xinyi Rd.', line2: null, city: 'Taipei', state: null, postalCode: '110', country: 'TW' },
      primaryContact: { firstName: 'Mei', lastName: 'Lin', email: 'mei.lin@lb-taiwan.example', phone: null },
      registrationId: '12345678',
      market: { id: 'taiwan', name: 'Taiwan' },
      billingCurrency: 'TWD',
      marketPolicyVersion: '2023-08-17',
      countryLocked: false,
      countryLockedAt: null,
      version: 1,
    });
    const g = await get(s, org.cookie, LEGAL);
    expect(g.statusCode).toBe(200);
    expect(g.headers.etag).toBe('"1"');
    expect(g.json()).toEqual(body);

    const row = await db().selectFrom('legalBusinessProfile').selectAll().where('organizationId', '=', org.organizationId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ country: 'TW', marketId: 'taiwan', currency: 'TWD', marketPolicyVersion: '2023-08-17', version: 1, updatedBy: org.userId });
    const events = await auditOf(org.organizationId, 'LEGAL_PROFILE_CREATED');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorUserId: org.userId, organizationId: org.organizationId, subjectType: 'legal_business_profile', data: { version: 1, changes: { country: { from: null, to: 'TW' }, marketId: { from: null, to: 'taiwan' } } } });
    // The organization, named after its domain until now, takes its legal name.
    const me = (await s.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: org.cookie } })).json();
    expect(me.organization).toMatchObject({ name: 'lb-taiwan.example Ltd.', domain: 'lb-taiwan.example' });
    expect(await auditOf(org.organizationId, 'ORGANIZATION_RENAMED')).toHaveLength(1);
  });

  it.each([
    ['DE', 'europe', 'EUR'],
    ['GB', 'europe', 'GBP'],
    ['BR', 'brazil', 'USD'],
    ['US', 'united-states', 'USD'],
    ['JP', 'japan', 'JPY'],
  ])('derives the market and billing currency of %s: %s, %s', async (country, market, currency) => {
    const org = await newOrg(s, `lb-derive-${country.toLowerCase()}`);
    const saved = await saveLegal(s, org, country);
    expect(saved).toMatchObject({ market: { id: market }, billingCurrency: currency });
    const summary = (await get(s, org.cookie, '/api/v1/profile')).json();
    expect(summary.market).toMatchObject({ id: market, currency });
  });

  it.each([
    ['US without state and with a 4-digit ZIP', 'US', { state: null, postalCode: '6270' }, [['body.address.state', 'REQUIRED'], ['body.address.postalCode', 'POSTAL_CODE_FORMAT']]],
    ['US without ZIP', 'US', { postalCode: '' }, [['body.address.postalCode', 'REQUIRED']]],
    ['TW with a 4-digit postal code', 'TW', { postalCode: '1100' }, [['body.address.postalCode', 'POSTAL_CODE_FORMAT']]],
    ['TW with letters as postal code', 'TW', { postalCode: 'ABC' }, [['body.address.postalCode', 'POSTAL_CODE_FORMAT']]],
    ['GB with a numeric postcode', 'GB', { postalCode: '12345' }, [['body.address.postalCode', 'POSTAL_CODE_FORMAT']]],
    ['DE without postal code', 'DE', { postalCode: null }, [['body.address.postalCode', 'REQUIRED']]],
    ['BR without state', 'BR', { state: ' ' }, [['body.address.state', 'REQUIRED']]],
  ] as const)('refuses an address %s with 400 VALIDATION_FAILED naming each field', async (_label, country, change, expected) => {
    const org = await newOrg(s, `lb-addr-${Math.random().toString(36).slice(2, 8)}`);
    const body = legalBody(org, country);
    const before = await profileCounts(s);
    const issues = issuesOf(await put(s, org.cookie, LEGAL, { ...body, address: { ...body.address, ...change } }));
    expect(issues.map((i) => [i.path, i.code]).sort()).toEqual([...expected].map((e) => [...e]).sort());
    expect(await profileCounts(s)).toEqual(before);
  });

  it('accepts a Hong Kong address without a postal code', async () => {
    const org = await newOrg(s, 'lb-hongkong');
    const saved = await saveLegal(s, org, 'HK');
    expect(saved).toMatchObject({ address: { postalCode: null, country: 'HK' }, market: { id: 'asia-and-pacific' }, billingCurrency: 'USD' });
  });

  it('requires the 8-digit Unified Business Number in Taiwan', async () => {
    const org = await newOrg(s, 'lb-tw-ubn');
    for (const [registrationId, code] of [[null, 'REQUIRED'], ['', 'REQUIRED'], ['1234567', 'REGISTRATION_ID_FORMAT'], ['1234567A', 'REGISTRATION_ID_FORMAT']] as const) {
      const issues = issuesOf(await put(s, org.cookie, LEGAL, legalBody(org, 'TW', { registrationId })));
      expect(issues, String(registrationId)).toEqual([{ path: 'body.registrationId', code, message: expect.stringContaining('Unified Business Number') }]);
    }
    expect((await saveLegal(s, org, 'TW', { registrationId: ' 87654321 ' })).version).toBe(1);
    // Elsewhere the registration ID is optional.
    const us = await newOrg(s, 'lb-us-noreg');
    expect((await saveLegal(s, us, 'US', { registrationId: null })).version).toBe(1);
  });

  it("refuses a primary contact outside the organization's domain (the employment check) with CONTACT_DOMAIN_MISMATCH", async () => {
    const org = await newOrg(s, 'lb-contact');
    for (const email of ['mei@other-company.example', 'mei@gmail.com', 'mei@sub.lb-contact.example', 'mei@lb-contact.example.evil.example']) {
      const issues = issuesOf(await put(s, org.cookie, LEGAL, legalBody(org, 'TW', { primaryContact: { firstName: 'Mei', lastName: 'Lin', email } })));
      expect(issues, email).toEqual([{ path: 'body.primaryContact.email', code: 'CONTACT_DOMAIN_MISMATCH', message: expect.stringContaining('lb-contact.example') }]);
    }
    expectProblem(await get(s, org.cookie, LEGAL), 404, 'NOT_FOUND');
  });

  it('reports every problem at once: address, registration ID and contact', async () => {
    const org = await newOrg(s, 'lb-many');
    const body = legalBody(org, 'TW', { registrationId: null, primaryContact: { firstName: 'A', lastName: 'B', email: 'a@elsewhere.example' } });
    const issues = issuesOf(await put(s, org.cookie, LEGAL, { ...body, address: { ...body.address, postalCode: 'x' } }));
    expect(issues.map((i) => i.code).sort()).toEqual(['CONTACT_DOMAIN_MISMATCH', 'POSTAL_CODE_FORMAT', 'REQUIRED']);
  });

  it('refuses a country outside every market with 422 COUNTRY_NOT_IN_PROGRAM', async () => {
    const org = await newOrg(s, 'lb-notinprogram');
    const before = await profileCounts(s);
    for (const country of ['KP', 'RU', 'ZZ']) {
      const body = legalBody(org, 'DE');
      const p = expectProblem(await put(s, org.cookie, LEGAL, { ...body, address: { ...body.address, country } }), 422, 'COUNTRY_NOT_IN_PROGRAM');
      expect(p.details).toMatchObject({ country, policyVersion: '2023-08-17' });
    }
    expect(await profileCounts(s)).toEqual(before);
  });

  it('refuses to change the legal country once it is locked (409 LEGAL_COUNTRY_LOCKED), and still saves other changes', async () => {
    const org = await newOrg(s, 'lb-locked');
    await saveLegal(s, org, 'TW');
    const lockedAt = new Date('2025-03-01T08:00:00Z');
    await db().updateTable('legalBusinessProfile').set({ countryLockedAt: lockedAt }).where('organizationId', '=', org.organizationId).execute();
    const before = await profileCounts(s);
    const p = expectProblem(await put(s, org.cookie, LEGAL, legalBody(org, 'DE')), 409, 'LEGAL_COUNTRY_LOCKED');
    expect(p.details).toEqual({ country: 'TW', lockedAt: lockedAt.toISOString() });
    expect(await profileCounts(s)).toEqual(before);

    const r = await put(s, org.cookie, LEGAL, legalBody(org, 'TW', { companyName: 'Renamed Ltd.' }));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ companyName: 'Renamed Ltd.', countryLocked: true, countryLockedAt: lockedAt.toISOString(), version: 2, address: { country: 'TW' } });
    expect((await get(s, org.cookie, '/api/v1/profile')).json()).toMatchObject({ countryLocked: true });
  });

  it('lockLegalCountry (used at submission) locks once, keeps the first time, bumps the version and audits with a context', async () => {
    const org = await newOrg(s, 'lb-lockfn');
    expect(await lockLegalCountry(db(), org.organizationId, new Date())).toBeNull();
    await saveLegal(s, org, 'TW');
    const t1 = new Date('2025-04-01T00:00:00.123Z');
    const ctx = { actorUserId: org.userId, organizationId: org.organizationId, requestId: 'test' };
    expect(await db().transaction().execute((trx) => lockLegalCountry(trx, org.organizationId, t1, ctx))).toEqual(t1);
    expect(await db().transaction().execute((trx) => lockLegalCountry(trx, org.organizationId, new Date('2025-05-01T00:00:00Z'), ctx))).toEqual(t1);
    const g = await get(s, org.cookie, LEGAL);
    expect(g.json()).toMatchObject({ countryLocked: true, countryLockedAt: t1.toISOString(), version: 2 });
    expect(g.headers.etag).toBe('"2"');
    expect(await auditOf(org.organizationId, 'LEGAL_COUNTRY_FIXED')).toHaveLength(1);
    expect((await getProfileStatus(db(), org.organizationId)).countryLocked).toBe(true);
  });

  it('changes nothing when the same profile is saved again: same version, no audit event', async () => {
    const org = await newOrg(s, 'lb-same');
    await saveLegal(s, org, 'US');
    const events = (await auditOf(org.organizationId)).length;
    const r = await put(s, org.cookie, LEGAL, legalBody(org, 'US'));
    expect(r.json()).toMatchObject({ version: 1 });
    expect(r.headers.etag).toBe('"1"');
    expect(await auditOf(org.organizationId)).toHaveLength(events);
  });

  it('audits an update with the changed fields only', async () => {
    const org = await newOrg(s, 'lb-audit');
    await saveLegal(s, org, 'DE');
    await saveLegal(s, org, 'DE', { companyName: 'Neue GmbH' });
    const [e] = await auditOf(org.organizationId, 'LEGAL_PROFILE_UPDATED');
    expect(e!.data).toEqual({ version: 2, changes: { companyName: { from: 'lb-audit.example Ltd.', to: 'Neue GmbH' } } });
  });

  it('releases a partner ID of the old country when the legal country changes', async () => {
    const org = await newOrg(s, 'lb-release');
    await saveLegal(s, org, 'TW');
    const partnerId = await registerPartnerId(s, { country: 'TW' });
    expect((await put(s, org.cookie, '/api/v1/profile/partner-id', { partnerId })).statusCode).toBe(200);
    await saveLegal(s, org, 'TW', { companyName: 'Same Country Ltd.' });
    expect((await get(s, org.cookie, '/api/v1/profile/partner-id')).statusCode).toBe(200);

    await saveLegal(s, org, 'DE');
    expectProblem(await get(s, org.cookie, '/api/v1/profile/partner-id'), 404, 'NOT_FOUND');
    expect(await db().selectFrom('partnerIdRegistry').select(['associatedOrganizationId', 'associatedAt']).where('partnerId', '=', partnerId).executeTakeFirstOrThrow()).toEqual({ associatedOrganizationId: null, associatedAt: null });
    expect((await auditOf(partnerId, 'PARTNER_ID_RELEASED'))[0]!.data).toMatchObject({ reason: 'LEGAL_COUNTRY_CHANGED', partnerIdCountry: 'TW', legalCountry: 'DE' });
    expect((await getProfileStatus(db(), org.organizationId)).missing).toContain('partnerId');
  });

  it('derives the market from the policy in force at the clock', async () => {
    const clock = new FakeClock(new Date('2020-06-01T00:00:00Z'));
    const old = await startTestServer({ clock });
    try {
      const org = await newOrg(old, 'lb-2020');
      const body = legalBody(org, 'DE');
      const r = await put(old, org.cookie, LEGAL, { ...body, address: { line1: 'Tverskaya 1', city: 'Moscow', postalCode: '125009', country: 'RU' } });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ market: { id: 'russia', name: 'Russia' }, billingCurrency: 'RUB', marketPolicyVersion: '2018-11-03' });
      const br = await newOrg(old, 'lb-2020-br');
      expect(await saveLegal(old, br, 'BR')).toMatchObject({ market: { id: 'brazil' }, billingCurrency: 'USD', marketPolicyVersion: '2018-11-03' });
    } finally {
      await old.close();
    }
  });
});

describe('ETag and If-Match', () => {
  it('answers 412 PRECONDITION_FAILED for a stale If-Match and accepts the current one (strong, weak or *)', async () => {
    const org = await newOrg(s, 'etag-basic');
    await saveLegal(s, org, 'TW');
    const v2 = await put(s, org.cookie, LEGAL, legalBody(org, 'TW', { companyName: 'Two' }), { 'if-match': '"1"' });
    expect(v2.statusCode, v2.body).toBe(200);
    expect(v2.headers.etag).toBe('"2"');

    const before = await profileCounts(s);
    const stale = expectProblem(await put(s, org.cookie, LEGAL, legalBody(org, 'TW', { companyName: 'Lost update' }), { 'if-match': '"1"' }), 412, 'PRECONDITION_FAILED');
    expect(stale.details).toEqual({ currentVersion: 2 });
    expect(await profileCounts(s)).toEqual(before);
    expect((await get(s, org.cookie, LEGAL)).json()).toMatchObject({ companyName: 'Two', version: 2 });

    expect((await put(s, org.cookie, LEGAL, legalBody(org, 'TW', { companyName: 'Three' }), { 'if-match': 'W/"2"' })).headers.etag).toBe('"3"');
    expect((await put(s, org.cookie, LEGAL, legalBody(org, 'TW', { companyName: 'Four' }), { 'if-match': '"1", "3"' })).headers.etag).toBe('"4"');
    expect((await put(s, org.cookie, LEGAL, legalBody(org, 'TW', { companyName: 'Five' }), { 'if-match': '*' })).headers.etag).toBe('"5"');
    expectProblem(await put(s, org.cookie, LEGAL, legalBody(org, 'TW', { companyName: 'Six' }), { 'if-match': 'garbage' }), 412, 'PRECONDITION_FAILED');
  });

  it('refuses If-Match on a part that does not exist yet', async () => {
    const org = await newOrg(s, 'etag-missing');
    for (const tag of ['"1"', '*']) {
      expectProblem(await put(s, org.cookie, SUPPORT, { email: 'help@etag-missing.example' }, { 'if-match': tag }), 412, 'PRECONDITION_FAILED');
      expectProblem(await put(s, org.cookie, LEGAL, legalBody(org), { 'if-match': tag }), 412, 'PRECONDITION_FAILED');
    }
    expectProblem(await get(s, org.cookie, SUPPORT), 404, 'NOT_FOUND');
  });

  it('lets exactly one of two concurrent writers holding the same version win; the other gets 412', async () => {
    const org = await newOrg(s, 'etag-race');
    await saveLegal(s, org, 'TW');
    const results = await raceOnLock(s, 'select 1 from legal_business_profile where organization_id = $1 for update', [org.organizationId], 2, () =>
      Promise.all(['Writer A', 'Writer B'].map((companyName) => put(s, org.cookie, LEGAL, legalBody(org, 'TW', { companyName }), { 'if-match': '"1"' }))),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412]);
    const winner = results.find((r) => r.statusCode === 200)!.json();
    expect(winner.version).toBe(2);
    expect((await get(s, org.cookie, LEGAL)).json()).toMatchObject({ companyName: winner.companyName, version: 2 });
    expect(await auditOf(org.organizationId, 'LEGAL_PROFILE_UPDATED')).toHaveLength(1);
  });

  it('versions the support and billing profiles the same way', async () => {
    const org = await newOrg(s, 'etag-parts');
    const bank = { bankAccount: { holderName: 'Etag GmbH', iban: IBAN_DE, bic: BIC_DE, bankCountry: 'DE' } };
    for (const [url, first, second] of [
      [SUPPORT, { email: 'help@etag-parts.example' }, { email: 'support@etag-parts.example' }],
      [BILLING, bank, { ...bank, taxId: 'DE123456789' }],
    ] as const) {
      const r1 = await put(s, org.cookie, url, first);
      expect(r1.headers.etag, r1.body).toBe('"1"');
      expect((await get(s, org.cookie, url)).headers.etag).toBe('"1"');
      expect((await put(s, org.cookie, url, second, { 'if-match': '"1"' })).headers.etag).toBe('"2"');
      expectProblem(await put(s, org.cookie, url, first, { 'if-match': '"1"' }), 412, 'PRECONDITION_FAILED');
      expect((await get(s, org.cookie, url)).json()).toMatchObject({ version: 2 });
    }
  });
});

describe('support profile', () => {
  it('saves email, phone and website, and refuses a non-http website or a bad email with 400', async () => {
    const org = await newOrg(s, 'support-basic');
    const r = await put(s, org.cookie, SUPPORT, { email: 'Help@Support-Basic.example', phone: '+1 (425) 555-0100', website: 'https://support-basic.example/help' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ email: 'help@support-basic.example', phone: '+1 (425) 555-0100', website: 'https://support-basic.example/help', version: 1 });
    expect(await auditOf(org.organizationId, 'SUPPORT_PROFILE_CREATED')).toHaveLength(1);
    expect((await put(s, org.cookie, SUPPORT, { email: 'help@support-basic.example', website: '' })).json()).toMatchObject({ phone: null, website: null, version: 2 });
    expect(issuesOf(await put(s, org.cookie, SUPPORT, { email: 'help@support-basic.example', website: 'ftp://support-basic.example' })).map((i) => i.path)).toContain('body.website');
    expect(issuesOf(await put(s, org.cookie, SUPPORT, { email: 'not-an-email' })).map((i) => i.path)).toContain('body.email');
    expect(issuesOf(await put(s, org.cookie, SUPPORT, { email: 'help@support-basic.example', phone: 'call me' })).map((i) => i.path)).toContain('body.phone');
  });
});

describe('billing profile', () => {
  /** The row exactly as PostgreSQL stores it (plain pg: no Kysely plugin in between). */
  const rawRow = async (organizationId: string) => {
    const client = new pg.Client({ connectionString: s.databaseUrl });
    await client.connect();
    try {
      const r = await client.query<Record<string, unknown>>('select * from billing_profile where organization_id = $1', [organizationId]);
      expect(r.rows).toHaveLength(1);
      return r.rows[0]!;
    } finally {
      await client.end();
    }
  };

  it('encrypts bank details at rest: the raw row holds no plaintext IBAN, BIC or holder name, and GET shows only the mask', async () => {
    const org = await newOrg(s, 'billing-iban');
    await saveLegal(s, org, 'DE');
    const holder = 'Müller Handels GmbH';
    const r = await put(s, org.cookie, BILLING, { bankAccount: { holderName: holder, iban: 'DE89 3704 0044 0532 0130 00', bic: 'cobadeffxxx', bankCountry: 'de' }, taxId: 'DE123456789' });
    expect(r.statusCode, r.body).toBe(200);
    const expected = { bankAccount: { holderName: holder, bankCountry: 'DE', masked: '••••••••3000', scheme: 'IBAN' }, taxId: 'DE123456789', billingCurrency: 'EUR', market: { id: 'europe', name: 'Europe' }, version: 1 };
    expect(r.json()).toMatchObject(expected);
    const g = await get(s, org.cookie, BILLING);
    expect(g.json()).toMatchObject(expected);

    const secrets = [IBAN_DE, '370400440532013000', '0532013000', 'DE89 3704', BIC_DE, 'COBADEFF', holder, 'Müller', 'Handels'];
    const row = await rawRow(org.organizationId);
    const rawText = JSON.stringify(row);
    for (const secret of secrets) expect(rawText, secret).not.toContain(secret);
    expect(row).toMatchObject({ bank_country: 'DE', masked: '••••••••3000', account_number_enc: null, routing_number_enc: null, key_id: s.runtime.deps.crypto.keyId });
    for (const col of ['holder_name_enc', 'iban_enc', 'bic_enc']) expect(row[col], col).toMatch(new RegExp(`^v1\\.${s.runtime.deps.crypto.keyId}\\.`));
    // It is the bank data, encrypted (not dropped): the key opens it for this organization only.
    expect(s.runtime.deps.crypto.decrypt(row.iban_enc as string, `billing_profile:${org.organizationId}:iban`)).toBe(IBAN_DE);
    expect(() => s.runtime.deps.crypto.decrypt(row.iban_enc as string, 'billing_profile:someone-else:iban')).toThrow();

    for (const text of [g.body, r.body, (await get(s, org.cookie, '/api/v1/profile')).body]) {
      for (const secret of secrets.filter((x) => !x.includes('Müller') && !x.includes('Handels'))) expect(text, secret).not.toContain(secret);
    }
    // The audit log records masks and flags only.
    const events = await auditOf(org.organizationId, 'BILLING_PROFILE_CREATED');
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ scheme: 'IBAN', masked: { from: null, to: '••••••••3000' }, holderNameChanged: true });
    const auditText = JSON.stringify(await auditOf(org.organizationId));
    for (const secret of secrets) expect(auditText, secret).not.toContain(secret);
  });

  it('stores account and routing number for a US bank, encrypted, and shows the last four digits', async () => {
    const org = await newOrg(s, 'billing-us');
    const r = await put(s, org.cookie, BILLING, { bankAccount: { holderName: 'Fabrikam Inc.', accountNumber: '000123456789', routingNumber: '021000021', iban: 'ignored', bankCountry: 'US' } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ bankAccount: { holderName: 'Fabrikam Inc.', masked: '••••••••6789', scheme: 'ACCOUNT' }, billingCurrency: null, market: null });
    const row = await rawRow(org.organizationId);
    expect(row).toMatchObject({ iban_enc: null, bic_enc: null });
    const rawText = JSON.stringify(row);
    for (const secret of ['000123456789', '123456789', '021000021', 'Fabrikam']) expect(rawText, secret).not.toContain(secret);
  });

  it.each([
    ['an IBAN with a wrong check digit', { iban: 'DE88370400440532013000', bic: BIC_DE, bankCountry: 'DE' }, [['body.bankAccount.iban', 'IBAN_INVALID']]],
    ['an IBAN of another country', { iban: 'FR1420041010050500013M02606', bic: BIC_DE, bankCountry: 'DE' }, [['body.bankAccount.iban', 'IBAN_COUNTRY_MISMATCH']]],
    ['an invalid BIC', { iban: IBAN_DE, bic: 'XYZ', bankCountry: 'DE' }, [['body.bankAccount.bic', 'BIC_INVALID']]],
    ['no IBAN nor BIC in an IBAN country', { accountNumber: '12345678', bankCountry: 'DE' }, [['body.bankAccount.iban', 'REQUIRED'], ['body.bankAccount.bic', 'REQUIRED']]],
    ['a US bank without routing number', { accountNumber: '12345678', bankCountry: 'US' }, [['body.bankAccount.routingNumber', 'REQUIRED']]],
    ['a US routing number of 3 digits', { accountNumber: '12345678', routingNumber: '123', bankCountry: 'US' }, [['body.bankAccount.routingNumber', 'ROUTING_NUMBER_FORMAT']]],
  ] as const)('refuses %s with 400 naming the field', async (_label, bank, expected) => {
    const org = await newOrg(s, `billing-bad-${Math.random().toString(36).slice(2, 8)}`);
    const before = await profileCounts(s);
    const issues = issuesOf(await put(s, org.cookie, BILLING, { bankAccount: { holderName: 'Someone', ...bank } }));
    expect(issues.map((i) => [i.path, i.code]).sort()).toEqual([...expected].map((e) => [...e]).sort());
    expect(await profileCounts(s)).toEqual(before);
  });

  it('keeps working when the stored values were encrypted under another key: holder name null, and saving again re-encrypts', async () => {
    const org = await newOrg(s, 'billing-rekey');
    await put(s, org.cookie, BILLING, { bankAccount: { holderName: 'Old Key GmbH', iban: IBAN_DE, bic: BIC_DE, bankCountry: 'DE' } });
    await db().updateTable('billingProfile').set({ holderNameEnc: 'v1.deadbeef.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA==.AAAA', keyId: 'deadbeef' }).where('organizationId', '=', org.organizationId).execute();
    const g = await get(s, org.cookie, BILLING);
    expect(g.statusCode).toBe(200);
    expect(g.json()).toMatchObject({ bankAccount: { holderName: null, masked: '••••••••3000' } });
    expect((await get(s, org.cookie, '/api/v1/profile')).statusCode).toBe(200);
    const again = await put(s, org.cookie, BILLING, { bankAccount: { holderName: 'Old Key GmbH', iban: IBAN_DE, bic: BIC_DE, bankCountry: 'DE' } });
    expect(again.json()).toMatchObject({ bankAccount: { holderName: 'Old Key GmbH' }, version: 2 });
  });
});

describe('roles', () => {
  let admin: TestOrg;
  let member: string;
  let billing: string;
  let account: string;
  beforeAll(async () => {
    admin = await newOrg(s, 'roles-org');
    member = (await signInInvited(s, admin.cookie, 'member@roles-org.example', 'member')).cookie;
    billing = (await signInInvited(s, admin.cookie, 'billing@roles-org.example', 'billing_admin')).cookie;
    account = (await signInInvited(s, admin.cookie, 'account@roles-org.example', 'account_admin')).cookie;
    await saveLegal(s, admin, 'DE');
    expect((await put(s, admin.cookie, SUPPORT, { email: 'help@roles-org.example' })).statusCode).toBe(200);
    expect((await put(s, admin.cookie, BILLING, { bankAccount: { holderName: 'Roles GmbH', iban: IBAN_DE, bic: BIC_DE, bankCountry: 'DE' } })).statusCode).toBe(200);
  });
  const bank = { bankAccount: { holderName: 'Roles AG', iban: IBAN_DE, bic: BIC_DE, bankCountry: 'DE' } };

  it('lets a member read the profile but write nothing, and hides billing from it', async () => {
    const before = await profileCounts(s);
    for (const url of ['/api/v1/profile', LEGAL, SUPPORT]) expect((await get(s, member, url)).statusCode, url).toBe(200);
    expectProblem(await get(s, member, BILLING), 403, 'FORBIDDEN');
    expectProblem(await put(s, member, LEGAL, legalBody(admin, 'DE')), 403, 'FORBIDDEN');
    expectProblem(await put(s, member, SUPPORT, { email: 'x@roles-org.example' }), 403, 'FORBIDDEN');
    expectProblem(await put(s, member, BILLING, bank), 403, 'FORBIDDEN');
    expectProblem(await put(s, member, '/api/v1/profile/partner-id', { partnerId: '1234' }), 403, 'FORBIDDEN');
    expect(await profileCounts(s)).toEqual(before);
    const summary = (await get(s, member, '/api/v1/profile')).json();
    expect(summary.billing).toBeNull();
    expect(summary.missing).toEqual(['partnerId']);
  });

  it('lets a billing admin write billing but not the legal or support profile nor the partner ID', async () => {
    const r = await put(s, billing, BILLING, bank);
    expect(r.statusCode, r.body).toBe(200);
    expect((await get(s, billing, BILLING)).json()).toMatchObject({ bankAccount: { holderName: 'Roles AG' } });
    expectProblem(await put(s, billing, LEGAL, legalBody(admin, 'DE', { companyName: 'Billing Was Here' })), 403, 'FORBIDDEN');
    expectProblem(await put(s, billing, SUPPORT, { email: 'billing@roles-org.example' }), 403, 'FORBIDDEN');
    expectProblem(await put(s, billing, '/api/v1/profile/partner-id', { partnerId: '1234' }), 403, 'FORBIDDEN');
    expect((await get(s, billing, LEGAL)).json().companyName).not.toBe('Billing Was Here');
  });

  it('lets an account admin write the legal profile and read, but not write, billing', async () => {
    expect((await put(s, account, LEGAL, legalBody(admin, 'DE', { companyName: 'Account Admin GmbH' }))).statusCode).toBe(200);
    expect((await get(s, account, BILLING)).statusCode).toBe(200);
    expectProblem(await put(s, account, BILLING, bank), 403, 'FORBIDDEN');
  });

  it('gives program staff no access to partner profiles', async () => {
    await createStaff(s, 'verifier@roles-program.example', 'verifier');
    const staff = (await signIn(s, 'verifier@roles-program.example')).cookie;
    for (const url of ['/api/v1/profile', LEGAL, SUPPORT, BILLING, '/api/v1/profile/partner-id']) expectProblem(await get(s, staff, url), 403, 'FORBIDDEN');
  });
});

describe('summary, status and review', () => {
  it('summarises an empty profile, then a complete one; status and review agree, bank data masked', async () => {
    const org = await newOrg(s, 'summary-org');
    expect((await get(s, org.cookie, '/api/v1/profile')).json()).toEqual({ legalBusiness: null, support: null, billing: null, partnerId: null, market: null, missing: ['legalBusiness', 'supportProfile', 'billingProfile', 'partnerId'], countryLocked: false });
    expect(await getProfileStatus(db(), org.organizationId)).toEqual({ legalCountry: null, countryLocked: false, companyName: null, primaryContactEmail: null, partnerId: null, market: null, missing: ['legalBusiness', 'supportProfile', 'billingProfile', 'partnerId'] });

    await saveLegal(s, org, 'TW');
    await put(s, org.cookie, SUPPORT, { email: 'help@summary-org.example' });
    await put(s, org.cookie, BILLING, { bankAccount: { holderName: 'Summary Ltd.', accountNumber: '1234567890', routingNumber: '8120012', bankCountry: 'TW' } });
    const partnerId = await registerPartnerId(s, { country: 'TW', legalName: 'Summary Ltd.' });
    expect((await put(s, org.cookie, '/api/v1/profile/partner-id', { partnerId })).statusCode).toBe(200);

    const summary = (await get(s, org.cookie, '/api/v1/profile')).json();
    expect(summary).toMatchObject({
      legalBusiness: { companyName: 'summary-org.example Ltd.', market: { id: 'taiwan' } },
      support: { email: 'help@summary-org.example' },
      billing: { bankAccount: { holderName: 'Summary Ltd.', masked: '••••••7890', scheme: 'ACCOUNT' }, billingCurrency: 'TWD' },
      partnerId: { partnerId, legalName: 'Summary Ltd.', country: 'TW' },
      market: { id: 'taiwan', name: 'Taiwan', currency: 'TWD' },
      missing: [],
      countryLocked: false,
    });
    expect(await getProfileStatus(db(), org.organizationId)).toEqual({
      legalCountry: 'TW',
      countryLocked: false,
      companyName: 'summary-org.example Ltd.',
      primaryContactEmail: 'mei.lin@summary-org.example',
      partnerId,
      market: { id: 'taiwan', name: 'Taiwan', currency: 'TWD' },
      missing: [],
    });

    const review = await getProfileForReview(db(), org.organizationId);
    expect(review).toMatchObject({ legalBusiness: { registrationId: '12345678' }, support: { email: 'help@summary-org.example' }, billing: { bankAccount: { holderName: null, masked: '••••••7890' } }, partnerId: { partnerId } });
    expect(JSON.stringify(review)).not.toContain('1234567890');
    expect((await getProfileForReview(db(), org.organizationId, s.runtime.deps.crypto)).billing?.bankAccount.holderName).toBe('Summary Ltd.');
  });
});

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, expectProblem, signIn, startTestServer, type TestServer } from '../../test/harness.ts';
import { newOrg, put, registerPartnerId, saveLegal } from '../profiles/profiles.factory.ts';

let s: TestServer;
let admin: string;
let verifier: string;
beforeAll(async () => {
  s = await startTestServer();
  await createStaff(s, 'registry-admin@program.example', 'program_admin');
  await createStaff(s, 'registry-verifier@program.example', 'verifier');
  admin = (await signIn(s, 'registry-admin@program.example')).cookie;
  verifier = (await signIn(s, 'registry-verifier@program.example')).cookie;
});
afterAll(async () => {
  await s?.close();
});

const db = () => s.runtime.deps.db;
const BASE = '/api/v1/admin/partner-ids';
const add = (cookie: string, body: Record<string, unknown>) => s.app.inject({ method: 'POST', url: BASE, headers: { cookie }, payload: body });
const patch = (cookie: string, partnerId: string, body: Record<string, unknown>) => s.app.inject({ method: 'PATCH', url: `${BASE}/${partnerId}`, headers: { cookie }, payload: body });
const list = async (query = '', cookie = admin) => {
  const r = await s.app.inject({ method: 'GET', url: `${BASE}${query}`, headers: { cookie } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { items: Array<{ partnerId: string; legalName: string; country: string; kind: string; active: boolean; associatedOrganizationId: string | null }>; nextCursor: string | null };
};
const importCsv = (csv: string, contentType = 'text/csv', cookie = admin) =>
  s.app.inject({ method: 'POST', url: `${BASE}/import`, headers: { cookie, 'content-type': contentType }, payload: contentType.startsWith('application/json') ? JSON.stringify({ csv }) : csv });
const registry = () => db().selectFrom('partnerIdRegistry').select(['partnerId', 'legalName', 'country', 'kind', 'active', 'associatedOrganizationId']).orderBy('partnerId').execute();
const auditCount = async () => Number((await db().selectFrom('auditEvent').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const HEADER = 'partnerId,legalName,country,kind,active';

describe('registry entries', () => {
  it('adds a partner ID (201) and refuses a second one with 409 PARTNER_ID_EXISTS', async () => {
    const r = await add(admin, { partnerId: '5100001', legalName: '  Contoso Taiwan Ltd. ', country: 'tw', kind: 'LOCATION', active: true });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ partnerId: '5100001', legalName: 'Contoso Taiwan Ltd.', country: 'TW', kind: 'LOCATION', active: true, associatedOrganizationId: null, associatedAt: null });
    const event = await db().selectFrom('auditEvent').selectAll().where('action', '=', 'PARTNER_ID_REGISTERED').where('subjectId', '=', '5100001').executeTakeFirstOrThrow();
    expect(event).toMatchObject({ organizationId: null, data: { legalName: 'Contoso Taiwan Ltd.', country: 'TW', kind: 'LOCATION', active: true } });

    const before = await registry();
    const dup = expectProblem(await add(admin, { partnerId: '5100001', legalName: 'Someone Else', country: 'DE', kind: 'GLOBAL', active: false }), 409, 'PARTNER_ID_EXISTS');
    expect(dup.details).toEqual({ partnerId: '5100001' });
    expect(await registry()).toEqual(before);
  });

  it('refuses a malformed entry with 400: non-numeric ID, unknown country, unknown kind', async () => {
    const good = { partnerId: '5100002', legalName: 'Fabrikam', country: 'DE', kind: 'LOCATION', active: true };
    for (const [field, value] of [['partnerId', 'ABC123'], ['partnerId', '12345678901'], ['country', 'ZZ'], ['country', 'DEU'], ['kind', 'HEADQUARTERS'], ['legalName', ' ']] as const) {
      const p = expectProblem(await add(admin, { ...good, [field]: value }), 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(p.details), `${field}=${value}`).toContain(`body.${field}`);
    }
    expect(await db().selectFrom('partnerIdRegistry').select('partnerId').where('partnerId', '=', '5100002').execute()).toHaveLength(0);
  });

  it('changes an entry with PATCH, keeps its association, audits the change; 404 for an unknown ID', async () => {
    const org = await newOrg(s, 'registry-patch');
    await saveLegal(s, org, 'TW');
    const partnerId = await registerPartnerId(s, { legalName: 'Before Ltd.' });
    expect((await put(s, org.cookie, '/api/v1/profile/partner-id', { partnerId })).statusCode).toBe(200);

    const r = await patch(admin, partnerId, { legalName: 'After Ltd.', active: false });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ partnerId, legalName: 'After Ltd.', active: false, kind: 'LOCATION', country: 'TW', associatedOrganizationId: org.organizationId });
    const event = await db().selectFrom('auditEvent').selectAll().where('action', '=', 'PARTNER_ID_REGISTRY_UPDATED').where('subjectId', '=', partnerId).executeTakeFirstOrThrow();
    expect(event.data).toEqual({ changes: { legalName: { from: 'Before Ltd.', to: 'After Ltd.' }, active: { from: true, to: false } } });

    const events = await auditCount();
    expect((await patch(admin, partnerId, { active: false })).json()).toMatchObject({ active: false });
    expect(await auditCount()).toBe(events);
    expectProblem(await patch(admin, '9999999999', { active: true }), 404, 'NOT_FOUND');
    expectProblem(await patch(admin, 'not-an-id', { active: true }), 404, 'NOT_FOUND');
    expectProblem(await patch(admin, partnerId, { country: 'ZZ' }), 400, 'VALIDATION_FAILED');
  });

  it('lists entries in numeric order with filters, and pages with nextCursor', async () => {
    for (const [partnerId, legalName, country, kind, active] of [
      ['61', 'Northwind Traders', 'US', 'LOCATION', true],
      ['610', 'Northwind Traders EU', 'DE', 'GLOBAL', true],
      ['6100', 'Tailspin Toys', 'US', 'LOCATION', false],
      ['9', 'Wingtip 100% Toys', 'GB', 'LOCATION', true],
    ] as const) {
      expect((await add(admin, { partnerId, legalName, country, kind, active })).statusCode).toBe(201);
    }
    const all = (await list('?limit=200')).items.map((i) => i.partnerId);
    expect(all.indexOf('9')).toBeLessThan(all.indexOf('61'));
    expect(all.indexOf('61')).toBeLessThan(all.indexOf('610'));
    expect(all.indexOf('610')).toBeLessThan(all.indexOf('6100'));

    expect((await list('?q=northwind')).items.map((i) => i.partnerId)).toEqual(['61', '610']);
    expect((await list('?q=61')).items.map((i) => i.partnerId)).toEqual(['61', '610', '6100']);
    expect((await list('?q=100%25')).items.map((i) => i.partnerId)).toEqual(['9']);
    expect((await list('?q=Toys&country=us')).items.map((i) => i.partnerId)).toEqual(['6100']);
    expect((await list('?q=6&kind=GLOBAL')).items.map((i) => i.partnerId)).toEqual(['610']);
    expect((await list('?q=6&active=false')).items.map((i) => i.partnerId)).toEqual(['6100']);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`?q=6&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.partnerId));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual(['61', '610', '6100']);
    expectProblem(await s.app.inject({ method: 'GET', url: `${BASE}?cursor=not-a-cursor`, headers: { cookie: admin } }), 400, 'VALIDATION_FAILED');
    expectProblem(await s.app.inject({ method: 'GET', url: `${BASE}?active=maybe`, headers: { cookie: admin } }), 400, 'VALIDATION_FAILED');
  });

  it('filters by association', async () => {
    const org = await newOrg(s, 'registry-assoc');
    await saveLegal(s, org, 'TW');
    const held = await registerPartnerId(s, { legalName: 'Held Assoc Ltd.' });
    const free = await registerPartnerId(s, { legalName: 'Free Assoc Ltd.' });
    await put(s, org.cookie, '/api/v1/profile/partner-id', { partnerId: held });
    expect((await list('?q=Assoc&associated=true')).items.map((i) => [i.partnerId, i.associatedOrganizationId])).toEqual([[held, org.organizationId]]);
    expect((await list('?q=Assoc&associated=false')).items.map((i) => i.partnerId)).toEqual([free]);
  });

  it('lets a verifier read the registry but not change it; partners get 403', async () => {
    expect((await list('', verifier)).items.length).toBeGreaterThan(0);
    expectProblem(await add(verifier, { partnerId: '5100009', legalName: 'X', country: 'TW', kind: 'LOCATION', active: true }), 403, 'FORBIDDEN');
    expectProblem(await patch(verifier, '5100001', { active: false }), 403, 'FORBIDDEN');
    expectProblem(await importCsv(`${HEADER}\n5100009,X,TW,LOCATION,true\n`, 'text/csv', verifier), 403, 'FORBIDDEN');
    const partner = await newOrg(s, 'registry-partner');
    expectProblem(await s.app.inject({ method: 'GET', url: BASE, headers: { cookie: partner.cookie } }), 403, 'FORBIDDEN');
    expectProblem(await add(partner.cookie, { partnerId: '5100009', legalName: 'X', country: 'TW', kind: 'LOCATION', active: true }), 403, 'FORBIDDEN');
    expect(await db().selectFrom('partnerIdRegistry').select('partnerId').where('partnerId', '=', '5100009').execute()).toHaveLength(0);
  });
});

describe('CSV import', () => {
  it('imports a good file: creates new IDs, updates known ones, keeps associations, audits once', async () => {
    const org = await newOrg(s, 'import-assoc');
    await saveLegal(s, org, 'TW');
    const known = await registerPartnerId(s, { legalName: 'Old Name Ltd.' });
    await put(s, org.cookie, '/api/v1/profile/partner-id', { partnerId: known });
    const csv = [
      HEADER,
      '7200001,Adatum Taiwan Ltd.,TW,LOCATION,true',
      '7200002,"Adatum Holdings, Inc.",us,global,FALSE',
      `${known},New Name Ltd.,TW,LOCATION,yes`,
      '',
    ].join('\r\n');
    const r = await importCsv('\ufeff' + csv);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ created: 2, updated: 1, unchanged: 0, errors: [] });
    const rows = (await registry()).filter((e) => ['7200001', '7200002', known].includes(e.partnerId));
    expect(rows).toEqual(
      expect.arrayContaining([
        { partnerId: '7200001', legalName: 'Adatum Taiwan Ltd.', country: 'TW', kind: 'LOCATION', active: true, associatedOrganizationId: null },
        { partnerId: '7200002', legalName: 'Adatum Holdings, Inc.', country: 'US', kind: 'GLOBAL', active: false, associatedOrganizationId: null },
        { partnerId: known, legalName: 'New Name Ltd.', country: 'TW', kind: 'LOCATION', active: true, associatedOrganizationId: org.organizationId },
      ]),
    );
    const events = await db().selectFrom('auditEvent').selectAll().where('action', '=', 'PARTNER_ID_REGISTRY_IMPORTED').execute();
    expect(events.at(-1)!.data).toMatchObject({ source: 'api', rows: 3, created: 2, updated: 1, unchanged: 0, createdIds: ['7200001', '7200002'], updatedIds: [known] });

    // The same file again changes nothing.
    expect((await importCsv(csv, 'text/csv; charset=utf-8')).json()).toEqual({ created: 0, updated: 0, unchanged: 3, errors: [] });
  });

  it('accepts the file as JSON { csv } too, and columns in any order', async () => {
    const r = await importCsv('active,kind,country,legalName,partnerId\ntrue,LOCATION,JP,Contoso Japan KK,7300001\n', 'application/json');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ created: 1 });
    expect((await list('?q=7300001')).items[0]).toMatchObject({ legalName: 'Contoso Japan KK', country: 'JP' });
  });

  it('changes nothing when one line is bad, and reports that line', async () => {
    const before = await registry();
    const events = await auditCount();
    const csv = [HEADER, '7400001,Good One Ltd.,TW,LOCATION,true', '7400002,Bad Country Ltd.,XX,LOCATION,true', '7400003,Good Two Ltd.,DE,GLOBAL,false'].join('\n');
    const p = expectProblem(await importCsv(csv), 400, 'VALIDATION_FAILED');
    expect(p.details).toMatchObject({ created: 0, updated: 0, errors: [{ line: 3, field: 'country', code: 'COUNTRY_UNKNOWN', message: expect.stringContaining('XX') }] });
    expect((p.details as { errors: unknown[] }).errors).toHaveLength(1);
    expect(p.details).toMatchObject({ issues: [{ path: 'lines.3.country', code: 'COUNTRY_UNKNOWN' }] });
    expect(p.detail).toContain('nothing was imported');
    expect(await registry()).toEqual(before);
    expect(await auditCount()).toBe(events);
  });

  it('reports every bad line at once, with line numbers counting the header and blank lines', async () => {
    const csv = [
      HEADER,
      '7500001,Fine Ltd.,TW,LOCATION,true',
      '',
      'ABC,Letters Ltd.,TW,LOCATION,true',
      '7500003,,TW,LOCATION,true',
      '7500004,Kind Ltd.,TW,BRANCH,true',
      '7500005,Active Ltd.,TW,LOCATION,maybe',
      '7500006,Short Ltd.,TW',
      '7500001,Duplicate Ltd.,TW,LOCATION,true',
    ].join('\n');
    const before = await registry();
    const p = expectProblem(await importCsv(csv), 400, 'VALIDATION_FAILED');
    const errors = (p.details as { errors: Array<{ line: number; code: string }> }).errors;
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [4, 'PARTNER_ID_FORMAT'],
      [5, 'REQUIRED'],
      [6, 'KIND_INVALID'],
      [7, 'ACTIVE_INVALID'],
      [8, 'FIELD_COUNT'],
      [9, 'DUPLICATE_IN_FILE'],
    ]);
    expect(await registry()).toEqual(before);
  });

  it('refuses a file with a wrong header, a broken quote, or nothing in it', async () => {
    const wrongHeader = expectProblem(await importCsv('id,name,country,kind,active\n1,A,TW,LOCATION,true\n'), 400, 'VALIDATION_FAILED');
    expect((wrongHeader.details as { errors: Array<{ line: number; message: string }> }).errors.map((e) => e.line)).toEqual([1, 1, 1]);
    expect(JSON.stringify(wrongHeader.details)).toContain('Missing column(s): partnerId, legalName');
    const quote = expectProblem(await importCsv(`${HEADER}\n7600001,"Unclosed,TW,LOCATION,true\n`), 400, 'VALIDATION_FAILED');
    expect(quote.details).toMatchObject({ errors: [{ code: 'CSV_SYNTAX' }] });
    expectProblem(await importCsv(''), 400, 'VALIDATION_FAILED');
    expectProblem(await importCsv('\n\n'), 400, 'VALIDATION_FAILED');
    expectProblem(await importCsv(`${HEADER}\n7600002,X,TW,LOCATION,true\n`, 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // The CSV parser belongs to the import route alone.
    expectProblem(await s.app.inject({ method: 'POST', url: BASE, headers: { cookie: admin, 'content-type': 'text/csv' }, payload: `${HEADER}\n7600003,X,TW,LOCATION,true\n` }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('imports the same file from the command line: csp-center registry import <file.csv>', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-registry-cli-'));
    try {
      const good = path.join(dir, 'registry.csv');
      fs.writeFileSync(good, `${HEADER}\n7700001,CLI One Ltd.,TW,LOCATION,true\n7700002,CLI Two GmbH,DE,GLOBAL,false\n`);
      const bad = path.join(dir, 'bad.csv');
      fs.writeFileSync(bad, `${HEADER}\n7700003,CLI Three Ltd.,TW,LOCATION,true\n7700004,CLI Four Ltd.,TW,SOMETHING,true\n`);
      const env = { ...process.env, DATABASE_URL: s.databaseUrl, DATA_DIR: dir, LOG_LEVEL: 'silent' };
      const ok = await cli(['registry', 'import', good], env);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('2 created, 0 updated, 0 unchanged');
      expect((await list('?q=CLI')).items.map((i) => i.partnerId)).toEqual(['7700001', '7700002']);

      const failed = await cli(['registry', 'import', bad], env);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain('line 3: kind "SOMETHING" is not LOCATION or GLOBAL');
      expect((await list('?q=CLI')).items.map((i) => i.partnerId)).toEqual(['7700001', '7700002']);
      const event = await db().selectFrom('auditEvent').selectAll().where('action', '=', 'PARTNER_ID_REGISTRY_IMPORTED').orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect(event).toMatchObject({ actorUserId: null, requestId: 'cli', data: { source: 'cli', created: 2 } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = path.resolve(import.meta.dirname, '../../../../..');
  return new Promise((resolve) => {
    execFile(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'apps/server/src/cli.ts'), ...args], { env, cwd: root }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

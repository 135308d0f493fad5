import { PARTNER_ID_KINDS, PARTNER_ID_PATTERN } from '@csp-center/domain';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { PageQuery, problems, Timestamp } from '../../http/schemas.ts';
import { auditContext, type App } from '../../http/types.ts';
import { LEGAL_NAME_MAX } from './partner-ids.csv.ts';
import { changeRegistryEntry, createRegistryEntry, findRegistryEntriesPage, importRegistryCsv } from './partner-ids.service.ts';

const tags = ['Partner-ID registry'];

const PartnerIdSchema = z.string().regex(PARTNER_ID_PATTERN, 'A partner ID is 1 to 10 digits');
const CountryCode = z.string().regex(/^[A-Za-z]{2}$/, 'Two-letter ISO 3166-1 code').transform((c) => c.toUpperCase());
const LegalName = z.string().trim().min(1).max(LEGAL_NAME_MAX);
const Kind = z.enum(PARTNER_ID_KINDS);
const BoolText = z.enum(['true', 'false']).transform((v) => v === 'true');

const RegistryEntry = z
  .object({
    partnerId: z.string(),
    legalName: z.string(),
    country: z.string(),
    kind: Kind,
    active: z.boolean(),
    associatedOrganizationId: z.string().nullable(),
    associatedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'PartnerIdRegistryEntry' });

const ImportResult = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    errors: z.array(z.object({ line: z.number().int(), field: z.string().optional(), code: z.string(), message: z.string() })).describe('Always empty here: an invalid file is refused whole (400)'),
  })
  .meta({ id: 'PartnerIdImportResult' });

/** Staff routes of the partner-ID registry: list, add, change, import CSV. */
export async function partnerIdRoutes(app: App, deps: Deps) {
  app.get('/api/v1/admin/partner-ids', {
    config: { access: 'registry.read' },
    schema: {
      tags,
      summary: 'Registry entries, in partner-ID order',
      querystring: PageQuery.extend({
        q: z.string().trim().min(1).max(100).optional().describe('Partner-ID prefix or part of the legal name'),
        country: CountryCode.optional(),
        kind: Kind.optional(),
        active: BoolText.optional(),
        associated: BoolText.optional().describe('true: held by an organization; false: free'),
      }),
      response: { 200: z.object({ items: z.array(RegistryEntry), nextCursor: z.string().nullable() }), ...problems(400, 401, 403) },
    },
  }, async (req) => findRegistryEntriesPage(deps.db, req.query));

  app.post('/api/v1/admin/partner-ids', {
    config: { access: 'registry.manage' },
    schema: {
      tags,
      summary: 'Add a partner ID to the registry',
      body: z.strictObject({ partnerId: PartnerIdSchema, legalName: LegalName, country: CountryCode, kind: Kind, active: z.boolean() }),
      response: { 201: RegistryEntry, ...problems(400, 401, 403, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await createRegistryEntry(deps, auditContext(req), req.body)));

  app.patch('/api/v1/admin/partner-ids/:partnerId', {
    config: { access: 'registry.manage' },
    schema: {
      tags,
      summary: "Change a registry entry's legal name, country, kind or active flag (the association is kept)",
      // Any short string: an ID the registry does not hold is a 404, whatever it looks like.
      params: z.strictObject({ partnerId: z.string().min(1).max(40) }),
      body: z.strictObject({ legalName: LegalName.optional(), country: CountryCode.optional(), kind: Kind.optional(), active: z.boolean().optional() }),
      response: { 200: RegistryEntry, ...problems(400, 401, 403, 404) },
    },
  }, async (req) => changeRegistryEntry(deps, auditContext(req), req.params.partnerId, req.body));

  // Its own plugin, so the text/csv parser exists for this route only.
  await app.register(async (scoped) => {
    const csvApp = scoped.withTypeProvider<ZodTypeProvider>();
    csvApp.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, { csv: body as string }));
    csvApp.post('/api/v1/admin/partner-ids/import', {
      config: { access: 'registry.manage' },
      schema: {
        tags,
        summary: 'Import registry entries from CSV, all or nothing',
        description:
          'Send the file as `text/csv` (or as JSON `{ "csv": "<file text>" }`). Header `partnerId,legalName,country,kind,active` (any order); ' +
          '`kind` is LOCATION or GLOBAL, `active` true or false. New partner IDs are created and known ones overwritten; associations are kept. ' +
          'When any line is invalid nothing changes and the answer is 400 VALIDATION_FAILED with `details.errors[{ line, field?, code, message }]`. ' +
          'The command line does the same: `csp-center registry import <file.csv>`.',
        body: z.strictObject({ csv: z.string().min(1, 'The file is empty') }),
        response: { 200: ImportResult, ...problems(400, 401, 403, 413, 415) },
      },
    }, async (req) => importRegistryCsv(deps.db, auditContext(req), req.body.csv, deps.clock.now()));
  });
}

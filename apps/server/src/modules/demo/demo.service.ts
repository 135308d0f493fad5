import fs from 'node:fs';
import { isDomainError, type Locale } from '@csp-center/domain';
import type { Deps } from '../../deps.ts';
import { publishAgreementTemplate } from '../agreements/index.ts';
import { addStaff } from '../staff/index.ts';
import { insertRegistryEntriesIfAbsent } from './demo.repository.ts';

export const DEMO_ADMIN_EMAIL = 'admin@program.csp-center.example';
export const DEMO_VERIFIER_EMAIL = 'verifier@program.csp-center.example';

/** The demo's indirect reseller terms: one version, in both languages. */
export const DEMO_TERMS_VERSION = '2026-01';
const DEMO_TERMS_EFFECTIVE = new Date('2026-01-01T00:00:00Z');
const DEMO_TERMS: Record<Locale, { title: string; file: string }> = {
  'en-US': { title: 'Indirect Reseller Terms Agreement', file: 'indirect-reseller-terms.2026-01.en-US.md' },
  'zh-TW': { title: '間接轉銷商條款協議', file: 'indirect-reseller-terms.2026-01.zh-TW.md' },
};

export interface DemoRegistryEntry {
  partnerId: string;
  legalName: string;
  country: string;
  kind: 'LOCATION' | 'GLOBAL';
  active: boolean;
  /** Why the entry is in the demo: what a newcomer can try with it. */
  note: string;
}

/**
 * The demo partner-ID registry: active location IDs to enroll with in several markets, plus a
 * global ID and inactive IDs per region to see each refusal. Names are fictional.
 */
export const DEMO_REGISTRY: readonly DemoRegistryEntry[] = [
  { partnerId: '4100001', legalName: 'Contoso Cloud Services Taiwan Co., Ltd.', country: 'TW', kind: 'LOCATION', active: true, note: 'enroll with a Taiwan address' },
  { partnerId: '4100002', legalName: 'Northwind Traders Taiwan Ltd.', country: 'TW', kind: 'LOCATION', active: true, note: 'a second Taiwan company' },
  { partnerId: '4100003', legalName: 'Contoso Holdings Ltd.', country: 'TW', kind: 'GLOBAL', active: true, note: 'refused: PARTNER_ID_NOT_LOCATION' },
  { partnerId: '4100004', legalName: 'Formosa Cloud Integration Co., Ltd.', country: 'TW', kind: 'LOCATION', active: false, note: 'refused: PARTNER_ID_INACTIVE' },
  { partnerId: '5200001', legalName: 'Fabrikam, Inc.', country: 'US', kind: 'LOCATION', active: true, note: 'enroll with a US address (with a Taiwan address: PARTNER_ID_COUNTRY_MISMATCH)' },
  { partnerId: '5200002', legalName: 'Adventure Works Cycles LLC', country: 'US', kind: 'LOCATION', active: true, note: 'a second US company' },
  { partnerId: '5200003', legalName: 'Tailspin Toys Corporation', country: 'US', kind: 'GLOBAL', active: true, note: 'refused: PARTNER_ID_NOT_LOCATION' },
  { partnerId: '5300001', legalName: 'Litware GmbH', country: 'DE', kind: 'LOCATION', active: true, note: 'enroll with a German address' },
  { partnerId: '5300002', legalName: 'Proseware Deutschland GmbH', country: 'DE', kind: 'LOCATION', active: false, note: 'refused: PARTNER_ID_INACTIVE' },
  { partnerId: '5400001', legalName: 'Woodgrove Solutions Ltd', country: 'GB', kind: 'LOCATION', active: true, note: 'enroll with a UK address' },
  { partnerId: '5400002', legalName: 'Alpine Ski House plc', country: 'GB', kind: 'GLOBAL', active: true, note: 'refused: PARTNER_ID_NOT_LOCATION' },
  { partnerId: '5500001', legalName: 'Trey Research K.K.', country: 'JP', kind: 'LOCATION', active: true, note: 'enroll with a Japanese address' },
  { partnerId: '5500002', legalName: 'Relecloud Japan Holdings K.K.', country: 'JP', kind: 'GLOBAL', active: true, note: 'refused: PARTNER_ID_NOT_LOCATION' },
  { partnerId: '5600001', legalName: 'Coho Winery Pty Ltd', country: 'AU', kind: 'LOCATION', active: true, note: 'enroll with an Australian address' },
  { partnerId: '5700001', legalName: 'Wide World Importers Ltda.', country: 'BR', kind: 'LOCATION', active: true, note: 'enroll with a Brazilian address' },
  { partnerId: '5700002', legalName: 'Lucerne Publishing do Brasil Ltda.', country: 'BR', kind: 'LOCATION', active: false, note: 'refused: PARTNER_ID_INACTIVE' },
  { partnerId: '5800001', legalName: "Margie's Travel Private Limited", country: 'IN', kind: 'LOCATION', active: true, note: 'enroll with an Indian address' },
  { partnerId: '5900001', legalName: 'Fourth Coffee SAS', country: 'FR', kind: 'LOCATION', active: true, note: 'enroll with a French address' },
  { partnerId: '6000001', legalName: 'Blue Yonder Airlines Canada Inc.', country: 'CA', kind: 'LOCATION', active: true, note: 'enroll with a Canadian address' },
  { partnerId: '6000002', legalName: 'Humongous Insurance Canada Ltd.', country: 'CA', kind: 'GLOBAL', active: true, note: 'refused: PARTNER_ID_NOT_LOCATION' },
];

export interface DemoSummary {
  staff: Array<{ email: string; role: string; created: boolean }>;
  templates: Array<{ locale: Locale; version: string; title: string; created: boolean }>;
  registry: { created: number; total: number };
}

function readTerms(file: string): string {
  return fs.readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
}

/**
 * Loads the demo program so a newcomer can walk the indirect reseller journey at once: the
 * program admin and a verifier, the indirect reseller terms (version 2026-01, en-US and zh-TW,
 * published by the demo admin and audited like any publication) and a partner-ID registry
 * across several markets. Idempotent: a second run creates nothing and changes nothing —
 * existing staff keep their role unless it differs, published templates are never
 * overwritten (versions are immutable), and registry rows are inserted only when absent, so
 * an association made during a walkthrough survives. Raises USER_ALREADY_EXISTS when a demo
 * staff address was taken by a partner user.
 */
export async function seedDemo(deps: Deps): Promise<DemoSummary> {
  const now = deps.clock.now();
  const admin = await addStaff(deps.db, { email: DEMO_ADMIN_EMAIL, role: 'program_admin' }, now);
  const verifier = await addStaff(deps.db, { email: DEMO_VERIFIER_EMAIL, role: 'verifier' }, now);

  // Before the version's own date (a clock set back) the demo must still have a current version.
  const effectiveAt = (now < DEMO_TERMS_EFFECTIVE ? now : DEMO_TERMS_EFFECTIVE).toISOString();
  const actor = { userId: admin.id, organizationId: null, roles: ['program_admin'] as const };
  const ctx = { actorUserId: admin.id, organizationId: null, requestId: 'cli-demo' };
  const templates: DemoSummary['templates'] = [];
  for (const [locale, t] of Object.entries(DEMO_TERMS) as Array<[Locale, { title: string; file: string }]>) {
    let created = true;
    try {
      await publishAgreementTemplate(deps, actor, ctx, { type: 'INDIRECT_RESELLER_TERMS', version: DEMO_TERMS_VERSION, locale, title: t.title, body: readTerms(t.file), effectiveAt, requiresReacceptance: false });
    } catch (e) {
      if (!isDomainError(e) || e.code !== 'AGREEMENT_TEMPLATE_EXISTS') throw e;
      created = false;
    }
    templates.push({ locale, version: DEMO_TERMS_VERSION, title: t.title, created });
  }

  const created = await insertRegistryEntriesIfAbsent(deps.db, DEMO_REGISTRY.map(({ note: _note, ...e }) => ({ ...e, createdAt: now, updatedAt: now })));
  return {
    staff: [
      { email: admin.email, role: admin.role, created: admin.created },
      { email: verifier.email, role: verifier.role, created: verifier.created },
    ],
    templates,
    registry: { created, total: DEMO_REGISTRY.length },
  };
}

/** The walkthrough `csp-center demo` prints after seeding. */
export function demoWalkthrough(summary: DemoSummary, opts: { publicUrl: string; devMailbox: boolean }): string {
  const url = opts.publicUrl;
  const mailbox = opts.devMailbox ? `the dev mailbox at ${url}/dev/mailbox` : 'the SMTP mailbox of that address';
  const said = (created: boolean) => (created ? 'created' : 'already there');
  const byCountry = new Map<string, DemoRegistryEntry[]>();
  for (const e of DEMO_REGISTRY) byCountry.set(e.country, [...(byCountry.get(e.country) ?? []), e]);
  const registryLines = [...byCountry.entries()].map(([country, entries]) => `     ${country}  ${entries.map((e) => `${e.partnerId} ${e.kind === 'GLOBAL' ? '(global)' : e.active ? '' : '(inactive)'}`.trim()).join(', ')}`);
  return `CSP Center demo program
  Staff:      ${summary.staff.map((s) => `${s.email} (${s.role}, ${said(s.created)})`).join('\n              ')}
  Agreement:  ${summary.templates.map((t) => `${t.title} ${t.version} ${t.locale} (${said(t.created)})`).join('\n              ')}
  Registry:   ${summary.registry.total} partner IDs (${summary.registry.created} added now)

Walk the indirect reseller journey:
  1. Start the server:  npm start   and open ${url}
     Every sign-in code arrives in ${mailbox}.
  2. Partner: sign in with a work address of a domain no one uses yet, e.g. alice@contoso.example
     (the first user of a domain becomes its global admin). Fill in the legal business profile with
     an address in Taiwan (TW), the support and billing profiles, then associate partner ID 4100001
     (Contoso Cloud Services Taiwan Co., Ltd.). Other markets: use the country's active location ID:
${registryLines.join('\n')}
     To see refusals: 4100003 is a global ID (PARTNER_ID_NOT_LOCATION), 4100004 is inactive
     (PARTNER_ID_INACTIVE), 5200001 with a Taiwan address is in another country
     (PARTNER_ID_COUNTRY_MISMATCH), 9999999 does not exist (PARTNER_ID_NOT_FOUND).
  3. Submit the indirect reseller enrollment.
  4. Verifier: in another browser (or after signing out) sign in as ${DEMO_VERIFIER_EMAIL},
     claim the case in the verification queue, then approve it (or request information first).
  5. Partner: accept the ${summary.templates[0]?.title ?? 'indirect reseller terms'} ${DEMO_TERMS_VERSION} as global admin;
     the enrollment becomes active and the receipt arrives in the mailbox.
  Program admin: ${DEMO_ADMIN_EMAIL} publishes agreements and manages the registry.`;
}

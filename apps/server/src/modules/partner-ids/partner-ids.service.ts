import { checkPartnerIdAssociation, DomainError, PARTNER_ID_PATTERN, type PartnerIdKind } from '@csp-center/domain';
import type { Db } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { isKnownCountry } from '../markets/index.ts';
import { parseRegistryCsv, type RegistryCsvError } from './partner-ids.csv.ts';
import {
  findRegistryEntries,
  findRegistryEntryById,
  findRegistryEntryByOrganization,
  insertRegistryEntry,
  lockRegistryEntriesByIds,
  lockRegistryEntriesForAssociation,
  lockRegistryEntry,
  lockRegistryEntryByOrganization,
  updateRegistryEntry,
  upsertRegistryEntries,
  type RegistryRow,
} from './partner-ids.repository.ts';

/**
 * The program's partner-ID registry (product.md capability 3): staff maintain it by API and CSV;
 * partners associate one location ID with their organization. The registry row is the single
 * source of truth for the association (`associated_organization_id` is unique), and every
 * association locks the row, so one ID can never end up with two organizations.
 */

/** A registry entry as other modules read it (verification compares it with the profile). */
export interface RegistryEntry {
  partnerId: string;
  legalName: string;
  country: string;
  kind: PartnerIdKind;
  active: boolean;
  associatedOrganizationId: string | null;
  associatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The partner ID an organization holds, as its profile shows it. */
export interface AssociatedPartnerId {
  partnerId: string;
  legalName: string;
  country: string;
  associatedAt: Date;
}

function toEntry(r: RegistryRow): RegistryEntry {
  return { partnerId: r.partnerId, legalName: r.legalName, country: r.country, kind: r.kind as PartnerIdKind, active: r.active, associatedOrganizationId: r.associatedOrganizationId, associatedAt: r.associatedAt, createdAt: r.createdAt, updatedAt: r.updatedAt };
}

/** JSON view of an entry (staff registry API). */
export function registryEntryView(e: RegistryEntry) {
  return { ...e, associatedAt: e.associatedAt?.toISOString() ?? null, createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString() };
}

/** One registry entry, or undefined when the program has no such partner ID. */
export async function findRegistryEntry(db: Db, partnerId: string): Promise<RegistryEntry | undefined> {
  if (!PARTNER_ID_PATTERN.test(partnerId)) return undefined;
  const row = await findRegistryEntryById(db, partnerId);
  return row && toEntry(row);
}

/** The partner ID associated with an organization, or undefined. */
export async function findPartnerIdOfOrganization(db: Db, organizationId: string): Promise<AssociatedPartnerId | undefined> {
  const row = await findRegistryEntryByOrganization(db, organizationId);
  if (!row) return undefined;
  return { partnerId: row.partnerId, legalName: row.legalName, country: row.country, associatedAt: row.associatedAt ?? row.updatedAt };
}

function invalid(message: string, issues: Array<{ path: string; code: string; message: string }>): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { issues });
}

function assertKnownCountry(country: string | undefined, path = 'body.country'): void {
  if (country !== undefined && !isKnownCountry(country)) {
    throw invalid(`${country} is not a country of any market policy.`, [{ path, code: 'COUNTRY_UNKNOWN', message: `${country} is not a known country code` }]);
  }
}

/**
 * Registry entries for staff, in numeric partner-ID order, filtered by text (ID prefix or legal
 * name), country, kind, active and association. Raises VALIDATION_FAILED for a malformed cursor.
 */
export async function findRegistryEntriesPage(db: Db, query: { q?: string; country?: string; kind?: PartnerIdKind; active?: boolean; associated?: boolean; limit: number; cursor?: string }) {
  if (query.cursor !== undefined && !PARTNER_ID_PATTERN.test(query.cursor)) {
    throw invalid('The cursor is not one a previous page returned.', [{ path: 'querystring.cursor', code: 'invalid_cursor', message: 'Unknown cursor' }]);
  }
  const rows = await findRegistryEntries(db, { q: query.q, country: query.country, kind: query.kind, active: query.active, associated: query.associated, after: query.cursor, limit: query.limit + 1 });
  const items = rows.slice(0, query.limit).map((r) => registryEntryView(toEntry(r)));
  return { items, nextCursor: rows.length > query.limit ? items.at(-1)!.partnerId : null };
}

export interface RegistryInput {
  partnerId: string;
  legalName: string;
  country: string;
  kind: PartnerIdKind;
  active: boolean;
}

/**
 * Adds one partner ID to the registry (staff). Raises PARTNER_ID_EXISTS when it is registered
 * already (use PATCH to change it), VALIDATION_FAILED for a country no policy knows.
 */
export async function createRegistryEntry(deps: Deps, ctx: AuditContext, input: RegistryInput) {
  const country = input.country.toUpperCase();
  assertKnownCountry(country);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = { partnerId: input.partnerId, legalName: input.legalName.trim(), country, kind: input.kind, active: input.active, associatedOrganizationId: null, associatedAt: null, createdAt: now, updatedAt: now };
    if (!(await insertRegistryEntry(trx, row))) throw new DomainError('PARTNER_ID_EXISTS', `Partner ID ${input.partnerId} is already in the registry.`, { partnerId: input.partnerId });
    await recordAudit(trx, ctx, { action: 'PARTNER_ID_REGISTERED', subjectType: 'partner_id', subjectId: input.partnerId, organizationId: null, data: { legalName: row.legalName, country, kind: row.kind, active: row.active } }, now);
    return registryEntryView(toEntry(row));
  });
}

/**
 * Changes a registry entry's data (staff); the association is left as it is, so deactivating an
 * ID a partner holds shows up in that partner's verification instead of silently detaching it.
 * Raises NOT_FOUND, VALIDATION_FAILED (unknown country).
 */
export async function changeRegistryEntry(deps: Deps, ctx: AuditContext, partnerId: string, patch: Partial<Omit<RegistryInput, 'partnerId'>>) {
  if (!PARTNER_ID_PATTERN.test(partnerId)) throw new DomainError('NOT_FOUND', `No partner ID ${partnerId.slice(0, 40)} in the registry.`);
  const country = patch.country?.toUpperCase();
  assertKnownCountry(country);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await lockRegistryEntry(trx, partnerId);
    if (!row) throw new DomainError('NOT_FOUND', `No partner ID ${partnerId} in the registry.`);
    const next = { legalName: patch.legalName?.trim() ?? row.legalName, country: country ?? row.country, kind: patch.kind ?? row.kind, active: patch.active ?? row.active };
    const changes = Object.fromEntries(
      (Object.keys(next) as Array<keyof typeof next>).filter((k) => next[k] !== row[k]).map((k) => [k, { from: row[k], to: next[k] }]),
    );
    if (Object.keys(changes).length === 0) return registryEntryView(toEntry(row));
    await updateRegistryEntry(trx, partnerId, { ...next, updatedAt: now });
    await recordAudit(trx, ctx, { action: 'PARTNER_ID_REGISTRY_UPDATED', subjectType: 'partner_id', subjectId: partnerId, organizationId: null, data: { changes } }, now);
    return registryEntryView(toEntry({ ...row, ...next, updatedAt: now }));
  });
}

/** What an import did; `errors` is empty on success (a failed import throws instead). */
export interface RegistryImportResult {
  created: number;
  updated: number;
  unchanged: number;
  errors: RegistryCsvError[];
}

/**
 * Imports a registry CSV, all or nothing: when any line is invalid nothing changes and
 * VALIDATION_FAILED lists every bad line (`details.errors[{ line, field?, code, message }]`, also as
 * `details.issues`). New partner IDs are created, known ones overwritten (associations are kept).
 * Used by `POST /admin/partner-ids/import` and by `csp-center registry import`.
 */
export async function importRegistryCsv(db: Db, ctx: AuditContext, text: string, now: Date, source: 'api' | 'cli' = 'api'): Promise<RegistryImportResult> {
  const { rows, errors } = parseRegistryCsv(text);
  if (errors.length) {
    const lines = new Set(errors.map((e) => e.line)).size;
    throw new DomainError('VALIDATION_FAILED', `${lines} line(s) of the file are invalid; nothing was imported.`, {
      created: 0,
      updated: 0,
      errors: errors.slice(0, 1000),
      issues: errors.slice(0, 1000).map((e) => ({ path: `lines.${e.line}${e.field ? `.${e.field}` : ''}`, code: e.code, message: `Line ${e.line}: ${e.message}` })),
    });
  }
  return db.transaction().execute(async (trx) => {
    const ids = rows.map((r) => r.partnerId).sort();
    const existing = new Map<string, RegistryRow>();
    for (let i = 0; i < ids.length; i += 1000) {
      for (const r of await lockRegistryEntriesByIds(trx, ids.slice(i, i + 1000))) existing.set(r.partnerId, r);
    }
    const created: string[] = [];
    const updated: string[] = [];
    const writes = [];
    for (const r of rows) {
      const old = existing.get(r.partnerId);
      if (old && old.legalName === r.legalName && old.country === r.country && old.kind === r.kind && old.active === r.active) continue;
      (old ? updated : created).push(r.partnerId);
      writes.push({ partnerId: r.partnerId, legalName: r.legalName, country: r.country, kind: r.kind, active: r.active, associatedOrganizationId: null, associatedAt: null, createdAt: now, updatedAt: now });
    }
    await upsertRegistryEntries(trx, writes);
    const result = { created: created.length, updated: updated.length, unchanged: rows.length - writes.length, errors: [] };
    await recordAudit(trx, ctx, { action: 'PARTNER_ID_REGISTRY_IMPORTED', subjectType: 'partner_id_registry', subjectId: uuidv7(now.getTime()), organizationId: null, data: { source, rows: rows.length, created: result.created, updated: result.updated, unchanged: result.unchanged, createdIds: created, updatedIds: updated } }, now);
    return result;
  });
}

/**
 * Associates a partner ID with an organization, inside the caller's transaction (the profiles
 * module calls it with the organization's legal profile row already locked). Locks the registry
 * rows involved, so of two organizations racing for one ID exactly one wins. Replacing the
 * organization's previous ID releases that one. Re-associating the same ID changes nothing.
 * Raises (domain checkPartnerIdAssociation, in this order) PARTNER_ID_NOT_FOUND,
 * PARTNER_ID_INACTIVE, PARTNER_ID_NOT_LOCATION, PROFILE_INCOMPLETE (no legal country yet),
 * PARTNER_ID_COUNTRY_MISMATCH, PARTNER_ID_ALREADY_ASSOCIATED.
 */
export async function associatePartnerId(trx: Db, ctx: AuditContext, input: { organizationId: string; legalCountry: string | null; partnerId: string }, now: Date): Promise<AssociatedPartnerId> {
  const { organizationId, partnerId } = input;
  const locked = PARTNER_ID_PATTERN.test(partnerId) ? await lockRegistryEntriesForAssociation(trx, partnerId, organizationId) : [];
  const entry = locked.find((r) => r.partnerId === partnerId);
  const current = locked.find((r) => r.associatedOrganizationId === organizationId);
  const refusal = checkPartnerIdAssociation(entry && toEntry(entry), { id: organizationId, legalCountry: input.legalCountry });
  if (refusal) throw new DomainError(refusal.code, refusalMessage(refusal.code, partnerId), { partnerId, ...refusal.details });
  if (current && current.partnerId === partnerId) {
    return { partnerId, legalName: current.legalName, country: current.country, associatedAt: current.associatedAt ?? current.updatedAt };
  }
  if (current) {
    await updateRegistryEntry(trx, current.partnerId, { associatedOrganizationId: null, associatedAt: null, updatedAt: now });
    await recordAudit(trx, ctx, { action: 'PARTNER_ID_RELEASED', subjectType: 'partner_id', subjectId: current.partnerId, organizationId, data: { replacedBy: partnerId } }, now);
  }
  await updateRegistryEntry(trx, partnerId, { associatedOrganizationId: organizationId, associatedAt: now, updatedAt: now });
  await recordAudit(trx, ctx, { action: 'PARTNER_ID_ASSOCIATED', subjectType: 'partner_id', subjectId: partnerId, organizationId, data: { partnerId, previous: current?.partnerId ?? null, country: entry!.country } }, now);
  return { partnerId, legalName: entry!.legalName, country: entry!.country, associatedAt: now };
}

/**
 * Releases the organization's partner ID when it is registered in another country than
 * `country` — called when the legal country changes, so "same country as the legal address"
 * keeps holding and the profile asks for a matching ID again. Returns the released ID, if any.
 */
export async function releasePartnerIdOutsideCountry(trx: Db, ctx: AuditContext, organizationId: string, country: string, now: Date): Promise<string | undefined> {
  const current = await lockRegistryEntryByOrganization(trx, organizationId);
  if (!current || current.country === country) return undefined;
  await updateRegistryEntry(trx, current.partnerId, { associatedOrganizationId: null, associatedAt: null, updatedAt: now });
  await recordAudit(trx, ctx, { action: 'PARTNER_ID_RELEASED', subjectType: 'partner_id', subjectId: current.partnerId, organizationId, data: { reason: 'LEGAL_COUNTRY_CHANGED', partnerIdCountry: current.country, legalCountry: country } }, now);
  return current.partnerId;
}

function refusalMessage(code: string, partnerId: string): string {
  switch (code) {
    case 'PARTNER_ID_NOT_FOUND':
      return `Partner ID ${partnerId} is not in the program's registry. Check the number, or ask the program to add it.`;
    case 'PARTNER_ID_INACTIVE':
      return `Partner ID ${partnerId} is not active.`;
    case 'PARTNER_ID_NOT_LOCATION':
      return `Partner ID ${partnerId} is a global (headquarters) ID; use the location ID of the business in your legal address.`;
    case 'PARTNER_ID_COUNTRY_MISMATCH':
      return `Partner ID ${partnerId} is registered in another country than your legal address.`;
    case 'PARTNER_ID_ALREADY_ASSOCIATED':
      return `Partner ID ${partnerId} is associated with another organization.`;
    case 'PROFILE_INCOMPLETE':
      return 'Save the legal business profile first: the partner ID must be in the same country as the legal address.';
    default:
      return 'The partner ID cannot be associated.';
  }
}

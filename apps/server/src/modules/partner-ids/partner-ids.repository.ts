import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PartnerIdRegistryTable } from '../../db/schema.ts';

export type RegistryRow = NonNullable<Awaited<ReturnType<typeof findRegistryEntryById>>>;

export async function findRegistryEntryById(db: Db, partnerId: string) {
  return db.selectFrom('partnerIdRegistry').selectAll().where('partnerId', '=', partnerId).executeTakeFirst();
}

export async function findRegistryEntryByOrganization(db: Db, organizationId: string) {
  return db.selectFrom('partnerIdRegistry').selectAll().where('associatedOrganizationId', '=', organizationId).executeTakeFirst();
}

export async function lockRegistryEntryByOrganization(db: Db, organizationId: string) {
  return db.selectFrom('partnerIdRegistry').selectAll().where('associatedOrganizationId', '=', organizationId).forUpdate().executeTakeFirst();
}

export async function lockRegistryEntry(db: Db, partnerId: string) {
  return db.selectFrom('partnerIdRegistry').selectAll().where('partnerId', '=', partnerId).forUpdate().executeTakeFirst();
}

/**
 * Locks the entry being associated and the one the organization holds now (if any), in
 * partner-ID order: every writer of several entries locks in that order, so none deadlock.
 */
export async function lockRegistryEntriesForAssociation(db: Db, partnerId: string, organizationId: string) {
  return db
    .selectFrom('partnerIdRegistry')
    .selectAll()
    .where((eb) => eb.or([eb('partnerId', '=', partnerId), eb('associatedOrganizationId', '=', organizationId)]))
    .orderBy('partnerId')
    .forUpdate()
    .execute();
}

/** Locks the existing entries among `ids` (sorted by the caller), in partner-ID order. */
export async function lockRegistryEntriesByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('partnerIdRegistry').selectAll().where('partnerId', 'in', ids).orderBy('partnerId').forUpdate().execute();
}

/** Inserts one entry; false when the partner ID is already registered. */
export async function insertRegistryEntry(db: Db, row: Insertable<PartnerIdRegistryTable>): Promise<boolean> {
  const r = await db.insertInto('partnerIdRegistry').values(row).onConflict((oc) => oc.column('partnerId').doNothing()).returning('partnerId').executeTakeFirst();
  return r !== undefined;
}

export async function updateRegistryEntry(db: Db, partnerId: string, set: Updateable<PartnerIdRegistryTable>): Promise<void> {
  await db.updateTable('partnerIdRegistry').set(set).where('partnerId', '=', partnerId).execute();
}

/** Inserts or overwrites registry data (never the association) of many entries at once. */
export async function upsertRegistryEntries(db: Db, rows: ReadonlyArray<Insertable<PartnerIdRegistryTable>>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('partnerIdRegistry')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.column('partnerId').doUpdateSet((eb) => ({
          legalName: eb.ref('excluded.legalName'),
          country: eb.ref('excluded.country'),
          kind: eb.ref('excluded.kind'),
          active: eb.ref('excluded.active'),
          updatedAt: eb.ref('excluded.updatedAt'),
        })),
      )
      .execute();
  }
}

export interface RegistryFilter {
  q?: string;
  country?: string;
  kind?: string;
  active?: boolean;
  associated?: boolean;
  /** Keyset cursor: entries after this partner ID in numeric order. */
  after?: string;
  limit: number;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Entries in numeric partner-ID order (shorter IDs first, then digit by digit). */
export async function findRegistryEntries(db: Db, f: RegistryFilter) {
  let q = db.selectFrom('partnerIdRegistry').selectAll().orderBy(sql`length(partner_id)`).orderBy('partnerId').limit(f.limit);
  if (f.q) {
    const text = f.q;
    q = q.where((eb) => {
      const byName = eb('legalName', 'ilike', `%${escapeLike(text)}%`);
      return /^\d+$/.test(text) ? eb.or([eb('partnerId', 'like', `${text}%`), byName]) : byName;
    });
  }
  if (f.country) q = q.where('country', '=', f.country);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.active !== undefined) q = q.where('active', '=', f.active);
  if (f.associated !== undefined) q = q.where('associatedOrganizationId', f.associated ? 'is not' : 'is', null);
  if (f.after) q = q.where(sql<boolean>`(length(partner_id), partner_id) > (${f.after.length}, ${f.after})`);
  return q.execute();
}

import { sql, type Insertable, type Kysely } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

export type LegalRow = NonNullable<Awaited<ReturnType<typeof findLegalProfile>>>;
export type SupportRow = NonNullable<Awaited<ReturnType<typeof findSupportProfile>>>;
export type BillingRow = NonNullable<Awaited<ReturnType<typeof findBillingProfile>>>;

export async function findLegalProfile(db: Db, organizationId: string) {
  return db.selectFrom('legalBusinessProfile').selectAll().where('organizationId', '=', organizationId).executeTakeFirst();
}

export async function lockLegalProfile(db: Db, organizationId: string) {
  return db.selectFrom('legalBusinessProfile').selectAll().where('organizationId', '=', organizationId).forUpdate().executeTakeFirst();
}

/** Sets country_locked_at once (an earlier lock time is kept); returns it, or undefined without a profile. */
export async function updateLegalCountryLocked(db: Db, organizationId: string, now: Date) {
  return db
    .updateTable('legalBusinessProfile')
    .set({ countryLockedAt: sql<Date>`coalesce(country_locked_at, ${now})`, version: sql<number>`case when country_locked_at is null then version + 1 else version end` })
    .where('organizationId', '=', organizationId)
    .returning(['countryLockedAt', 'country'])
    .executeTakeFirst();
}

export async function findSupportProfile(db: Db, organizationId: string) {
  return db.selectFrom('supportProfile').selectAll().where('organizationId', '=', organizationId).executeTakeFirst();
}

export async function lockSupportProfile(db: Db, organizationId: string) {
  return db.selectFrom('supportProfile').selectAll().where('organizationId', '=', organizationId).forUpdate().executeTakeFirst();
}

export async function findBillingProfile(db: Db, organizationId: string) {
  return db.selectFrom('billingProfile').selectAll().where('organizationId', '=', organizationId).executeTakeFirst();
}

export async function lockBillingProfile(db: Db, organizationId: string) {
  return db.selectFrom('billingProfile').selectAll().where('organizationId', '=', organizationId).forUpdate().executeTakeFirst();
}

/** The three versioned parts of the partner profile (one row per organization each). */
export type ProfilePartTable = 'legalBusinessProfile' | 'supportProfile' | 'billingProfile';

/**
 * Writes a profile part's next version: the first one is inserted; later ones update only while
 * the stored version is still `currentVersion` (optimistic concurrency). False when another
 * request wrote first.
 */
export async function writeProfilePart<T extends ProfilePartTable>(
  db: Db,
  table: T,
  organizationId: string,
  currentVersion: number | undefined,
  row: Omit<Insertable<Database[T]>, 'organizationId'>,
): Promise<boolean> {
  // The three tables share organization_id and version; Kysely cannot type a union of tables.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const anyDb = db as unknown as Kysely<any>;
  const name = table as string;
  if (currentVersion === undefined) {
    const r = await anyDb.insertInto(name).values({ organizationId, ...row }).onConflict((oc) => oc.column('organizationId').doNothing()).returning('organizationId').executeTakeFirst();
    return r !== undefined;
  }
  const r = await anyDb
    .updateTable(name)
    .set({ ...(row as Record<string, unknown>), version: sql<number>`version + 1` })
    .where('organizationId', '=', organizationId)
    .where('version', '=', currentVersion)
    .returning('version')
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * What `getProfileStatus` needs, in ONE statement: the legal profile's status columns, whether
 * the support and billing parts exist, and the associated partner ID (nulls when absent).
 */
export async function findProfileStatusRow(db: Db, organizationId: string) {
  const { rows } = await sql<{
    hasLegal: boolean;
    country: string | null;
    countryLockedAt: Date | null;
    companyName: string | null;
    primaryContact: unknown;
    marketId: string | null;
    marketPolicyVersion: string | null;
    currency: string | null;
    hasSupport: boolean;
    hasBilling: boolean;
    partnerId: string | null;
  }>`select l.organization_id is not null as has_legal, l.country, l.country_locked_at, l.company_name, l.primary_contact,
       l.market_id, l.market_policy_version, l.currency,
       exists (select 1 from support_profile s where s.organization_id = o.id) as has_support,
       exists (select 1 from billing_profile b where b.organization_id = o.id) as has_billing,
       (select r.partner_id from partner_id_registry r where r.associated_organization_id = o.id) as partner_id
     from (select ${organizationId}::uuid as id) o
     left join legal_business_profile l on l.organization_id = o.id`.execute(db);
  return rows[0]!;
}

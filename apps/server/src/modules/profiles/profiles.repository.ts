import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { BillingProfileTable, LegalBusinessProfileTable, SupportProfileTable } from '../../db/schema.ts';

export type LegalRow = NonNullable<Awaited<ReturnType<typeof findLegalProfile>>>;
export type SupportRow = NonNullable<Awaited<ReturnType<typeof findSupportProfile>>>;
export type BillingRow = NonNullable<Awaited<ReturnType<typeof findBillingProfile>>>;

export async function findLegalProfile(db: Db, organizationId: string) {
  return db.selectFrom('legalBusinessProfile').selectAll().where('organizationId', '=', organizationId).executeTakeFirst();
}

export async function lockLegalProfile(db: Db, organizationId: string) {
  return db.selectFrom('legalBusinessProfile').selectAll().where('organizationId', '=', organizationId).forUpdate().executeTakeFirst();
}

/** Inserts the first version; false when another request created it first. */
export async function insertLegalProfile(db: Db, row: Insertable<LegalBusinessProfileTable>): Promise<boolean> {
  const r = await db.insertInto('legalBusinessProfile').values(row).onConflict((oc) => oc.column('organizationId').doNothing()).returning('organizationId').executeTakeFirst();
  return r !== undefined;
}

/** Writes the next version only if the stored one is still `version`; false otherwise. */
export async function updateLegalProfile(db: Db, organizationId: string, version: number, set: Updateable<LegalBusinessProfileTable>): Promise<boolean> {
  const r = await db
    .updateTable('legalBusinessProfile')
    .set({ ...set, version: sql<number>`version + 1` })
    .where('organizationId', '=', organizationId)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
  return r !== undefined;
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

export async function insertSupportProfile(db: Db, row: Insertable<SupportProfileTable>): Promise<boolean> {
  const r = await db.insertInto('supportProfile').values(row).onConflict((oc) => oc.column('organizationId').doNothing()).returning('organizationId').executeTakeFirst();
  return r !== undefined;
}

export async function updateSupportProfile(db: Db, organizationId: string, version: number, set: Updateable<SupportProfileTable>): Promise<boolean> {
  const r = await db
    .updateTable('supportProfile')
    .set({ ...set, version: sql<number>`version + 1` })
    .where('organizationId', '=', organizationId)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
  return r !== undefined;
}

export async function findBillingProfile(db: Db, organizationId: string) {
  return db.selectFrom('billingProfile').selectAll().where('organizationId', '=', organizationId).executeTakeFirst();
}

export async function lockBillingProfile(db: Db, organizationId: string) {
  return db.selectFrom('billingProfile').selectAll().where('organizationId', '=', organizationId).forUpdate().executeTakeFirst();
}

export async function insertBillingProfile(db: Db, row: Insertable<BillingProfileTable>): Promise<boolean> {
  const r = await db.insertInto('billingProfile').values(row).onConflict((oc) => oc.column('organizationId').doNothing()).returning('organizationId').executeTakeFirst();
  return r !== undefined;
}

export async function updateBillingProfile(db: Db, organizationId: string, version: number, set: Updateable<BillingProfileTable>): Promise<boolean> {
  const r = await db
    .updateTable('billingProfile')
    .set({ ...set, version: sql<number>`version + 1` })
    .where('organizationId', '=', organizationId)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
  return r !== undefined;
}

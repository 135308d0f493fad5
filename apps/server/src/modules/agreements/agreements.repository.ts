import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AgreementAcceptanceTable, AgreementTemplateTable } from '../../db/schema.ts';

/** Inserts a template unless (type, version, locale) exists; true when inserted. */
export async function insertTemplateIfAbsent(db: Db, row: Insertable<AgreementTemplateTable>): Promise<boolean> {
  const r = await db.insertInto('agreementTemplate').values(row).onConflict((oc) => oc.columns(['type', 'version', 'locale']).doNothing()).returning('id').executeTakeFirst();
  return r !== undefined;
}

export async function findTemplateById(db: Db, id: string) {
  return db.selectFrom('agreementTemplate').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findTemplateByTypeVersionLocale(db: Db, type: string, version: string, locale: string) {
  return db.selectFrom('agreementTemplate').selectAll().where('type', '=', type).where('version', '=', version).where('locale', '=', locale).executeTakeFirst();
}

/**
 * The version in effect at `now` for each (type, locale) matching the filter: the latest
 * effective date not in the future, the latest published among equal dates.
 */
export async function findCurrentTemplates(db: Db, filter: { type?: string; locale?: string }, now: Date) {
  let q = db
    .selectFrom('agreementTemplate')
    .selectAll()
    .distinctOn(['type', 'locale'])
    .where('effectiveAt', '<=', now)
    .orderBy('type')
    .orderBy('locale')
    .orderBy('effectiveAt', 'desc')
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc');
  if (filter.type) q = q.where('type', '=', filter.type);
  if (filter.locale) q = q.where('locale', '=', filter.locale);
  return q.execute();
}

/** Every version, newest first (by id: UUIDv7 sorts by creation), paged. */
export async function findTemplates(db: Db, filter: { type?: string; locale?: string; beforeId?: string; limit: number }) {
  let q = db.selectFrom('agreementTemplate').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.type) q = q.where('type', '=', filter.type);
  if (filter.locale) q = q.where('locale', '=', filter.locale);
  if (filter.beforeId) q = q.where('id', '<', filter.beforeId);
  return q.execute();
}

export async function insertAcceptance(db: Db, row: Insertable<AgreementAcceptanceTable>): Promise<void> {
  await db.insertInto('agreementAcceptance').values(row).execute();
}

/** Acceptances of one enrollment, newest first. */
export async function findAcceptancesByEnrollment(db: Db, enrollmentId: string) {
  return db.selectFrom('agreementAcceptance').selectAll().where('enrollmentId', '=', enrollmentId).orderBy('acceptedAt', 'desc').orderBy('id', 'desc').execute();
}

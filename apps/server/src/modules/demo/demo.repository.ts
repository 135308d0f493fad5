import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PartnerIdRegistryTable } from '../../db/schema.ts';

/**
 * Adds registry entries that are not there yet and leaves existing ones untouched (an entry
 * associated during a walkthrough keeps its association). Returns how many were added.
 */
export async function insertRegistryEntriesIfAbsent(db: Db, rows: Array<Insertable<PartnerIdRegistryTable>>): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await db.insertInto('partnerIdRegistry').values(rows).onConflict((oc) => oc.column('partnerId').doNothing()).returning('partnerId').execute();
  return r.length;
}

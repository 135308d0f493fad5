import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { EnrollmentEventTable, EnrollmentTable } from '../../db/schema.ts';

export async function insertEnrollment(db: Db, row: Insertable<EnrollmentTable>): Promise<void> {
  await db.insertInto('enrollment').values(row).execute();
}

export async function findEnrollmentByProgram(db: Db, organizationId: string, program: string) {
  return db.selectFrom('enrollment').selectAll().where('organizationId', '=', organizationId).where('program', '=', program).executeTakeFirst();
}

export async function findEnrollmentsByOrganization(db: Db, organizationId: string, limit: number, afterId?: string) {
  let q = db.selectFrom('enrollment').selectAll().where('organizationId', '=', organizationId).orderBy('id').limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  return q.execute();
}

export async function findEnrollmentInOrganization(db: Db, organizationId: string, id: string) {
  return db.selectFrom('enrollment').selectAll().where('id', '=', id).where('organizationId', '=', organizationId).executeTakeFirst();
}

export async function lockEnrollmentInOrganization(db: Db, organizationId: string, id: string) {
  return db.selectFrom('enrollment').selectAll().where('id', '=', id).where('organizationId', '=', organizationId).forUpdate().executeTakeFirst();
}

/** Moves the enrollment only if it is still in `fromState`; returns false when someone else moved it first. */
export async function updateEnrollmentState(db: Db, id: string, fromState: string, set: Updateable<EnrollmentTable>): Promise<boolean> {
  const r = await db
    .updateTable('enrollment')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('state', '=', fromState)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

export async function insertEnrollmentEvent(db: Db, row: Insertable<EnrollmentEventTable>): Promise<void> {
  await db.insertInto('enrollmentEvent').values(row).execute();
}

/** When the latest timeline entry was written (under the enrollment's row lock). */
export async function findLastEnrollmentEventAt(db: Db, enrollmentId: string): Promise<Date | null> {
  const r = await db.selectFrom('enrollmentEvent').select((eb) => eb.fn.max('createdAt').as('at')).where('enrollmentId', '=', enrollmentId).executeTakeFirst();
  return (r?.at as Date | null | undefined) ?? null;
}

export async function findEnrollmentEvents(db: Db, enrollmentId: string) {
  return db.selectFrom('enrollmentEvent').selectAll().where('enrollmentId', '=', enrollmentId).orderBy('createdAt').orderBy('id').execute();
}

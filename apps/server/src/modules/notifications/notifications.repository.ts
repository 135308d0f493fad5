import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { NotificationTable } from '../../db/schema.ts';

export async function insertNotification(db: Db, row: Insertable<NotificationTable>): Promise<void> {
  await db.insertInto('notification').values(row).execute();
}

// FOR NO KEY UPDATE: the dev mailbox's foreign key check (KEY SHARE) must not wait on it.
export async function lockNotificationById(db: Db, id: string) {
  return db.selectFrom('notification').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
}

export async function updateNotificationSent(db: Db, id: string, sentAt: Date): Promise<void> {
  await db.updateTable('notification').set({ sentAt }).where('id', '=', id).execute();
}

export async function updateNotificationFailed(db: Db, id: string, error: string): Promise<void> {
  await db.updateTable('notification').set((eb) => ({ attempts: eb('attempts', '+', 1), lastError: error.slice(0, 1000) })).where('id', '=', id).execute();
}

export async function findDevMail(db: Db, limit: number, to?: string) {
  let q = db.selectFrom('devMail').select(['id', 'toEmail', 'subject', 'text', 'html', 'createdAt']).orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(limit);
  if (to) q = q.where('toEmail', '=', to);
  return q.execute();
}

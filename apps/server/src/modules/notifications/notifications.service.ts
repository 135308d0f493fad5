import type { Db } from '../../db/database.ts';
import type { Queue } from '../../jobs/queue.ts';
import { uuidv7 } from '../../lib/ids.ts';
import type { Mailer } from './mailer.ts';
import { renderEmail, type TemplateData, type TemplateName } from './templates.ts';
import { findDevMail, insertNotification, lockNotificationById, updateNotificationFailed, updateNotificationSent } from './notifications.repository.ts';

export interface EmailRequest<T extends TemplateName> {
  to: string;
  locale: string;
  template: T;
  data: TemplateData[T];
  organizationId?: string | null;
}

/**
 * Renders and records an email and enqueues its delivery, inside the caller's transaction: if
 * the change rolls back, no email exists; once it commits, delivery is guaranteed (retried).
 * Returns the notification id (also the basis of the email's Message-ID).
 */
export async function enqueueEmail<T extends TemplateName>(trx: Db, queue: Queue, req: EmailRequest<T>): Promise<string> {
  const id = uuidv7();
  const { subject, text, html } = renderEmail(req.template, req.locale, req.data);
  await insertNotification(trx, { id, organizationId: req.organizationId ?? null, toEmail: req.to, locale: req.locale, template: req.template, subject, text, html });
  await queue.send(trx, 'notifications.deliver-email', { notificationId: id });
  return id;
}

/**
 * The delivery job: sends a notification once. The row lock serialises concurrent workers and
 * `sent_at` makes a redelivered job a no-op; a failed send is recorded and rethrown so the
 * queue retries with backoff.
 */
export async function deliverNotification(db: Db, mailer: Mailer, notificationId: string, now: () => Date): Promise<'sent' | 'already-sent' | 'missing'> {
  try {
    return await db.transaction().execute(async (trx) => {
      const n = await lockNotificationById(trx, notificationId);
      if (!n) return 'missing';
      if (n.sentAt) return 'already-sent';
      await mailer.send({ notificationId: n.id, to: n.toEmail, subject: n.subject, text: n.text, html: n.html });
      await updateNotificationSent(trx, n.id, now());
      return 'sent';
    });
  } catch (e) {
    await updateNotificationFailed(db, notificationId, e instanceof Error ? e.message : String(e));
    throw e;
  }
}

/** Dev mailbox contents, newest first. */
export async function findDevMailbox(db: Db, limit: number, to?: string) {
  const rows = await findDevMail(db, limit, to);
  return rows.map((r) => ({ id: r.id, to: r.toEmail, subject: r.subject, text: r.text, html: r.html, createdAt: r.createdAt.toISOString() }));
}

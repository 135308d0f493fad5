import type { Deps } from '../deps.ts';
import { deliverNotification } from '../modules/notifications/index.ts';
import { notifyOverdueCases } from '../modules/verification/index.ts';

/** When the overdue-verification digest goes out: every day at 07:00 UTC. */
export const NOTIFY_OVERDUE_CRON = '0 7 * * *';

/** Attaches a handler to every job name. Called by main (and by tests that deliver mail). */
export async function registerWorkers(deps: Deps): Promise<void> {
  await deps.queue.work('notifications.deliver-email', async ({ notificationId }) => {
    const r = await deliverNotification(deps.db, deps.mailer, notificationId, () => deps.clock.now());
    deps.log.debug({ notificationId, result: r }, 'email delivery');
  });
  await deps.queue.work('verification.notify-overdue', async () => {
    const r = await notifyOverdueCases(deps);
    deps.log.info(r, 'overdue verification digest');
  });
  await deps.queue.schedule('verification.notify-overdue', NOTIFY_OVERDUE_CRON);
}

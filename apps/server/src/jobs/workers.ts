import type { Deps } from '../deps.ts';
import { deliverNotification } from '../modules/notifications/index.ts';

/** Attaches a handler to every job name. Called by main (and by tests that deliver mail). */
export async function registerWorkers(deps: Deps): Promise<void> {
  await deps.queue.work('notifications.deliver-email', async ({ notificationId }) => {
    const r = await deliverNotification(deps.db, deps.mailer, notificationId, () => deps.clock.now());
    deps.log.debug({ notificationId, result: r }, 'email delivery');
  });
}

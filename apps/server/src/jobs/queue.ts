import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { Db } from '../db/database.ts';

/** Job names (`<module>.<verb-phrase>`) and their payloads. */
export interface JobPayloads {
  'notifications.deliver-email': { notificationId: string };
  /** Daily digest of overdue verification cases to program admins (scheduled). */
  'verification.notify-overdue': Record<string, never>;
}
export type JobName = keyof JobPayloads;
/** Jobs fetched and run together per poll (see `work`). */
export const WORK_BATCH_SIZE = 25;
/**
 * Jobs of a batch running at once. A job may hold two pool connections at a time (the delivery
 * transaction, and the dev mailbox's insert), so a whole batch in parallel took every connection
 * of the pool and waited forever for one more.
 */
export const WORK_CONCURRENCY = 4;

/** Runs `fn` over `items`, at most `limit` at a time; the results in the items' order. */
async function settleWithLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await fn(items[i]!) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

export const JOB_NAMES: JobName[] = ['notifications.deliver-email', 'verification.notify-overdue'];

export interface RetryPolicy {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
}

/**
 * The queue adapter: pg-boss in the same database. `send` takes the caller's transaction so a
 * job exists exactly when the change that caused it committed.
 */
export interface Queue {
  send<N extends JobName>(trx: Db, name: N, data: JobPayloads[N]): Promise<void>;
  work<N extends JobName>(name: N, handler: (data: JobPayloads[N]) => Promise<void>): Promise<void>;
  /** Runs the job on a cron schedule (UTC); one schedule per name, shared by every instance. */
  schedule<N extends JobName>(name: N, cron: string): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Lets pg-boss run its INSERT through a Kysely transaction. */
function asBossDb(trx: Db): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const r = await trx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: r.rows as unknown[] as never[] };
    },
  };
}

export function createQueue(connectionString: string, retry: RetryPolicy, onError: (e: unknown) => void): Queue {
  const boss = new PgBoss({ connectionString, max: 4, schema: 'pgboss', application_name: 'csp-center-jobs' });
  boss.on('error', onError);
  let started = false;
  return {
    async send(trx, name, data) {
      // A worker killed mid-job releases it after expireInSeconds (pg-boss default: 15 min).
      await boss.send(name, data as object, { ...retry, expireInSeconds: 120, db: asBossDb(trx) });
    },
    async work(name, handler) {
      // pg-boss waits the polling interval after every fetch, even a full one, so one job per
      // fetch caps a queue at 2 jobs/s (a burst of sign-in codes arrived minutes late). A batch
      // runs WORK_CONCURRENCY jobs at a time; each failed job is failed on its own (and retried)
      // while the rest complete.
      await boss.work<JobPayloads[typeof name]>(name, { batchSize: WORK_BATCH_SIZE, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        const results = await settleWithLimit(jobs, WORK_CONCURRENCY, (job) => handler(job.data));
        for (const [i, r] of results.entries()) {
          if (r.status === 'rejected') {
            const reason = r.reason instanceof Error ? r.reason.message : String(r.reason);
            await boss.fail(name, jobs[i]!.id, { message: reason });
          }
        }
      });
    },
    async schedule(name, cron) {
      await boss.schedule(name, cron, {}, { tz: 'UTC' });
    },
    async start() {
      await boss.start();
      for (const name of JOB_NAMES) {
        if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, ...retry });
      }
      started = true;
    },
    async stop() {
      if (started) await boss.stop({ graceful: true, timeout: 5000, wait: true });
      started = false;
    },
  };
}

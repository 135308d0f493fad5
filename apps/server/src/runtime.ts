import pino from 'pino';
import type { Config } from './config.ts';
import { createDb, migrateToLatest } from './db/database.ts';
import { startEmbeddedPostgres, type PostgresHandle } from './db/embedded.ts';
import type { Deps } from './deps.ts';
import { createQueue, type RetryPolicy } from './jobs/queue.ts';
import { registerWorkers } from './jobs/workers.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { loadDataCipher } from './lib/data-key.ts';
import { createDevMailboxMailer, createSmtpMailer } from './modules/notifications/index.ts';

export interface Runtime {
  deps: Deps;
  /**
   * Marks the start of shutdown: on SIGINT/SIGTERM the embedded PostgreSQL is stopped by its own
   * exit hook at the same moment, so connection errors from then on are expected, not alarming.
   */
  markClosing(): void;
  /** Stops workers, closes pools, and stops the embedded PostgreSQL if this process started it. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Run job workers in this process (the server: yes; CLI commands: no). */
  workers?: boolean;
  clock?: Clock;
  retry?: RetryPolicy;
  /** Apply pending migrations before anything else (default true). */
  migrate?: boolean;
}

/** Production retry policy for jobs: 10 tries, 5 s doubling (≈ 1.4 h in all). */
export const DEFAULT_RETRY: RetryPolicy = { retryLimit: 10, retryDelay: 5, retryBackoff: true };

/**
 * The composition root: database (embedded or external), migrations, queue, mailer, workers.
 * Shared by the server, the CLI and the tests so all three run the same wiring.
 */
export async function startRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const log = pino({ level: config.logLevel, base: { service: 'csp-center' } });
  let pg: PostgresHandle | undefined;
  const connectionString = config.databaseUrl ?? (pg = await startEmbeddedPostgres(config.dataDir, (m) => log.info(m))).connectionString;
  const db = createDb(connectionString);
  try {
    if (options.migrate !== false) await migrateToLatest(db);
    let closing = false;
    const queue = createQueue(connectionString, options.retry ?? DEFAULT_RETRY, (e) => (closing ? log.debug({ err: e }, 'job queue error during shutdown') : log.error({ err: e }, 'job queue error')));
    const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : createDevMailboxMailer(db);
    const deps: Deps = { config, db, queue, mailer, clock: options.clock ?? systemClock, log, crypto: loadDataCipher(config) };
    await queue.start();
    if (options.workers) await registerWorkers(deps);
    return {
      deps,
      markClosing: () => {
        closing = true;
      },
      async close() {
        closing = true;
        await queue.stop();
        mailer.close();
        await db.destroy();
        await pg?.stop();
      },
    };
  } catch (e) {
    await db.destroy();
    await pg?.stop();
    throw e;
  }
}

import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { Queue } from './jobs/queue.ts';
import type { Clock } from './lib/clock.ts';
import type { DataCipher } from './lib/data-key.ts';
import type { Mailer } from './modules/notifications/index.ts';

/** The composition root's product: everything a module needs, as a plain object. */
export interface Deps {
  config: Config;
  db: Db;
  queue: Queue;
  mailer: Mailer;
  clock: Clock;
  log: FastifyBaseLogger;
  /** Encryption at rest (bank details): AES-256-GCM under CSP_DATA_KEY or DATA_DIR/data.key. */
  crypto: DataCipher;
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createDb } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { createQueue } from '../jobs/queue.ts';
import { systemClock } from '../lib/clock.ts';
import { createDataCipher } from '../lib/data-key.ts';
import { createDevMailboxMailer } from '../modules/notifications/index.ts';

/**
 * Writes openapi/openapi.json from the route schemas (`--check`: exit 1 when the committed file
 * is stale). Builds the app without connecting anywhere: buildApp never touches the database.
 */
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../openapi/openapi.json');
const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: 'postgres://unused@127.0.0.1:1/none', PUBLIC_URL: 'http://localhost:3000' });
const db = createDb(config.databaseUrl!);
// A throwaway data key: the writer never encrypts, and must not create DATA_DIR/data.key.
const deps: Deps = { config, db, queue: createQueue(config.databaseUrl!, { retryLimit: 0, retryDelay: 1, retryBackoff: false }, () => {}), mailer: createDevMailboxMailer(db), clock: systemClock, log: pino({ level: 'silent' }), crypto: createDataCipher(Buffer.alloc(32)) };
const app = await buildApp(deps);
await app.ready();
const spec = JSON.stringify(app.swagger(), null, 2) + '\n';
await app.close();
await db.destroy();

if (process.argv.includes('--check')) {
  const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  if (current !== spec) {
    console.error('openapi/openapi.json is stale: run `npm run openapi` and commit the result.');
    process.exit(1);
  }
  console.log('openapi/openapi.json is up to date.');
} else {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, spec);
  console.log(`Wrote ${path.relative(process.cwd(), out)}`);
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type PostgresHandle } from '../db/embedded.ts';

let pg: PostgresHandle | undefined;
let dir: string | undefined;

/**
 * Tests use the PostgreSQL named by DATABASE_URL (CI: 127.0.0.1:5432). Without it, one embedded
 * PostgreSQL is started for the whole run; each test file then creates its own database on it.
 */
export async function setup() {
  if (process.env.DATABASE_URL) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-test-pg-'));
  fs.chmodSync(dir, 0o755);
  pg = await startEmbeddedPostgres(dir, () => {});
  process.env.DATABASE_URL = pg.connectionString;
}

export async function teardown() {
  await pg?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { startRuntime, type Runtime } from '../runtime.ts';
import { startEmbeddedPostgres } from './embedded.ts';

// The default path: no DATABASE_URL, so the server runs its own PostgreSQL under DATA_DIR/pg.
// Independent of the test database (whatever DATABASE_URL says): everything here lives in a
// temporary folder. As root (this machine's tests), PostgreSQL runs as the `postgres` user.

const SLOW = 120_000;

let dataDir: string;
let pgDir: string;
const runtimes: Runtime[] = [];

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-embedded-'));
  // The `postgres` user must be able to reach DATA_DIR/pg when the tests run as root.
  fs.chmodSync(dataDir, 0o755);
  pgDir = path.join(dataDir, 'pg');
});
afterAll(async () => {
  for (const r of runtimes.splice(0).reverse()) await r.close().catch(() => {});
  // A test that failed half-way may have left a server running on the folder.
  const pid = postmasterPid();
  if (pid && alive(pid) && isPostgres(pid)) {
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}, SLOW);

/** The runtime exactly as `npm start` builds it without DATABASE_URL. */
async function start(): Promise<Runtime> {
  const r = await startRuntime(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
  runtimes.push(r);
  return r;
}

async function close(r: Runtime): Promise<void> {
  runtimes.splice(runtimes.indexOf(r), 1);
  await r.close();
}

function postmasterPid(): number | undefined {
  const file = path.join(pgDir, 'postmaster.pid');
  return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').split('\n')[0]) : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `pid` runs the PostgreSQL binary (never signal anything else, least of all ourselves). */
function isPostgres(pid: number): boolean {
  try {
    return pid !== process.pid && path.basename(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!) === 'postgres';
  } catch {
    return false;
  }
}

async function serverPort(r: Runtime): Promise<number> {
  const row = await sql<{ port: string }>`select current_setting('port') as port`.execute(r.deps.db);
  return Number(row.rows[0]!.port);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** A postmaster.pid as PostgreSQL writes it, for a server that is no longer there. */
function writeStalePostmaster(pid: number, port: number): void {
  const lines = [String(pid), pgDir, String(Math.floor(Date.now() / 1000) - 3600), String(port), '', '127.0.0.1', '  5432001         0', 'ready   ', ''];
  fs.writeFileSync(path.join(pgDir, 'postmaster.pid'), lines.join('\n'), { mode: 0o600 });
}

describe('embedded PostgreSQL (no DATABASE_URL)', () => {
  let port: number;

  it('initialises a cluster under DATA_DIR/pg and applies the migrations', async () => {
    expect(fs.existsSync(pgDir)).toBe(false);
    const r = await start();
    expect(r.deps.config.databaseUrl).toBeUndefined();
    expect(fs.existsSync(path.join(pgDir, 'PG_VERSION'))).toBe(true);
    const users = await r.deps.db.selectFrom('appUser').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(users.n)).toBe(0);
    await r.deps.db.insertInto('organization').values({ id: '0190aaaa-0000-7000-8000-000000000001', name: 'Persisted', domain: 'persisted.example' }).execute();
    port = await serverPort(r);
    const pid = postmasterPid()!;
    expect(isPostgres(pid)).toBe(true);
    // PostgreSQL refuses to run as root: as root it runs as the `postgres` system user.
    if (process.getuid?.() === 0) expect(fs.statSync(`/proc/${pid}`).uid).not.toBe(0);
  }, SLOW);

  it('keeps the generated password in a file readable only by its owner', () => {
    const stat = fs.statSync(path.join(dataDir, 'pg-password'));
    expect(stat.mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim().length).toBeGreaterThanOrEqual(20);
  });

  it('reuses a server already running on the folder and leaves it running when let go', async () => {
    const [r] = runtimes;
    const logs: string[] = [];
    const second = await startEmbeddedPostgres(dataDir, (m) => logs.push(m));
    expect(new URL(second.connectionString).port).toBe(String(port));
    expect(logs.join('\n')).toMatch(/already running .*reusing/);
    const c = new pg.Client({ connectionString: second.connectionString });
    await c.connect();
    expect((await c.query('select domain from organization')).rows).toEqual([{ domain: 'persisted.example' }]);
    await c.end();

    await second.stop();
    expect(await accepts(port)).toBe(true);
    const still = await r!.deps.db.selectFrom('organization').select('domain').execute();
    expect(still).toHaveLength(1);
  }, SLOW);

  it('stops the server it started when the runtime closes', async () => {
    const pid = postmasterPid()!;
    await close(runtimes[0]!);
    expect(alive(pid)).toBe(false);
    expect(fs.existsSync(path.join(pgDir, 'postmaster.pid'))).toBe(false);
    expect(await accepts(port)).toBe(false);
  }, SLOW);

  it('starts cleanly after a crash left a stale postmaster.pid behind', async () => {
    const deadPid = 999_999;
    expect(alive(deadPid)).toBe(false);
    writeStalePostmaster(deadPid, port);
    const r = await start();
    expect(postmasterPid()).not.toBe(deadPid);
    expect(await r.deps.db.selectFrom('organization').select('domain').execute()).toEqual([{ domain: 'persisted.example' }]);
    await close(r);
  }, SLOW);

  it('starts cleanly when the stale postmaster.pid names a live process that is not PostgreSQL', async () => {
    // After a reboot or a container restart, the old pid often belongs to something else.
    writeStalePostmaster(process.pid, port);
    const r = await start();
    expect(postmasterPid()).not.toBe(process.pid);
    expect(await r.deps.db.selectFrom('organization').select('domain').execute()).toEqual([{ domain: 'persisted.example' }]);
    await close(r);
  }, SLOW);
});

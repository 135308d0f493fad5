/**
 * What both benchmarks share: the ceiling server and its autocannon measurement, the database
 * (a fresh one on DATABASE_URL's server, or the embedded PostgreSQL in a temporary DATA_DIR),
 * the real app as a child process, small HTTP helpers, number formatting and the README
 * section writer.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import { cpuMicros, freePort, sleep, startNode, type Child } from './processes.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const README = path.join(ROOT, 'bench', 'README.md');

/** autocannon load of every measured target: BENCH_CONNECTIONS, BENCH_WARMUP, BENCH_DURATION. */
export const LOAD = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
  duration: Number(process.env.BENCH_DURATION ?? 10),
  warmup: Number(process.env.BENCH_WARMUP ?? 2),
};

export interface Row {
  target: string;
  result: Result;
  warmup: Result;
  /** CPU time of the server process per answered request, in µs (Linux only). */
  cpuPerRequest: number | undefined;
}

// ---------------------------------------------------------------------------------------------
// Load

export async function load(target: string, server: Child, url: string, headers: Record<string, string> = {}): Promise<Row> {
  const { connections, duration, warmup: warmupSeconds } = LOAD;
  console.log(`\n→ ${target}: ${url} — ${connections} connections, ${warmupSeconds} s warm-up + ${duration} s`);
  const warmup = await autocannon({ url, connections, duration: warmupSeconds, headers });
  const cpuBefore = cpuMicros(server.proc.pid);
  const result = await autocannon({ url, connections, duration, headers });
  const cpuAfter = cpuMicros(server.proc.pid);
  const answered = result['2xx'] + result.non2xx;
  const cpuPerRequest = cpuBefore !== undefined && cpuAfter !== undefined && answered > 0 ? (cpuAfter - cpuBefore) / answered : undefined;
  console.log(
    `  ${Math.round(result.requests.mean)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, server CPU ${cpuPerRequest === undefined ? 'n/a' : `${Math.round(cpuPerRequest)} µs`}/request; ` +
      `${result['2xx']} 2xx, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts (warm-up: ${warmup.non2xx} non-2xx, ${warmup.errors} errors, ${warmup.timeouts} timeouts)`,
  );
  return { target, result, warmup, cpuPerRequest };
}

/** Every response must have been a 2xx (warm-up included); a benchmark of error pages measures nothing. */
export function failures(rows: Row[]): string[] {
  const bad = (r: Result) => r.non2xx > 0 || r.errors > 0 || r.timeouts > 0;
  return rows
    .filter((r) => bad(r.result) || bad(r.warmup) || r.result['2xx'] === 0)
    .map((r) => `${r.target}: ${r.result['2xx']} 2xx, ${r.result.non2xx} non-2xx (${JSON.stringify(r.result.statusCodeStats)}), ${r.result.errors} errors, ${r.result.timeouts} timeouts; warm-up ${r.warmup.non2xx} non-2xx, ${r.warmup.errors} errors, ${r.warmup.timeouts} timeouts`);
}

// ---------------------------------------------------------------------------------------------
// Servers

/** The bare Fastify hello-world (bench/hello-server.ts) in its own process. */
export async function ceilingServer(): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const child = startNode('hello', 'bench/hello-server.ts', { cwd: ROOT, env: { ...process.env, PORT: String(port) } });
  await child.waitForLine(/^listening \d+/, 30_000);
  return { child, url: `http://127.0.0.1:${port}` };
}

export interface Database {
  kind: string;
  env: Record<string, string>;
  /**
   * A connection string for the bench's own queries, once the app has started (the embedded
   * PostgreSQL only exists then: its port and password are read from DATA_DIR).
   */
  connectionString(): string;
  cleanup(): Promise<void>;
}

/** A fresh database on the server of DATABASE_URL, or a temporary DATA_DIR for the embedded one. */
export async function prepareDatabase(): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `csp_bench_${crypto.randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const version = (await admin.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    return {
      kind: `external PostgreSQL ${version.split(' ')[0]} at ${u.host} (DATABASE_URL; fresh database \`${name}\`, dropped afterwards)`,
      env: { DATABASE_URL: u.toString() },
      connectionString: () => u.toString(),
      async cleanup() {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
        console.log(`dropped database ${name}`);
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-bench-'));
  // As root, the embedded PostgreSQL runs as the `postgres` user, which must reach the folder.
  fs.chmodSync(dir, 0o755);
  const postmaster = () => {
    const file = path.join(dir, 'pg', 'postmaster.pid');
    if (!fs.existsSync(file)) return undefined;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  };
  return {
    kind: 'embedded PostgreSQL (DATABASE_URL unset; temporary DATA_DIR, removed afterwards)',
    env: { DATA_DIR: dir },
    connectionString() {
      const pm = postmaster();
      if (!pm) throw new Error(`the embedded PostgreSQL is not running (no ${dir}/pg/postmaster.pid)`);
      const password = fs.readFileSync(path.join(dir, 'pg-password'), 'utf8').trim();
      return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pm.port}/csp_center`;
    },
    async cleanup() {
      // The server stops the PostgreSQL it started; one left behind (server killed) is stopped here
      // by its pid, so the folder can go.
      const pm = postmaster();
      if (pm && Number.isInteger(pm.pid) && pm.pid > 0) {
        try {
          process.kill(pm.pid, 'SIGINT');
          for (let i = 0; i < 100 && fs.existsSync(path.join(dir, 'pg', 'postmaster.pid')); i++) await sleep(100);
        } catch {
          // already gone
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
      console.log(`removed ${dir}`);
    },
  };
}

/**
 * The real server (`node --import tsx apps/server/src/main.ts`, LOG_LEVEL=warn, dev mailbox) on
 * `db`, with `extraEnv` on top; waits for GET /ready. BENCH_CPU_PROF=<dir> adds --cpu-prof.
 */
export async function appServer(db: Database, extraEnv: Record<string, string> = {}): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ...db.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extraEnv };
  delete env.SMTP_URL; // the token flow reads the code from the dev mailbox
  delete env.PUBLIC_URL;
  if (!db.env.DATABASE_URL) delete env.DATABASE_URL;
  const nodeArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const child = startNode('server', 'apps/server/src/main.ts', { cwd: ROOT, env, nodeArgs });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exited() !== undefined) throw new Error(`the server exited (${child.exited()}) before it was ready\n${child.tail()}`);
    if (Date.now() > deadline) throw new Error(`GET /ready did not answer 200 within 120 s\n${child.tail()}`);
    try {
      const r = await fetch(`${url}/ready`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  return { child, url };
}

// ---------------------------------------------------------------------------------------------
// HTTP

export async function call(url: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  return fetch(url, { ...init, headers, body });
}

export async function expectStatus(r: Response, status: number, what: string): Promise<void> {
  if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${await r.text()}`);
}

/** The `csp_session=…` cookie pair set by a response (POST /api/v1/auth/verify). */
export function sessionCookie(r: Response): string | undefined {
  return r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('csp_session='));
}

// ---------------------------------------------------------------------------------------------
// Report

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const pct = (x: number) => `${fmt(x * 100, 1)} %`;
export const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** `- Machine: …` line of a report. */
export function machineLine(): string {
  return `- Machine: ${os.availableParallelism()} CPUs (\`nproc\`), ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, ${os.platform()} ${os.release()}`;
}

/** `- Machine load average …` line of a report. */
export function loadLine(loadBefore: number): string {
  return `- Machine load average (1 min) before the run: ${fmt(loadBefore, 2)}${loadBefore > os.availableParallelism() / 4 ? ' — other work was running; expect noise' : ''}`;
}

export const runDate = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** `text` with everything between the two markers replaced by `section` (markers kept). */
export function replaceBetween(text: string, start: string, end: string, section: string): string {
  const before = text.slice(0, text.indexOf(start) + start.length);
  const after = text.slice(text.indexOf(end));
  return `${before}\n${section}\n${after}`;
}

/**
 * Runs a benchmark's main: exits with its code; on an error or Ctrl-C stops the child processes
 * (via `cleanup`) first, and bench/README.md is left unchanged.
 */
export function runBench(main: () => Promise<number>, cleanup: () => Promise<void>): void {
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error('\ninterrupted: stopping child processes');
    void cleanup().finally(() => process.exit(130));
  });
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error('\nFAILED (bench/README.md left unchanged):', e);
      process.exit(1);
    },
  );
}

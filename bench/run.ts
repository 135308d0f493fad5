/**
 * `npm run bench`: the ceiling (bare Fastify hello-world), then the real server under
 * `GET /api/v1/me` (bearer token) and `GET /health`, each at 32 connections. Writes the
 * table into bench/README.md between the results markers and prints it.
 *
 * Environment: DATABASE_URL (a PostgreSQL server; the bench creates and drops its own database
 * there) or unset (the server starts the embedded PostgreSQL in a temporary DATA_DIR).
 * BENCH_DURATION / BENCH_WARMUP (seconds, default 10 / 2) and BENCH_CONNECTIONS (default 32).
 * BENCH_CPU_PROF=<dir> runs the server under --cpu-prof and writes its profile there.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import { cpuMicros, freePort, sleep, startNode, stopAll, type Child } from './processes.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const README = path.join(ROOT, 'bench', 'README.md');
const START = '<!-- results:start -->';
const END = '<!-- results:end -->';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const EMAIL = 'bench@bench.example';

/** Targets from the issue, for `GET /api/v1/me`. */
const TARGET_RATIO = 0.35;
const TARGET_P99_MS = 25;

interface Row {
  target: string;
  result: Result;
  warmup: Result;
  /** CPU time of the server process per answered request, in µs (Linux only). */
  cpuPerRequest: number | undefined;
}

// ---------------------------------------------------------------------------------------------
// Load

async function load(target: string, server: Child, url: string, headers: Record<string, string> = {}): Promise<Row> {
  console.log(`\n→ ${target}: ${url} — ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s`);
  const warmup = await autocannon({ url, connections: CONNECTIONS, duration: WARMUP, headers });
  const cpuBefore = cpuMicros(server.proc.pid);
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
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
function failures(rows: Row[]): string[] {
  const bad = (r: Result) => r.non2xx > 0 || r.errors > 0 || r.timeouts > 0;
  return rows
    .filter((r) => bad(r.result) || bad(r.warmup) || r.result['2xx'] === 0)
    .map((r) => `${r.target}: ${r.result['2xx']} 2xx, ${r.result.non2xx} non-2xx (${JSON.stringify(r.result.statusCodeStats)}), ${r.result.errors} errors, ${r.result.timeouts} timeouts; warm-up ${r.warmup.non2xx} non-2xx, ${r.warmup.errors} errors, ${r.warmup.timeouts} timeouts`);
}

// ---------------------------------------------------------------------------------------------
// Servers

async function ceilingServer(): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const child = startNode('hello', 'bench/hello-server.ts', { cwd: ROOT, env: { ...process.env, PORT: String(port) } });
  await child.waitForLine(/^listening \d+/, 30_000);
  return { child, url: `http://127.0.0.1:${port}` };
}

interface Database {
  kind: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** A fresh database on the server of DATABASE_URL, or a temporary DATA_DIR for the embedded one. */
async function prepareDatabase(): Promise<Database> {
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
  return {
    kind: 'embedded PostgreSQL (DATABASE_URL unset; temporary DATA_DIR, removed afterwards)',
    env: { DATA_DIR: dir },
    async cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
      console.log(`removed ${dir}`);
    },
  };
}

async function appServer(db: Database): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ...db.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
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
// API token through the public API

async function call(url: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  return fetch(url, { ...init, headers, body });
}

async function expectStatus(r: Response, status: number, what: string): Promise<void> {
  if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${await r.text()}`);
}

async function apiToken(base: string): Promise<string> {
  const r1 = await call(`${base}/api/v1/auth/sign-in`, { method: 'POST', json: { email: EMAIL } });
  await expectStatus(r1, 202, 'POST /api/v1/auth/sign-in');

  let code: string | undefined;
  const deadline = Date.now() + 30_000;
  while (!code) {
    if (Date.now() > deadline) throw new Error('the sign-in code did not reach the dev mailbox within 30 s');
    const r = await call(`${base}/api/v1/dev/mailbox?to=${encodeURIComponent(EMAIL)}`);
    await expectStatus(r, 200, 'GET /api/v1/dev/mailbox');
    const { items } = (await r.json()) as { items: Array<{ text: string }> };
    code = items.map((m) => /\b(\d{6})\b/.exec(m.text)?.[1]).find(Boolean);
    if (!code) await sleep(200);
  }

  const r2 = await call(`${base}/api/v1/auth/verify`, { method: 'POST', json: { email: EMAIL, code } });
  await expectStatus(r2, 200, 'POST /api/v1/auth/verify');
  const session = r2.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('csp_session='));
  if (!session) throw new Error('POST /api/v1/auth/verify set no csp_session cookie');

  const r3 = await call(`${base}/api/v1/me/api-tokens`, { method: 'POST', headers: { cookie: session }, json: { name: 'bench' } });
  await expectStatus(r3, 201, 'POST /api/v1/me/api-tokens');
  const { token } = (await r3.json()) as { token: string };

  // One checked call before the load: the token works and answers for the bench user.
  const r4 = await call(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  await expectStatus(r4, 200, 'GET /api/v1/me');
  const me = (await r4.json()) as { user: { email: string } };
  if (me.user.email !== EMAIL) throw new Error(`GET /api/v1/me answered for ${me.user.email}`);
  return token;
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (x: number) => `${fmt(x * 100, 1)} %`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

function report(rows: Row[], meta: { pgKind: string; loadBefore: number; date: string }): string {
  const ceilingRows = rows.filter((r) => r.target.includes('(ceiling'));
  // Background load can only lower a run, so the better of the two is the ceiling (the stricter ratio).
  const ceiling = Math.max(...ceilingRows.map((r) => r.result.requests.mean));
  const ceilingCpu = Math.min(...ceilingRows.map((r) => r.cpuPerRequest ?? Infinity));
  const meRow = rows.find((r) => r.target.includes('/api/v1/me'))!;
  const me = meRow.result;
  const meCpu = meRow.cpuPerRequest;
  const ratio = me.requests.mean / ceiling;
  const lines = [
    `Run of ${meta.date}.`,
    '',
    `- Machine: ${os.availableParallelism()} CPUs (\`nproc\`), ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, ${os.platform()} ${os.release()}`,
    `- Node ${process.version}; autocannon in the bench process, each server in its own child process`,
    `- Database: ${meta.pgKind}`,
    `- Load: ${CONNECTIONS} connections, ${WARMUP} s warm-up (not counted) + ${DURATION} s per target`,
    `- Machine load average (1 min) before the run: ${fmt(meta.loadBefore, 2)}${meta.loadBefore > os.availableParallelism() / 4 ? ' — other work was running; expect noise' : ''}`,
    `- Ceiling used for the ratios: the better of the two ceiling runs, ${fmt(ceiling)} req/s`,
    '',
    '| Target | req/s (mean) | p50 latency | p99 latency | vs ceiling | server CPU per request |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.target} | ${fmt(r.result.requests.mean)} | ${r.result.latency.p50} ms | ${r.result.latency.p99} ms | ${pct(r.result.requests.mean / ceiling)} | ${r.cpuPerRequest === undefined ? 'n/a' : `${fmt(r.cpuPerRequest)} µs`} |`,
    ),
    '',
    '| Target from the issue | Goal | Measured | Result |',
    '|---|---:|---:|---|',
    `| \`GET /api/v1/me\` throughput vs ceiling | ≥ ${pct(TARGET_RATIO)} | ${pct(ratio)} | ${verdict(ratio >= TARGET_RATIO)} |`,
    `| \`GET /api/v1/me\` p99 latency | ≤ ${TARGET_P99_MS} ms | ${me.latency.p99} ms | ${verdict(me.latency.p99 <= TARGET_P99_MS)} |`,
  ];
  if (meCpu !== undefined && Number.isFinite(ceilingCpu)) {
    lines.push(
      '',
      `Server CPU per request hardly moves with background load, unlike req/s: the ceiling server spends ${fmt(ceilingCpu)} µs per request, ` +
        `\`GET /api/v1/me\` ${fmt(meCpu)} µs, i.e. ${pct(ceilingCpu / meCpu)} by that measure (informative; the PASS/MISS above uses req/s).`,
    );
  }
  return lines.join('\n');
}

const INTRO = `# Benchmark

What it measures, in one run (\`npm run bench\`, about a minute):

1. **Ceiling** — a bare Fastify 5 hello-world route (\`GET /\` → \`{"hello":"world"}\`, logger off) in its own
   child process, measured first and again last; the ratios use the better of the two (background
   load can only lower a run). This is the most this machine and load generator can do with Fastify.
2. **\`GET /api/v1/me\`** on the real server (\`node --import tsx apps/server/src/main.ts\`, \`LOG_LEVEL=warn\`),
   authenticated with an API token (\`Authorization: Bearer …\`) obtained through the public API
   (sign-in code from the dev mailbox → session cookie → \`POST /api/v1/me/api-tokens\`).
3. **\`GET /health\`** on the same server: the framework, plugins and hooks without any database work.

Each target gets the same load from [autocannon](https://github.com/mcollina/autocannon) (connections and
durations are printed with the results). Any non-2xx response, socket error or timeout (warm-up included)
fails the run and leaves this file unchanged. Per target the table gives the mean req/s, p50 and p99
latency, req/s as a share of the ceiling, and the CPU time the server process used per answered request
(user + system from \`/proc\`, Linux only).

Run it with an external PostgreSQL (the bench creates a fresh database there and drops it afterwards):

\`\`\`sh
DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
\`\`\`

or without \`DATABASE_URL\`, in which case the server starts the embedded PostgreSQL in a temporary
\`DATA_DIR\`. Which one was used is stated with the results. \`BENCH_DURATION\`, \`BENCH_WARMUP\` (seconds)
and \`BENCH_CONNECTIONS\` override the defaults; \`BENCH_CPU_PROF=<dir>\` runs the server under
\`--cpu-prof\` and leaves its profile in that folder.

Caveats, read before comparing numbers:

- The load generator, the server and PostgreSQL share the machine. On 2 cores they compete for CPU, so
  absolute req/s are low and depend on everything else running at the time.
- req/s swing a lot when other work runs on the machine (the two ceiling rows of one run have differed by
  2×). The load average before the run is printed; trust a run whose two ceiling rows agree. The server
  CPU per request is far steadier and is the better figure for before/after comparisons of server code.
- On the hello-world run the load generator itself is probably the limit, so the ceiling is the
  ceiling of this setup (one autocannon process on the same machine), not of Fastify.

## Results

${START}
${END}
`;

function writeReadme(section: string): void {
  let text = fs.existsSync(README) ? fs.readFileSync(README, 'utf8') : INTRO;
  if (!text.includes(START) || !text.includes(END)) text = `${text.trimEnd()}\n\n## Results\n\n${START}\n${END}\n`;
  const before = text.slice(0, text.indexOf(START) + START.length);
  const after = text.slice(text.indexOf(END));
  fs.writeFileSync(README, `${before}\n${section}\n${after}`);
}

// ---------------------------------------------------------------------------------------------

let db: Database | undefined;

async function cleanup(): Promise<void> {
  await stopAll();
  const d = db;
  db = undefined;
  await d?.cleanup();
}

async function main(): Promise<number> {
  const rows: Row[] = [];
  try {
    const loadBefore = os.loadavg()[0]!;
    // The ceiling is measured before and after the app: a change in background load during the
    // run shows as a gap between the two rows, and the better one is used for the ratios.
    const hello = await ceilingServer();
    rows.push(await load('Fastify hello-world (ceiling, before)', hello.child, `${hello.url}/`));

    db = await prepareDatabase();
    console.log(`\nDatabase: ${db.kind}`);
    const app = await appServer(db);
    const token = await apiToken(app.url);
    console.log('API token obtained through the public API');
    rows.push(await load('`GET /api/v1/me` (bearer token)', app.child, `${app.url}/api/v1/me`, { authorization: `Bearer ${token}` }));
    rows.push(await load('`GET /health`', app.child, `${app.url}/health`));
    await app.child.stop();
    rows.push(await load('Fastify hello-world (ceiling, after)', hello.child, `${hello.url}/`));
    await hello.child.stop();

    const section = report(rows, { pgKind: db.kind, loadBefore, date: new Date().toISOString().replace(/\.\d+Z$/, 'Z') });
    console.log(`\n${section}\n`);
    const bad = failures(rows);
    if (bad.length) {
      console.error(`\nFAILED: responses other than 2xx; bench/README.md left unchanged.\n  ${bad.join('\n  ')}`);
      return 1;
    }
    writeReadme(section);
    console.log('bench/README.md updated');
    return 0;
  } finally {
    await cleanup();
  }
}

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
    console.error(e);
    process.exit(1);
  },
);

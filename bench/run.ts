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
import fs from 'node:fs';
import os from 'node:os';
import { appServer, call, ceilingServer, expectStatus, failures, fmt, LOAD, load, loadLine, machineLine, pct, prepareDatabase, README, replaceBetween, runDate, sessionCookie, verdict, type Database, type Row, runBench } from './common.ts';
import { sleep, stopAll } from './processes.ts';

const START = '<!-- results:start -->';
const END = '<!-- results:end -->';

const EMAIL = 'bench@bench.example';

/** Targets from the issue, for `GET /api/v1/me`. */
const TARGET_RATIO = 0.35;
const TARGET_P99_MS = 25;

// ---------------------------------------------------------------------------------------------
// API token through the public API

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
  const session = sessionCookie(r2);
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
    machineLine(),
    `- Node ${process.version}; autocannon in the bench process, each server in its own child process`,
    `- Database: ${meta.pgKind}`,
    `- Load: ${LOAD.connections} connections, ${LOAD.warmup} s warm-up (not counted) + ${LOAD.duration} s per target`,
    loadLine(meta.loadBefore),
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
  fs.writeFileSync(README, replaceBetween(text, START, END, section));
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

    const section = report(rows, { pgKind: db.kind, loadBefore, date: runDate() });
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

runBench(main, cleanup);

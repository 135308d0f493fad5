/**
 * `npm run bench:enrollment`: complete indirect reseller enrollments per second, through the
 * real API, beside the ceiling (bare Fastify hello-world) measured in the same run.
 *
 * One run: the ceiling (autocannon, as `npm run bench`), then the real server on a fresh
 * database with a program admin, a verifier, the agreement template and N partner IDs; a short
 * warm-up journey (not counted); then N partners at a fixed concurrency, phase by phase:
 *   1. each partner: sign-in, verify, PUT legal-business, support, billing, partner-id,
 *      POST /enrollments, POST submit;
 *   2. the verifier: the queue (OPEN, unassigned), then claim + approve each case;
 *   3. each partner: GET agreement-templates, POST agreement-acceptances → ACTIVE;
 * then the ceiling again. Every response status is checked and every enrollment must end ACTIVE,
 * else the run fails and bench/README.md is left unchanged. Writes the results between the
 * enrollment markers of bench/README.md (one block per database kind) and prints them.
 *
 * Environment: DATABASE_URL (a PostgreSQL server; a fresh database is created there and dropped
 * afterwards) or unset (embedded PostgreSQL in a temporary DATA_DIR). BENCH_PARTNERS (default 200),
 * BENCH_CONCURRENCY (default 32), BENCH_WARMUP_PARTNERS (default 16, 0 for none); the ceiling
 * uses BENCH_CONNECTIONS / BENCH_WARMUP / BENCH_DURATION like `npm run bench`. BENCH_CPU_PROF=<dir>
 * runs the server under --cpu-prof.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { appServer, ceilingServer, failures, fmt, LOAD, load, loadLine, machineLine, pct, prepareDatabase, README, replaceBetween, ROOT, runDate, sessionCookie, verdict, type Database, type Row, runBench } from './common.ts';
import { cpuMicros, sleep, stopAll } from './processes.ts';

const START = '<!-- enrollment:start -->';
const END = '<!-- enrollment:end -->';

const PARTNERS = Number(process.env.BENCH_PARTNERS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const WARMUP_PARTNERS = Number(process.env.BENCH_WARMUP_PARTNERS ?? 16);
/** Target from the issue: complete enrollments per second, on 2 cores with the embedded PostgreSQL. */
const TARGET_RATE = 50;

const ADMIN_EMAIL = 'admin@program.bench.example';
const VERIFIER_EMAIL = 'verifier@program.bench.example';
const TEMPLATE_TYPE = 'INDIRECT_RESELLER_TERMS';
const TERMS_FILE = path.join(ROOT, 'apps/server/src/modules/demo/indirect-reseller-terms.2026-01.en-US.md');

// ---------------------------------------------------------------------------------------------
// Timed API client

/** The journey's steps in report order; `db` marks the one that is a database read, not a request. */
const STEPS = [
  { key: 'signIn', label: '`POST /auth/sign-in`' },
  { key: 'code', label: 'sign-in code from the `notification` table', db: true },
  { key: 'verify', label: '`POST /auth/verify`' },
  { key: 'legal', label: '`PUT /profile/legal-business`' },
  { key: 'support', label: '`PUT /profile/support`' },
  { key: 'billing', label: '`PUT /profile/billing`' },
  { key: 'partnerId', label: '`PUT /profile/partner-id`' },
  { key: 'create', label: '`POST /enrollments`' },
  { key: 'submit', label: '`POST /enrollments/{id}/submit`' },
  { key: 'queue', label: '`GET /admin/verification-cases` (verifier, pages of 200)' },
  { key: 'claim', label: '`POST /admin/verification-cases/{id}/claim`' },
  { key: 'approve', label: '`POST /admin/verification-cases/{id}/approve`' },
  { key: 'templates', label: '`GET /agreement-templates`' },
  { key: 'accept', label: '`POST /enrollments/{id}/agreement-acceptances`' },
] as const;
type Step = (typeof STEPS)[number]['key'];

class Timings {
  readonly ms = new Map<Step, number[]>();
  add(step: Step, ms: number): void {
    const list = this.ms.get(step) ?? [];
    list.push(ms);
    this.ms.set(step, list);
  }
  requests(): number {
    return STEPS.filter((s) => !('db' in s)).reduce((n, s) => n + (this.ms.get(s.key)?.length ?? 0), 0);
  }
}

interface Answer {
  status: number;
  body: unknown;
  response: Response;
}

class Api {
  constructor(
    private readonly base: string,
    private readonly timings: Timings,
  ) {}

  /** One timed request (until the whole body is read); any status but `expected` throws. */
  async request(step: Step, expected: number, method: string, url: string, opts: { cookie?: string; json?: unknown; csv?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.csv !== undefined) {
      headers['content-type'] = 'text/csv';
      body = opts.csv;
    }
    const t0 = performance.now();
    const response = await fetch(`${this.base}${url}`, { method, headers, body });
    const text = await response.text();
    this.timings.add(step, performance.now() - t0);
    if (response.status !== expected) throw new Error(`${method} ${url}: expected ${expected}, got ${response.status}: ${text.slice(0, 800)}`);
    return { status: response.status, body: text ? JSON.parse(text) : undefined, response };
  }
}

// ---------------------------------------------------------------------------------------------
// Journey

interface Partner {
  index: number;
  email: string;
  domain: string;
  partnerId: string;
  cookie?: string;
  enrollmentId?: string;
  finalState?: string;
}

function partners(from: number, count: number, runId: string): Partner[] {
  return Array.from({ length: count }, (_, k) => {
    const index = from + k;
    const domain = `p${String(index).padStart(5, '0')}-${runId}.bench.example`;
    // Partner IDs are digits only; 8 digits leave room for 10⁶ partners per run.
    return { index, domain, email: `admin@${domain}`, partnerId: String(80_000_000 + index) };
  });
}

/** Runs `fn` over `items`, `concurrency` at a time; the first failure stops new work and is rethrown. */
async function pool<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: { error: unknown } | undefined;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failed) throw failed.error;
}

/** The sign-in code, read from the rendered email in the `notification` table (no mail-queue wait). */
async function codeFor(dbPool: pg.Pool, timings: Timings, email: string): Promise<string> {
  const t0 = performance.now();
  for (let tries = 0; ; tries++) {
    const r = await dbPool.query<{ text: string }>(`select text from notification where to_email = $1 and template = 'signInCode' order by created_at desc limit 1`, [email]);
    const code = r.rows[0] && /\b(\d{6})\b/.exec(r.rows[0].text)?.[1];
    if (code) {
      timings.add('code', performance.now() - t0);
      return code;
    }
    if (tries >= 50) throw new Error(`no sign-in code for ${email} in the notification table`);
    await sleep(100);
  }
}

async function signIn(api: Api, dbPool: pg.Pool, timings: Timings, email: string): Promise<{ cookie: string; body: { user: { id: string }; organization: { id: string } | null } }> {
  await api.request('signIn', 202, 'POST', '/api/v1/auth/sign-in', { json: { email } });
  const code = await codeFor(dbPool, timings, email);
  const r = await api.request('verify', 200, 'POST', '/api/v1/auth/verify', { json: { email, code } });
  const cookie = sessionCookie(r.response);
  if (!cookie) throw new Error(`POST /api/v1/auth/verify for ${email} set no csp_session cookie`);
  return { cookie, body: r.body as { user: { id: string }; organization: { id: string } | null } };
}

/** Phase 1 for one partner: sign in, the four profile parts, create and submit the enrollment. */
async function profileAndSubmit(api: Api, dbPool: pg.Pool, timings: Timings, p: Partner): Promise<void> {
  const { cookie, body } = await signIn(api, dbPool, timings, p.email);
  if (!body.organization) throw new Error(`${p.email} signed in without an organization`);
  p.cookie = cookie;
  const companyName = `Bench Partner ${p.index} Ltd.`;
  await api.request('legal', 200, 'PUT', '/api/v1/profile/legal-business', {
    cookie,
    json: { companyName, address: { line1: `No. ${p.index + 1}, Sec. 5, Xinyi Rd.`, city: 'Taipei City', postalCode: '110', country: 'TW' }, primaryContact: { firstName: 'Alice', lastName: 'Lin', email: p.email }, registrationId: String(10_000_000 + p.index) },
  });
  await api.request('support', 200, 'PUT', '/api/v1/profile/support', { cookie, json: { email: `support@${p.domain}`, phone: '+886 2 2345 6789', website: `https://${p.domain}` } });
  await api.request('billing', 200, 'PUT', '/api/v1/profile/billing', { cookie, json: { bankAccount: { holderName: companyName, accountNumber: String(100_000_000_000 + p.index), routingNumber: '0040037', bankCountry: 'TW' } } });
  await api.request('partnerId', 200, 'PUT', '/api/v1/profile/partner-id', { cookie, json: { partnerId: p.partnerId } });
  const created = await api.request('create', 201, 'POST', '/api/v1/enrollments', { cookie, json: { program: 'INDIRECT_RESELLER' } });
  const enrollment = created.body as { id: string; state: string };
  if (enrollment.state !== 'DRAFT') throw new Error(`POST /api/v1/enrollments for ${p.email}: state ${enrollment.state}, expected DRAFT`);
  p.enrollmentId = enrollment.id;
  const submitted = await api.request('submit', 200, 'POST', `/api/v1/enrollments/${enrollment.id}/submit`, { cookie });
  const state = (submitted.body as { state: string }).state;
  if (state !== 'SUBMITTED') throw new Error(`submit for ${p.email}: state ${state}, expected SUBMITTED`);
}

/** Phase 2: the verifier reads the whole queue, then claims and approves each case of `batch`. */
async function review(api: Api, verifierCookie: string, batch: Partner[]): Promise<void> {
  const caseOf = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const q = `/api/v1/admin/verification-cases?state=OPEN&assignee=unassigned&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = (await api.request('queue', 200, 'GET', q, { cookie: verifierCookie })).body as { items: Array<{ id: string; enrollmentId: string }>; nextCursor: string | null };
    for (const c of page.items) caseOf.set(c.enrollmentId, c.id);
    cursor = page.nextCursor;
  } while (cursor);
  const missing = batch.filter((p) => !caseOf.has(p.enrollmentId!));
  if (missing.length) throw new Error(`${missing.length} submitted enrollments are not in the verification queue (first: ${missing[0]!.email})`);

  await pool(batch, CONCURRENCY, async (p) => {
    const caseId = caseOf.get(p.enrollmentId!)!;
    const claimed = (await api.request('claim', 200, 'POST', `/api/v1/admin/verification-cases/${caseId}/claim`, { cookie: verifierCookie })).body as { state: string };
    if (claimed.state !== 'IN_REVIEW') throw new Error(`claim of case ${caseId}: state ${claimed.state}, expected IN_REVIEW`);
    const approved = (await api.request('approve', 200, 'POST', `/api/v1/admin/verification-cases/${caseId}/approve`, { cookie: verifierCookie, json: { note: `Matches partner ID ${p.partnerId}.` } })).body as { state: string };
    if (approved.state !== 'APPROVED') throw new Error(`approve of case ${caseId}: state ${approved.state}, expected APPROVED`);
  });
}

/** Phase 3 for one partner: the current terms, then the acceptance that activates the enrollment. */
async function accept(api: Api, p: Partner): Promise<void> {
  const templates = (await api.request('templates', 200, 'GET', `/api/v1/agreement-templates?type=${TEMPLATE_TYPE}&locale=en-US`, { cookie: p.cookie })).body as { items: Array<{ id: string }> };
  const template = templates.items[0];
  if (!template) throw new Error(`GET /api/v1/agreement-templates for ${p.email}: no current ${TEMPLATE_TYPE}`);
  const r = await api.request('accept', 201, 'POST', `/api/v1/enrollments/${p.enrollmentId}/agreement-acceptances`, {
    cookie: p.cookie,
    json: { templateId: template.id, signer: { name: 'Alice Lin', title: 'Managing Director' }, authorityConfirmed: true },
  });
  p.finalState = (r.body as { enrollment: { state: string } }).enrollment.state;
  if (p.finalState !== 'ACTIVE') throw new Error(`acceptance for ${p.email}: enrollment state ${p.finalState}, expected ACTIVE`);
}

interface PhaseTimes {
  submit: number;
  review: number;
  accept: number;
}

async function journey(api: Api, dbPool: pg.Pool, timings: Timings, verifierCookie: string, batch: Partner[]): Promise<PhaseTimes> {
  const t0 = performance.now();
  await pool(batch, CONCURRENCY, (p) => profileAndSubmit(api, dbPool, timings, p));
  const t1 = performance.now();
  await review(api, verifierCookie, batch);
  const t2 = performance.now();
  await pool(batch, CONCURRENCY, (p) => accept(api, p));
  const t3 = performance.now();
  return { submit: t1 - t0, review: t2 - t1, accept: t3 - t2 };
}

/** The database's word: every enrollment of `batch` is ACTIVE, with one acceptance. */
async function assertAllActive(dbPool: pg.Pool, batch: Partner[]): Promise<void> {
  const ids = batch.map((p) => p.enrollmentId!);
  const r = await dbPool.query<{ state: string; n: number }>(`select state, count(*)::int as n from enrollment where id = any($1::uuid[]) group by state`, [ids]);
  const active = r.rows.find((x) => x.state === 'ACTIVE')?.n ?? 0;
  if (active !== batch.length) throw new Error(`expected ${batch.length} ACTIVE enrollments in the database, found ${JSON.stringify(r.rows)}`);
  const a = await dbPool.query<{ n: number }>(`select count(distinct enrollment_id)::int as n from agreement_acceptance where enrollment_id = any($1::uuid[])`, [ids]);
  if (a.rows[0]!.n !== batch.length) throw new Error(`expected ${batch.length} enrollments with an agreement acceptance, found ${a.rows[0]!.n}`);
}

// ---------------------------------------------------------------------------------------------
// Seed (not timed)

async function seed(api: Api, dbPool: pg.Pool, timings: Timings, registry: Partner[]): Promise<{ verifierCookie: string }> {
  for (const [email, role] of [
    [ADMIN_EMAIL, 'program_admin'],
    [VERIFIER_EMAIL, 'verifier'],
  ] as const) {
    // What `csp-center staff add` writes (without its audit event).
    await dbPool.query(`insert into app_user (id, email, organization_id, role, staff_role, locale) values ($1, $2, null, null, $3, 'en-US')`, [crypto.randomUUID(), email, role]);
  }
  const admin = await signIn(api, dbPool, timings, ADMIN_EMAIL);
  const verifier = await signIn(api, dbPool, timings, VERIFIER_EMAIL);

  const body = fs.readFileSync(TERMS_FILE, 'utf8');
  await api.request('templates', 201, 'POST', '/api/v1/admin/agreement-templates', {
    cookie: admin.cookie,
    json: { type: TEMPLATE_TYPE, version: 'bench-1', locale: 'en-US', title: 'Indirect Reseller Terms Agreement', body, effectiveAt: new Date(Date.now() - 60_000).toISOString(), requiresReacceptance: false },
  });

  const csv = ['partnerId,legalName,country,kind,active', ...registry.map((p) => `${p.partnerId},Bench Partner ${p.index} Ltd.,TW,LOCATION,true`)].join('\n');
  const imported = (await api.request('queue', 200, 'POST', '/api/v1/admin/partner-ids/import', { cookie: admin.cookie, csv })).body as { created: number };
  if (imported.created !== registry.length) throw new Error(`registry import created ${imported.created} partner IDs, expected ${registry.length}`);
  return { verifierCookie: verifier.cookie };
}

/** Audit events and emails so far: how many audited transactions the journey made, and the mail backlog. */
async function counters(dbPool: pg.Pool): Promise<{ audit: number; emails: number; sent: number }> {
  const r = await dbPool.query<{ audit: number; emails: number; sent: number }>(
    `select (select count(*) from audit_event)::int as audit, count(*)::int as emails, count(sent_at)::int as sent from notification`,
  );
  return r.rows[0]!;
}

// ---------------------------------------------------------------------------------------------
// Where the time goes: CPU of the machine, the server and PostgreSQL; what PostgreSQL's backends wait on

/** Busy and total jiffies of all CPUs (/proc/stat), or undefined off Linux. */
function machineJiffies(): { busy: number; total: number } | undefined {
  try {
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
    const total = cpu.reduce((a, b) => a + b, 0);
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/**
 * CPU time (µs) of the `postgres` processes: those descending from `rootPid` (the embedded server,
 * started by the app), or every one on the machine (an external server may serve others too).
 */
function postgresMicros(rootPid: number | undefined): number | undefined {
  try {
    const procs = new Map<number, { ppid: number; postgres: boolean }>();
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        procs.set(Number(d), { ppid: Number(after[1]), postgres: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === 'postgres' });
      } catch {
        // exited meanwhile
      }
    }
    const descends = (pid: number) => {
      for (let p: number | undefined = pid, hops = 0; p && hops < 10; p = procs.get(p)?.ppid, hops++) if (p === rootPid) return true;
      return false;
    };
    let sum = 0;
    for (const [pid, p] of procs) if (p.postgres && (rootPid === undefined || descends(pid))) sum += cpuMicros(pid) ?? 0;
    return sum;
  } catch {
    return undefined;
  }
}

interface Usage {
  machineBusy: number | undefined;
  serverMicros: number | undefined;
  postgresMicros: number | undefined;
  benchMicros: number;
}

function usage(serverPid: number | undefined, embedded: boolean): Usage & { jiffies: ReturnType<typeof machineJiffies> } {
  const cpu = process.cpuUsage();
  return { machineBusy: undefined, jiffies: machineJiffies(), serverMicros: cpuMicros(serverPid), postgresMicros: postgresMicros(embedded ? serverPid : undefined), benchMicros: cpu.user + cpu.system };
}

function usageBetween(a: ReturnType<typeof usage>, b: ReturnType<typeof usage>): Usage {
  const d = (x: number | undefined, y: number | undefined) => (x === undefined || y === undefined ? undefined : y - x);
  return {
    machineBusy: a.jiffies && b.jiffies && b.jiffies.total > a.jiffies.total ? (b.jiffies.busy - a.jiffies.busy) / (b.jiffies.total - a.jiffies.total) : undefined,
    serverMicros: d(a.serverMicros, b.serverMicros),
    postgresMicros: d(a.postgresMicros, b.postgresMicros),
    benchMicros: b.benchMicros - a.benchMicros,
  };
}

const ACTIVITY_SQL = `select case
          when state = 'active' and wait_event is null then 'active, on CPU'
          when state = 'active' then 'active, waiting on ' || wait_event_type || ':' || wait_event
          when state like 'idle in transaction%' then 'idle in transaction (waiting for the app)'
          else 'idle' end as what,
          count(*)::int as n
     from pg_stat_activity
    where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()
    group by 1`;

/** Samples pg_stat_activity of the bench database every 100 ms: what the app's connections are doing. */
function sampleActivity(dbPool: pg.Pool): { stop(): Promise<{ samples: number; mean: Map<string, number> }> } {
  const totals = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const r = await dbPool.query<{ what: string; n: number }>(ACTIVITY_SQL).catch(() => undefined); // the pool closed under a failed run: stop quietly
      if (!r) return;
      samples++;
      for (const row of r.rows) totals.set(row.what, (totals.get(row.what) ?? 0) + row.n);
      await sleep(100);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { samples, mean: new Map([...totals].map(([k, v]) => [k, v / Math.max(samples, 1)])) };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Report

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const ms = (x: number) => (Number.isNaN(x) ? 'n/a' : x < 10 ? `${fmt(x, 1)} ms` : `${fmt(x)} ms`);

interface Measured {
  timings: Timings;
  phases: PhaseTimes;
  use: Usage;
  activity: { samples: number; mean: Map<string, number> };
  before: Awaited<ReturnType<typeof counters>>;
  after: Awaited<ReturnType<typeof counters>>;
}

function report(rows: Row[], m: Measured, meta: { pgKind: string; embedded: boolean; loadBefore: number; date: string }): string {
  const ceilingRows = rows.filter((r) => r.target.includes('(ceiling'));
  const ceiling = Math.max(...ceilingRows.map((r) => r.result.requests.mean));
  const wall = (m.phases.submit + m.phases.review + m.phases.accept) / 1000;
  const rate = PARTNERS / wall;
  const requests = m.timings.requests();
  const reqRate = requests / wall;
  const cores = os.availableParallelism();
  const perEnrollment = (us: number | undefined) => (us === undefined ? 'n/a' : `${fmt(us / 1000 / PARTNERS, 1)} ms`);
  const u = m.use;
  const audits = m.after.audit - m.before.audit;
  const emails = m.after.emails - m.before.emails;

  const lines = [
    `Run of ${meta.date}.`,
    '',
    machineLine(),
    `- Node ${process.version}; the server (\`node --import tsx apps/server/src/main.ts\`, \`LOG_LEVEL=warn\`, \`SIGN_IN_REQUESTS_PER_IP=1000000\`) and the ceiling server in their own child processes, the partners in the bench process (\`fetch\`)`,
    `- Database: ${meta.pgKind}`,
    `- Journey: ${PARTNERS} partners, ${CONCURRENCY} at a time, phase after phase (all submit, then the verifier decides every case with ${CONCURRENCY} in flight, then all accept); ${WARMUP_PARTNERS} partners went through the same journey before, not counted`,
    '- Sign-in codes are read from the `notification` table (the rendered email, written in the sign-in transaction), so the mail queue\'s delivery latency is not measured',
    `- Ceiling: ${LOAD.connections} connections, ${LOAD.warmup} s warm-up (not counted) + ${LOAD.duration} s, before and after the journey: ${ceilingRows.map((r) => `${fmt(r.result.requests.mean)}`).join(' and ')} req/s; the better one is used`,
    loadLine(meta.loadBefore),
    '',
    '| Result | Value |',
    '|---|---:|',
    `| **Complete enrollments per second** (${PARTNERS} / ${fmt(wall, 2)} s) | **${fmt(rate, 1)}** |`,
    `| Requests per second over the journey (${fmt(requests)} requests) | ${fmt(reqRate)} |`,
    `| Ceiling (Fastify hello-world) | ${fmt(ceiling)} req/s |`,
    `| Journey req/s vs ceiling | ${pct(reqRate / ceiling)} |`,
    `| Phase 1, sign-in → submit | ${fmt(m.phases.submit / 1000, 2)} s |`,
    `| Phase 2, verifier queue + claim + approve | ${fmt(m.phases.review / 1000, 2)} s |`,
    `| Phase 3, terms + acceptance | ${fmt(m.phases.accept / 1000, 2)} s |`,
    `| Machine CPU busy during the journey (${cores} cores) | ${u.machineBusy === undefined ? 'n/a' : pct(u.machineBusy)} |`,
    `| Server process CPU per enrollment | ${perEnrollment(u.serverMicros)} |`,
    `| PostgreSQL CPU per enrollment (${meta.embedded ? 'the embedded server\'s processes' : 'every `postgres` process on the machine'}) | ${perEnrollment(u.postgresMicros)} |`,
    `| Load generator (bench process) CPU per enrollment | ${perEnrollment(u.benchMicros)} |`,
    '',
    '| Step | Requests | p50 | p99 | mean |',
    '|---|---:|---:|---:|---:|',
    ...STEPS.map((s) => {
      const list = [...(m.timings.ms.get(s.key) ?? [])].sort((a, b) => a - b);
      const mean = list.reduce((a, b) => a + b, 0) / list.length;
      return `| ${s.label}${'db' in s ? ' (not a request)' : ''} | ${fmt(list.length)} | ${ms(percentile(list, 0.5))} | ${ms(percentile(list, 0.99))} | ${ms(mean)} |`;
    }),
    '',
    `PostgreSQL connections of the bench database, mean over ${m.activity.samples} samples (every 100 ms) during the journey: ` +
      ([...m.activity.mean].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${fmt(v, 1)}`).join('; ') || 'no samples') +
      '.',
    '',
    `Audit events written during the journey: ${fmt(audits)} (${fmt(audits / PARTNERS, 1)} per enrollment), one every ${fmt((wall * 1000) / Math.max(audits, 1), 2)} ms of wall time; ` +
      'each audited transaction holds the one audit-chain lock (`pg_advisory_xact_lock(7310001)`) from its first audit event until it commits. ' +
      `Emails rendered during the journey: ${fmt(emails)} (${fmt(emails / PARTNERS, 1)} per enrollment); at its end the delivery job had sent ${fmt(m.after.sent)} of the ${fmt(m.after.emails)} emails of the run.`,
    '',
    '| Target from the issue | Goal | Measured | Result |',
    '|---|---:|---:|---|',
    `| Complete enrollments per second (2 cores, embedded PostgreSQL)${meta.embedded ? '' : ' — this run: external PostgreSQL'} | ≥ ${TARGET_RATE} | ${fmt(rate, 1)} | ${verdict(rate >= TARGET_RATE)} |`,
  ];
  return lines.join('\n');
}

const SECTION = `## Enrollment journey (\`npm run bench:enrollment\`)

What it measures, in one run (\`npm run bench:enrollment\`, about a minute): how many indirect reseller
enrollments the real server completes per second, end to end through the public API, beside the
ceiling of the first benchmark measured in the same run (hello-world before and after, as above).

1. **Set-up, not timed**: a fresh database (as above: on \`DATABASE_URL\`'s server, else the embedded
   PostgreSQL in a temporary \`DATA_DIR\`); the server started with \`SIGN_IN_REQUESTS_PER_IP=1000000\` so
   the per-IP sign-in limit (60 a minute by default) does not throttle the load generator, which signs in
   every partner from 127.0.0.1; a program admin and a verifier inserted into \`app_user\` (what
   \`csp-center staff add\` writes, without its audit event); through the API as the program admin, the
   \`INDIRECT_RESELLER_TERMS\` template (the demo's English text) and one Taiwan location partner ID per
   partner (CSV import). Then a warm-up journey of \`BENCH_WARMUP_PARTNERS\` (16) partners, not counted.
2. **The journey, timed**: \`BENCH_PARTNERS\` (200) partners, each on its own new domain (its first user is
   the organization's global admin), \`BENCH_CONCURRENCY\` (32) at a time. Phase 1, per partner: sign-in,
   sign-in code (read from the \`notification\` table, where the rendered email is written in the sign-in
   transaction, so the mail queue's delivery delay is not part of the figure), verify, \`PUT\` legal
   business (Taiwan), support, billing, partner ID, \`POST /enrollments\`, submit. Phase 2, the verifier:
   the queue (\`state=OPEN&assignee=unassigned\`, pages of 200), then claim and approve every case, 32 in
   flight. Phase 3, per partner: \`GET /agreement-templates\`, \`POST …/agreement-acceptances\` → \`ACTIVE\`.
   The phases follow each other, so each one's ramp-down is in the wall time.
3. **Checks**: every response must have its expected status (and the expected state where it has one),
   and at the end the database must hold all N enrollments \`ACTIVE\` with an acceptance each; otherwise
   the run fails and this file is left unchanged.

The result is N / wall time of the three phases, the requests per second over them, p50/p99 per step,
and where the time went: machine CPU busy, CPU per enrollment of the server, PostgreSQL and the load
generator (from \`/proc\`, Linux only), and what the app's PostgreSQL connections were doing
(\`pg_stat_activity\` sampled every 100 ms). PASS/MISS against the issue's target (≥ ${TARGET_RATE} complete
enrollments/s on this 2-core machine with the embedded PostgreSQL) is computed from the run; a run on an
external PostgreSQL says so beside it. Each database kind keeps its own block below, so the last run of
each stays. \`BENCH_CPU_PROF=<dir>\` profiles the server as for \`npm run bench\`.

\`\`\`sh
DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:enrollment
npm run bench:enrollment   # embedded PostgreSQL
\`\`\`

The caveats of the first benchmark apply: the load generator, the server and PostgreSQL share the two
cores, and other work on the machine lowers every figure (read the load average).

${START}
${END}
`;

const subMarkers = (embedded: boolean) => {
  const kind = embedded ? 'embedded' : 'external';
  return { start: `<!-- enrollment:${kind}:start -->`, end: `<!-- enrollment:${kind}:end -->` };
};

/** Writes this run's block (one per database kind) inside the enrollment markers, adding the section if absent. */
function writeReadme(section: string, embedded: boolean): void {
  let text = fs.readFileSync(README, 'utf8');
  if (!text.includes(START) || !text.includes(END)) text = `${text.trimEnd()}\n\n${SECTION}`;
  const inner = text.slice(text.indexOf(START) + START.length, text.indexOf(END));
  const blocks = [true, false].map((e) => {
    const { start, end } = subMarkers(e);
    const title = e ? '### Embedded PostgreSQL (the issue\'s setting)' : '### External PostgreSQL (`DATABASE_URL`)';
    const kept = inner.includes(start) && inner.includes(end) ? inner.slice(inner.indexOf(start) + start.length, inner.indexOf(end)).trim() : '_Not run yet._';
    return `${title}\n\n${start}\n${e === embedded ? section : kept}\n${end}`;
  });
  fs.writeFileSync(README, replaceBetween(text, START, END, blocks.join('\n\n')));
}

// ---------------------------------------------------------------------------------------------

let db: Database | undefined;
let dbPool: pg.Pool | undefined;

async function cleanup(): Promise<void> {
  const p = dbPool;
  dbPool = undefined;
  await p?.end().catch(() => {});
  await stopAll();
  const d = db;
  db = undefined;
  await d?.cleanup();
}

async function main(): Promise<number> {
  if (!(PARTNERS > 0 && CONCURRENCY > 0 && WARMUP_PARTNERS >= 0)) throw new Error('BENCH_PARTNERS and BENCH_CONCURRENCY must be positive, BENCH_WARMUP_PARTNERS ≥ 0');
  const rows: Row[] = [];
  try {
    const loadBefore = os.loadavg()[0]!;
    const hello = await ceilingServer();
    rows.push(await load('Fastify hello-world (ceiling, before)', hello.child, `${hello.url}/`));

    db = await prepareDatabase();
    const embedded = !db.env.DATABASE_URL;
    console.log(`\nDatabase: ${db.kind}`);
    const app = await appServer(db, { SIGN_IN_REQUESTS_PER_IP: '1000000' });
    dbPool = new pg.Pool({ connectionString: db.connectionString(), max: 4 });

    const runId = crypto.randomBytes(3).toString('hex');
    const warm = partners(0, WARMUP_PARTNERS, runId);
    const measured = partners(WARMUP_PARTNERS, PARTNERS, runId);
    const setupTimings = new Timings();
    const setupApi = new Api(app.url, setupTimings);
    const { verifierCookie } = await seed(setupApi, dbPool, setupTimings, [...warm, ...measured]);
    console.log(`seeded: program admin, verifier, ${TEMPLATE_TYPE} template, ${warm.length + measured.length} partner IDs`);

    if (warm.length) {
      const t = await journey(setupApi, dbPool, setupTimings, verifierCookie, warm);
      await assertAllActive(dbPool, warm);
      console.log(`warm-up: ${warm.length} partners ACTIVE in ${fmt((t.submit + t.review + t.accept) / 1000, 2)} s (not counted)`);
    }

    console.log(`\n→ journey: ${PARTNERS} partners, ${CONCURRENCY} at a time`);
    const timings = new Timings();
    const api = new Api(app.url, timings);
    const sampler = sampleActivity(dbPool);
    const countersBefore = await counters(dbPool);
    const before = usage(app.child.proc.pid, embedded);
    const monotonicStart = process.hrtime.bigint();
    const phases = await journey(api, dbPool, timings, verifierCookie, measured);
    const monotonicEnd = process.hrtime.bigint();
    const after = usage(app.child.proc.pid, embedded);
    // V8 CPU profiles time their samples on the same monotonic clock (µs): this selects the journey.
    if (process.env.BENCH_CPU_PROF) console.log(`  journey window in the CPU profile's clock (µs): ${monotonicStart / 1000n}–${monotonicEnd / 1000n}`);
    const activity = await sampler.stop();
    const countersAfter = await counters(dbPool);
    await assertAllActive(dbPool, measured);
    const wall = (phases.submit + phases.review + phases.accept) / 1000;
    console.log(`  ${PARTNERS} enrollments ACTIVE in ${fmt(wall, 2)} s: ${fmt(PARTNERS / wall, 1)} complete enrollments/s, ${fmt(timings.requests() / wall)} req/s`);

    await dbPool.end();
    dbPool = undefined;
    await app.child.stop();
    rows.push(await load('Fastify hello-world (ceiling, after)', hello.child, `${hello.url}/`));
    await hello.child.stop();

    const section = report(rows, { timings, phases, use: usageBetween(before, after), activity, before: countersBefore, after: countersAfter }, { pgKind: db.kind, embedded, loadBefore, date: runDate() });
    console.log(`\n${section}\n`);
    const bad = failures(rows);
    if (bad.length) {
      console.error(`\nFAILED: responses other than 2xx; bench/README.md left unchanged.\n  ${bad.join('\n  ')}`);
      return 1;
    }
    writeReadme(section, embedded);
    console.log('bench/README.md updated');
    return 0;
  } finally {
    await cleanup();
  }
}

runBench(main, cleanup);

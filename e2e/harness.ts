/**
 * End-to-end harness: builds the web UI when needed, starts the real server on a free port
 * against a fresh PostgreSQL database, drives Debian's Chromium through playwright-core, and
 * reads sign-in codes from the dev mailbox. Everything it starts it also stops and drops.
 *
 * Environment:
 * - DATABASE_URL: the PostgreSQL server to create the throwaway database on (default
 *   postgres://postgres@127.0.0.1:5432/postgres).
 * - E2E_BASE_URL: test an already running server instead of starting one (no database made).
 * - CHROMIUM_PATH: the browser (default /usr/bin/chromium).
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SCREENSHOT_DIR = join(ROOT, 'e2e', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface RunningServer {
  baseUrl: string;
  /** The server's recent output, for failure messages. */
  logs(): string;
  /** Runs the `csp-center` CLI against the same configuration and database; resolves to stdout. */
  cli(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** A short random lowercase tag for unique names (domains, databases). */
export function randomTag(bytes = 4): string {
  return randomBytes(bytes).toString('hex');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Builds apps/web unless apps/web/dist/index.html exists (the server serves that folder). */
export function ensureWebBuilt(): void {
  if (existsSync(join(ROOT, 'apps', 'web', 'dist', 'index.html'))) return;
  execFileSync('npm', ['run', 'build', '-w', '@csp-center/web'], { cwd: ROOT, stdio: 'inherit' });
}

async function withAdminClient<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Starts `node --import tsx apps/server/src/main.ts` on a free port with a database of its own
 * and no SMTP_URL (so the dev mailbox is on); resolves once GET /ready answers 200.
 */
export async function startServer(): Promise<RunningServer> {
  if (process.env.E2E_BASE_URL) {
    const baseUrl = process.env.E2E_BASE_URL.replace(/\/$/, '');
    const cli = async () => {
      throw new Error('the CLI needs the harness-started server (unset E2E_BASE_URL)');
    };
    return { baseUrl, logs: () => '(external server)', cli, stop: async () => {} };
  }
  ensureWebBuilt();
  const adminUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const dbName = `csp_e2e_${randomTag()}`;
  await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE "${dbName}"`));
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'csp-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: baseUrl,
    DATABASE_URL: dbUrl.toString(),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  delete env.SMTP_URL;

  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | string | null = null;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = code ?? signal ?? 'unknown';
      resolve();
    }),
  );

  const cleanup = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitPromise;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
    await withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch((e: unknown) => {
      console.warn(`could not drop ${dbName}:`, e);
    });
  };

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== null) {
      await cleanup();
      throw new Error(`server exited (${String(exited)}) before it was ready:\n${output}`);
    }
    try {
      const res = await fetch(`${baseUrl}/ready`);
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await cleanup();
      throw new Error(`server not ready after 120 s:\n${output}`);
    }
    await sleep(250);
  }
  const cli = (args: string[]) =>
    new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`csp-center ${args.join(' ')} failed: ${String(error)}\n${stderr}`));
        else resolve(stdout);
      });
    });
  return { baseUrl, logs: () => output, cli, stop: cleanup };
}

/** Headless Debian Chromium with the flags this machine needs (no sandbox as root, no network chatter). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface MailItem {
  id: string;
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  createdAt: string;
}

function addressedTo(item: MailItem, email: string): boolean {
  const to = Array.isArray(item.to) ? item.to : [item.to];
  return to.some((t) => t.toLowerCase().includes(email.toLowerCase()));
}

/** Everything in the dev mailbox, newest first. */
export async function mailbox(baseUrl: string): Promise<MailItem[]> {
  const res = await fetch(`${baseUrl}/api/v1/dev/mailbox`);
  if (!res.ok) throw new Error(`GET /api/v1/dev/mailbox answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { items: MailItem[] };
  return body.items;
}

/** Waits for the newest mail to `email` that is not in `seen` (ids) and matches `match`. */
export async function waitForMail(baseUrl: string, email: string, opts: { seen?: ReadonlySet<string>; match?: RegExp; timeoutMs?: number } = {}): Promise<MailItem> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const items = await mailbox(baseUrl);
    const hit = items.find((m) => addressedTo(m, email) && !opts.seen?.has(m.id) && (!opts.match || opts.match.test(m.text)));
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`no new mail to ${email} within ${opts.timeoutMs ?? 30_000} ms; mailbox has ${items.length} item(s)`);
    await sleep(250);
  }
}

/** Ids currently in the mailbox, so a later wait only accepts newer mail. */
export async function mailboxIds(baseUrl: string): Promise<Set<string>> {
  return new Set((await mailbox(baseUrl)).map((m) => m.id));
}

/** The 6-digit code from the newest sign-in mail to `email` that arrived after `seen`. */
export async function signInCode(baseUrl: string, email: string, seen: ReadonlySet<string>): Promise<{ code: string; mail: MailItem }> {
  const mail = await waitForMail(baseUrl, email, { seen, match: /\b\d{6}\b/ });
  const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
  if (!code) throw new Error(`no 6-digit code in mail: ${mail.text}`);
  return { code, mail };
}

/** Saves a full-page screenshot as e2e/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Let fonts and Fluent's enter animations settle so the picture shows what a person sees.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(350);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

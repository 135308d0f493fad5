import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../db/embedded.ts';
import { createTestDatabase, startTestServer, type TestServer } from '../../test/harness.ts';
import { deliverNotification, enqueueEmail } from './index.ts';
import { createSmtpMailer } from './mailer.ts';

// Real SMTP end to end: nodemailer → smtp-server on loopback, pg-boss workers in the same
// database. These prove the outbox's promises: a committed email is delivered, across a restart
// or a crash, exactly once (one message per Message-ID); a rolled-back change sends nothing.

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** One message as the SMTP server received it, parsed enough to check what was sent. */
interface ReceivedMail {
  raw: string;
  envelopeTo: string[];
  headers: Map<string, string>;
  messageId: string;
  to: string;
  subject: string;
  contentType: string;
  parts: Array<{ contentType: string; body: string }>;
}

/** Decodes RFC 2047 encoded words; adjacent words are joined first so split characters survive. */
function decodeWords(value: string): string {
  const re = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  const chunks: Array<{ text: string } | { bytes: Buffer }> = [];
  let last = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const between = value.slice(last, m.index);
    // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
    if (!(chunks.length && 'bytes' in chunks[chunks.length - 1]! && /^\s*$/.test(between))) chunks.push({ text: between });
    const data = m[3]!;
    const bytes = m[2]!.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    chunks.push({ bytes });
    last = re.lastIndex;
  }
  chunks.push({ text: value.slice(last) });
  let out = '';
  let pending: Buffer[] = [];
  for (const c of chunks) {
    if ('bytes' in c) pending.push(c.bytes);
    else {
      out += Buffer.concat(pending).toString('utf8') + c.text;
      pending = [];
    }
  }
  return out + Buffer.concat(pending).toString('utf8');
}

/** Splits a MIME entity into unfolded headers (lower-case names) and body. */
function splitEntity(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body };
}

/** Decodes a part's body and turns the wire's CRLF line ends back into LF. */
function decodeBody(body: string, encoding: string | undefined): string {
  return decodeTransfer(body, encoding).replace(/\r\n/g, '\n');
}

function decodeTransfer(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
    default:
      return body;
  }
}

function parseMail(raw: string, envelopeTo: string[]): ReceivedMail {
  const { headers, body } = splitEntity(raw);
  const contentType = headers.get('content-type') ?? 'text/plain';
  const parts: ReceivedMail['parts'] = [];
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const part = splitEntity(chunk.replace(/^\r\n/, ''));
      parts.push({ contentType: part.headers.get('content-type') ?? 'text/plain', body: decodeBody(part.body.replace(/\r\n$/, ''), part.headers.get('content-transfer-encoding')) });
    }
  } else {
    parts.push({ contentType, body: decodeBody(body, headers.get('content-transfer-encoding')) });
  }
  return {
    raw,
    envelopeTo,
    headers,
    messageId: headers.get('message-id') ?? '',
    to: decodeWords(headers.get('to') ?? ''),
    subject: decodeWords(headers.get('subject') ?? ''),
    contentType,
    parts,
  };
}

interface Inbox {
  port: number;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

/** A real SMTP server on loopback (no TLS, no auth) that keeps every message it accepts. */
async function startSmtp(port = 0, messages: ReceivedMail[] = []): Promise<Inbox> {
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push(parseMail(Buffer.concat(chunks).toString('latin1').replace(/\r?\n/g, '\r\n'), session.envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = server.server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `ms`. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function notificationFor(s: TestServer, email: string) {
  return s.runtime.deps.db.selectFrom('notification').selectAll().where('toEmail', '=', email).orderBy('createdAt', 'desc').executeTakeFirst();
}

async function jobsFor(s: TestServer, notificationId: string) {
  const r = await sql<{ id: string; state: string; retryCount: number }>`select id, state, retry_count from pgboss.job where data->>'notificationId' = ${notificationId}`.execute(s.runtime.deps.db);
  return r.rows;
}

const servers: TestServer[] = [];
const inboxes: Inbox[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const s of servers.splice(0).reverse()) await s.close().catch(() => {});
  for (const i of inboxes.splice(0)) await i.close();
});

describe('email over real SMTP', () => {
  let inbox: Inbox;
  let s: TestServer;
  beforeAll(async () => {
    inbox = await startSmtp();
    s = await startTestServer({ env: { SMTP_URL: `smtp://127.0.0.1:${inbox.port}` }, workers: true });
  });
  afterAll(async () => {
    await s?.close();
    await inbox?.close();
  });

  it('delivers a sign-in code in the recipient language with text and HTML parts and a stable Message-ID', async () => {
    const email = 'lin@contoso.example';
    const r = await s.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, locale: 'zh-TW' } });
    expect(r.statusCode).toBe(202);
    const n = (await notificationFor(s, email))!;
    const mail = await waitFor('the zh-TW email', () => inbox.messages.find((m) => m.messageId === `<${n.id}@csp-center>`));

    expect(mail.envelopeTo).toEqual([email]);
    expect(mail.to).toContain(email);
    expect(mail.subject).toBe('您的 CSP Center 登入代碼');
    expect(mail.contentType).toMatch(/^multipart\/alternative/i);
    const text = mail.parts.find((p) => /^text\/plain/i.test(p.contentType));
    const html = mail.parts.find((p) => /^text\/html/i.test(p.contentType));
    expect(text?.body.trim()).toBe(n.text.trim());
    expect(html?.body.trim()).toBe(n.html.trim());
    expect(text!.body).toMatch(/您的 CSP Center 登入代碼是 \d{6}/);
    expect(html!.body).toContain('<html lang="zh-TW">');

    const sent = await waitFor('sent_at', async () => (await notificationFor(s, email))?.sentAt ?? undefined);
    expect(sent).toBeInstanceOf(Date);
  });

  it('delivers in English when the locale is en-US', async () => {
    const email = 'ana@contoso.example';
    const r = await s.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, locale: 'en-US' } });
    expect(r.statusCode).toBe(202);
    const n = (await notificationFor(s, email))!;
    const mail = await waitFor('the en-US email', () => inbox.messages.find((m) => m.messageId === `<${n.id}@csp-center>`));
    expect(mail.subject).toBe('Your CSP Center sign-in code');
    expect(mail.parts.find((p) => /^text\/plain/i.test(p.contentType))?.body).toMatch(/sign-in code is \d{6}\./);
  });

  it('answers 404 DEV_ONLY for the dev mailbox when SMTP is configured', async () => {
    const api = await s.app.inject({ method: 'GET', url: '/api/v1/dev/mailbox' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ code: 'DEV_ONLY', status: 404 });
    const page = await s.app.inject({ method: 'GET', url: '/dev/mailbox' });
    expect(page.statusCode).toBe(404);
    expect(page.json()).toMatchObject({ code: 'DEV_ONLY' });
  });

  it('sends one message when the same notification is delivered twice, even concurrently', async () => {
    const { db, queue, clock } = s.runtime.deps;
    // A second mailer outside the app: the app's own workers deliver too, which is the point.
    const mailer = createSmtpMailer(`smtp://127.0.0.1:${inbox.port}`, 'CSP Center <no-reply@csp-center.local>');
    try {
      const id = await db.transaction().execute((trx) =>
        enqueueEmail(trx, queue, { to: 'twice@contoso.example', locale: 'en-US', template: 'signInCode', data: { code: '123456', minutes: 10 } }));
      const results = await Promise.all([1, 2, 3].map(() => deliverNotification(db, mailer, id, () => clock.now())));
      await waitFor('the job to finish', async () => (await jobsFor(s, id)).every((j) => j.state === 'completed') || undefined);
      expect(results.filter((r) => r === 'sent').length).toBeLessThanOrEqual(1);
      expect(await deliverNotification(db, mailer, id, () => clock.now())).toBe('already-sent');
      await sleep(500);
      expect(inbox.messages.filter((m) => m.messageId === `<${id}@csp-center>`)).toHaveLength(1);
    } finally {
      mailer.close();
    }
  });
});

describe('delivery survives a restart', () => {
  it('delivers an email committed while SMTP was down after the server restarts, exactly once', async () => {
    // A port where nothing listens: the first server's deliveries fail.
    const port = await freePort();
    const database = await createTestDatabase();
    try {
      const env = { SMTP_URL: `smtp://127.0.0.1:${port}` };
      const first = await startTestServer({ env, workers: true, database });
      servers.push(first);
      const email = 'restart@contoso.example';
      const r = await first.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, locale: 'zh-TW' } });
      expect(r.statusCode).toBe(202);
      const failed = await waitFor('a failed delivery attempt', async () => {
        const n = await notificationFor(first, email);
        return n && n.attempts >= 1 && n.lastError ? n : undefined;
      });
      expect(failed.sentAt).toBeNull();
      expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);

      await first.close();
      servers.splice(servers.indexOf(first), 1);

      const inbox = await startSmtp(port);
      inboxes.push(inbox);
      const second = await startTestServer({ env, workers: true, database });
      servers.push(second);
      const messageId = `<${failed.id}@csp-center>`;
      const mail = await waitFor('the email after the restart', () => inbox.messages.find((m) => m.messageId === messageId));
      expect(mail.subject).toBe('您的 CSP Center 登入代碼');
      const sent = await waitFor('sent_at', async () => (await notificationFor(second, email))?.sentAt ?? undefined);
      expect(sent).toBeInstanceOf(Date);
      // Retries run every second: a duplicate would show up in this window.
      await sleep(3000);
      expect(inbox.messages.filter((m) => m.messageId === messageId)).toHaveLength(1);
      expect((await jobsFor(second, failed.id)).map((j) => j.state)).toEqual(['completed']);
    } finally {
      for (const s of servers.splice(0).reverse()) await s.close().catch(() => {});
      await database.drop();
    }
  });

  it('delivers an email whose worker process was killed with SIGKILL, exactly once', async () => {
    const port = await freePort();
    const database = await createTestDatabase();
    try {
      const env = { SMTP_URL: `smtp://127.0.0.1:${port}` };
      // The API side (no workers) commits the sign-in; a separate process is the only worker.
      const api = await startTestServer({ env, workers: false, database });
      servers.push(api);
      const child = spawnWorker(database.url, env.SMTP_URL);
      children.push(child);
      await workerReady(child);

      const email = 'crash@contoso.example';
      const r = await api.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email } });
      expect(r.statusCode).toBe(202);
      const n = await waitFor('a failed delivery attempt', async () => {
        const row = await notificationFor(api, email);
        return row && row.attempts >= 1 ? row : undefined;
      });

      // Freeze the worker between two attempts, then kill it: no shutdown code runs at all.
      for (;;) {
        child.kill('SIGSTOP');
        await sleep(50);
        const states = (await jobsFor(api, n.id)).map((j) => j.state);
        if (!states.includes('active')) break;
        child.kill('SIGCONT');
        await sleep(200);
      }
      child.kill('SIGKILL');
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
      const attemptsAtKill = (await notificationFor(api, email))!.attempts;
      expect(attemptsAtKill).toBeGreaterThanOrEqual(1);

      const inbox = await startSmtp(port);
      inboxes.push(inbox);
      const worker = await startTestServer({ env, workers: true, database });
      servers.push(worker);
      const messageId = `<${n.id}@csp-center>`;
      await waitFor('the email after the crash', () => inbox.messages.find((m) => m.messageId === messageId));
      await waitFor('sent_at', async () => (await notificationFor(worker, email))?.sentAt ?? undefined);
      await sleep(3000);
      expect(inbox.messages.filter((m) => m.messageId === messageId)).toHaveLength(1);
    } finally {
      for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      for (const s of servers.splice(0).reverse()) await s.close().catch(() => {});
      await database.drop();
    }
  });
});

/** Resolves once the worker printed `ready`; rejects if it exits first. */
function workerReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal})`)));
  });
}

/** Starts the runtime with workers in a child process (tsx), printing `ready` once it polls. */
function spawnWorker(databaseUrl: string, smtpUrl: string): ChildProcess {
  const url = (f: string) => pathToFileURL(path.join(SRC, f)).href;
  const code = `
    const { loadConfig } = await import(${JSON.stringify(url('config.ts'))});
    const { startRuntime } = await import(${JSON.stringify(url('runtime.ts'))});
    const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: process.env.W_DB, SMTP_URL: process.env.W_SMTP });
    await startRuntime(config, { workers: true, retry: { retryLimit: 20, retryDelay: 1, retryBackoff: false } });
    process.stdout.write('ready\\n');
    setInterval(() => {}, 60_000);
  `;
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: path.resolve(SRC, '../../..'),
    env: { ...process.env, W_DB: databaseUrl, W_SMTP: smtpUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

describe('a rolled-back change', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ env: { SMTP_URL: 'smtp://127.0.0.1:9' } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('enqueues nothing: no notification row and no job', async () => {
    const { db, queue } = s.runtime.deps;
    let id: string | undefined;
    await expect(
      db.transaction().execute(async (trx) => {
        id = await enqueueEmail(trx, queue, { to: 'rollback@contoso.example', locale: 'en-US', template: 'signInCode', data: { code: '000000', minutes: 10 } });
        // Inside the transaction both exist…
        expect(await trx.selectFrom('notification').select('id').where('id', '=', id).execute()).toHaveLength(1);
        expect((await sql`select 1 from pgboss.job where data->>'notificationId' = ${id}`.execute(trx)).rows).toHaveLength(1);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(id).toBeDefined();
    // …and after the rollback neither does.
    expect(await db.selectFrom('notification').select('id').where('id', '=', id!).execute()).toHaveLength(0);
    expect(await jobsFor(s, id!)).toHaveLength(0);
  });

  it('enqueues both once the change commits', async () => {
    const { db, queue } = s.runtime.deps;
    const id = await db.transaction().execute((trx) =>
      enqueueEmail(trx, queue, { to: 'commit@contoso.example', locale: 'en-US', template: 'signInCode', data: { code: '000000', minutes: 10 } }));
    expect(await db.selectFrom('notification').select('id').where('id', '=', id).execute()).toHaveLength(1);
    expect(await jobsFor(s, id)).toHaveLength(1);
  });

  it('sends no email for a sign-in refused by the rate limit', async () => {
    const { db } = s.runtime.deps;
    const email = 'limited@contoso.example';
    for (let i = 0; i < s.config.signInCodesPerEmail; i++) {
      const r = await s.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email }, remoteAddress: `10.9.0.${i}` });
      expect(r.statusCode).toBe(202);
    }
    const refused = await s.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email }, remoteAddress: '10.9.1.1' });
    expect(refused.statusCode).toBe(429);
    const rows = await db.selectFrom('notification').select('id').where('toEmail', '=', email).execute();
    expect(rows).toHaveLength(s.config.signInCodesPerEmail);
    const jobs = await sql<{ n: string }>`select count(*) as n from pgboss.job where data->>'notificationId' = any(${rows.map((r) => r.id)})`.execute(db);
    expect(Number(jobs.rows[0]!.n)).toBe(s.config.signInCodesPerEmail);
  });
});

import { DomainError } from '@csp-center/domain';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { problems, Timestamp } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { findDevMailbox } from './notifications.service.ts';

const DevMail = z.object({ id: z.string(), to: z.string(), subject: z.string(), text: z.string(), html: z.string(), createdAt: Timestamp }).meta({ id: 'DevMail' });

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The dev mailbox: every email, when no SMTP server is configured, so a newcomer can sign in
 * without mail infrastructure. With SMTP_URL set these answer 404 DEV_ONLY.
 */
export async function notificationRoutes(app: App, deps: Deps) {
  const assertDev = () => {
    if (deps.mailer.kind !== 'dev-mailbox') throw new DomainError('DEV_ONLY', 'The dev mailbox is off because SMTP is configured.');
  };
  app.get('/api/v1/dev/mailbox', {
    config: { access: 'public' },
    schema: {
      tags: ['Development'],
      summary: 'Emails captured by the dev mailbox, newest first (only without SMTP_URL)',
      querystring: z.strictObject({ to: z.string().max(254).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: z.object({ items: z.array(DevMail) }), ...problems(400, 404) },
    },
  }, async (req) => {
    assertDev();
    return { items: await findDevMailbox(deps.db, req.query.limit, req.query.to?.toLowerCase()) };
  });

  app.get('/dev/mailbox', { schema: { hide: true } }, async (_req, reply) => {
    assertDev();
    const items = await findDevMailbox(deps.db, 100);
    const rows = items
      .map((m) => `<article><header><strong>${escapeHtml(m.subject)}</strong><br><small>To ${escapeHtml(m.to)} · ${m.createdAt}</small></header><pre>${escapeHtml(m.text)}</pre></article>`)
      .join('\n');
    return reply.type('text/html; charset=utf-8').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dev mailbox · CSP Center</title>
<style>body{font-family:system-ui,'Noto Sans TC',sans-serif;max-width:820px;margin:24px auto;color:#242424}article{border:1px solid #e0e0e0;border-radius:8px;padding:12px 16px;margin:12px 0}pre{white-space:pre-wrap;font-family:inherit}</style></head>
<body><h1>Dev mailbox</h1><p>Emails CSP Center would have sent. Configure <code>SMTP_URL</code> to send real mail.</p>${rows || '<p>No email yet.</p>'}</body></html>`);
  });
}

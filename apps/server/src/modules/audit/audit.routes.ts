import { can, DomainError } from '@csp-center/domain';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { PageQuery, problems, Timestamp } from '../../http/schemas.ts';
import { principalOf, type App } from '../../http/types.ts';
import { findAuditEventsPage, verifyAuditChain } from './audit.service.ts';

const AuditEvent = z
  .object({ id: z.string(), seq: z.string(), action: z.string(), actorUserId: z.string().nullable(), organizationId: z.string().nullable(), subjectType: z.string(), subjectId: z.string(), data: z.unknown(), requestId: z.string().nullable(), createdAt: Timestamp, hash: z.string() })
  .meta({ id: 'AuditEvent' });

export async function auditRoutes(app: App, deps: Deps) {
  app.get('/api/v1/audit-events', {
    config: { access: 'signed-in' },
    schema: {
      tags: ['Audit'],
      summary: "Audit events: the organization's own (global admin) or all (program staff)",
      querystring: PageQuery.extend({ subject: z.string().max(100).optional() }),
      response: { 200: z.object({ items: z.array(AuditEvent), nextCursor: z.string().nullable() }), ...problems(400, 401, 403) },
    },
  }, async (req) => {
    const p = principalOf(req);
    let organizationId: string | null;
    if (can(p, 'audit.read.all')) organizationId = null;
    else if (can(p, 'audit.read.own')) organizationId = p.organizationId;
    else throw new DomainError('FORBIDDEN');
    const page = await findAuditEventsPage(deps.db, { organizationId, subjectId: req.query.subject, cursor: req.query.cursor && /^\d+$/.test(req.query.cursor) ? req.query.cursor : undefined, limit: req.query.limit });
    return { items: page.items.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/admin/audit-events/verify', {
    config: { access: 'audit.verify' },
    schema: {
      tags: ['Audit'],
      summary: 'Verify the hash chain of the whole audit log',
      response: { 200: z.object({ ok: z.boolean(), checked: z.number().int(), brokenAt: z.object({ seq: z.string(), id: z.string(), reason: z.string() }).optional() }), ...problems(401, 403) },
    },
  }, async () => verifyAuditChain(deps.db));
}

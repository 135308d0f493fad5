import { authorize, DomainError, type Actor } from '@csp-center/domain';
import type { Db } from '../../db/database.ts';
import type { AgreementTemplateTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { isUuid, uuidv7 } from '../../lib/ids.ts';
import { sha256 } from '../../lib/secrets.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import type { AgreementType, PublishTemplateInput } from './agreements.schemas.ts';
import { findCurrentTemplates, findTemplates, insertTemplateIfAbsent } from './agreements.repository.ts';
import { renderAgreementMarkdown } from './markdown.ts';

type TemplateRow = AgreementTemplateTable;

/** The public shape of a template, with its body rendered to safe HTML. */
export function templateView(t: TemplateRow) {
  return {
    id: t.id,
    type: t.type as AgreementType,
    version: t.version,
    locale: t.locale as 'en-US' | 'zh-TW',
    title: t.title,
    body: t.body,
    bodyHtml: renderAgreementMarkdown(t.body),
    contentSha256: t.contentSha256,
    effectiveAt: t.effectiveAt.toISOString(),
    requiresReacceptance: t.requiresReacceptance,
  };
}
export type TemplateView = ReturnType<typeof templateView>;

function adminTemplateView(t: TemplateRow, current: boolean) {
  return { ...templateView(t), current, publishedBy: t.publishedBy, createdAt: t.createdAt.toISOString() };
}

/** SHA-256 (hex) of the exact body text as UTF-8: what an acceptance record pins. */
export function agreementContentHash(body: string): string {
  return sha256(body);
}

/**
 * Publishes a new agreement template version (program admins). The content hash is taken over
 * the body exactly as sent, so the hash in an acceptance proves which text was accepted.
 * Versions are immutable: republishing the same (type, version, locale) is refused with
 * AGREEMENT_TEMPLATE_EXISTS rather than overwriting what partners may already have accepted.
 * Raises FORBIDDEN, AGREEMENT_TEMPLATE_EXISTS.
 */
export async function publishAgreementTemplate(deps: Deps, actor: Actor, ctx: AuditContext, input: PublishTemplateInput) {
  authorize(actor, 'agreements.publish');
  const now = deps.clock.now();
  const row = {
    id: uuidv7(now.getTime()),
    type: input.type,
    version: input.version,
    locale: input.locale,
    title: input.title,
    body: input.body,
    contentSha256: agreementContentHash(input.body),
    effectiveAt: new Date(input.effectiveAt),
    requiresReacceptance: input.requiresReacceptance,
    publishedBy: actor.userId,
    createdAt: now,
  };
  await deps.db.transaction().execute(async (trx) => {
    if (!(await insertTemplateIfAbsent(trx, row))) {
      throw new DomainError('AGREEMENT_TEMPLATE_EXISTS', `${input.type} version ${input.version} (${input.locale}) is already published; publish a new version instead.`, { type: input.type, version: input.version, locale: input.locale });
    }
    await recordAudit(trx, ctx, {
      action: 'AGREEMENT_TEMPLATE_PUBLISHED',
      subjectType: 'agreement_template',
      subjectId: row.id,
      organizationId: null,
      data: { type: row.type, version: row.version, locale: row.locale, contentSha256: row.contentSha256, effectiveAt: row.effectiveAt.toISOString(), requiresReacceptance: row.requiresReacceptance },
    }, now);
  });
  const current = await findCurrentTemplates(deps.db, { type: row.type, locale: row.locale }, now);
  return adminTemplateView(row, current[0]?.id === row.id);
}

/**
 * The version of a type in a language that is in effect at `now` (latest effective date not in
 * the future; among equal dates the latest published), or null when none is. Other modules use
 * it to show the agreement to accept.
 */
export async function findCurrentTemplate(db: Db, type: AgreementType, locale: string, now: Date): Promise<TemplateView | null> {
  const [t] = await findCurrentTemplates(db, { type, locale }, now);
  return t ? templateView(t) : null;
}

/** The current version for each (type, language) matching the filter: what partners read before accepting. */
export async function findCurrentAgreementTemplates(deps: Deps, filter: { type?: AgreementType; locale?: string }) {
  const rows = await findCurrentTemplates(deps.db, filter, deps.clock.now());
  return { items: rows.map(templateView) };
}

/**
 * Every published version, newest first, each marked whether it is current (program admins).
 * Raises FORBIDDEN, VALIDATION_FAILED (a cursor no previous page returned).
 */
export async function findAgreementTemplates(deps: Deps, actor: Actor, query: { type?: AgreementType; locale?: string; limit: number; cursor?: string }) {
  authorize(actor, 'agreements.publish');
  if (query.cursor !== undefined && !isUuid(query.cursor)) {
    throw new DomainError('VALIDATION_FAILED', 'The cursor is not one a previous page returned.', { issues: [{ path: 'querystring.cursor', message: 'Unknown cursor', code: 'invalid_cursor' }] });
  }
  const rows = await findTemplates(deps.db, { type: query.type, locale: query.locale, beforeId: query.cursor, limit: query.limit + 1 });
  const current = new Set((await findCurrentTemplates(deps.db, { type: query.type, locale: query.locale }, deps.clock.now())).map((t) => t.id));
  const items = rows.slice(0, query.limit).map((t) => adminTemplateView(t, current.has(t.id)));
  return { items, nextCursor: rows.length > query.limit ? items.at(-1)!.id : null };
}

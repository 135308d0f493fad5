import enEmail from '@csp-center/i18n/locales/en-US/email.json' with { type: 'json' };
import zhEmail from '@csp-center/i18n/locales/zh-TW/email.json' with { type: 'json' };
import { resolveLocale, type InformationKind, type Locale, type RejectionReason } from '@csp-center/domain';
import type { Db } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { enqueueEmail } from '../notifications/index.ts';
import { findGlobalAdmins } from './verification.repository.ts';

type Labels = (typeof enEmail)['verificationLabels'];
const labels: Record<Locale, Labels> = { 'en-US': enEmail.verificationLabels, 'zh-TW': zhEmail.verificationLabels };

/** Where partners follow their enrollment, and staff work the queue (web routes). */
export const PARTNER_ENROLLMENT_PATH = '/enrollment';
export const STAFF_QUEUE_PATH = '/admin/verification';

function interpolate(s: string, vars: Record<string, unknown>): string {
  return s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
}

/** A date as the recipient reads it ("March 5, 2026", "2026年3月5日"); dates are UTC days. */
export function formatEmailDate(locale: string, d: Date): string {
  return new Intl.DateTimeFormat(resolveLocale(locale), { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

export function rejectionReasonLabel(locale: string, reason: string): string {
  return (labels[resolveLocale(locale)].rejectionReasons as Record<string, string>)[reason as RejectionReason] ?? reason;
}

export function informationKindLabel(locale: string, kind: string): string {
  return (labels[resolveLocale(locale)].informationKinds as Record<string, string>)[kind as InformationKind] ?? kind;
}

/** The requested items as a text list, one "• Kind: message" line each, in the recipient's language. */
export function renderItems(locale: string, items: ReadonlyArray<{ kind: string; message: string }>): string {
  return items.map((i) => `• ${informationKindLabel(locale, i.kind)}: ${i.message}`).join('\n');
}

export function noteOrNone(locale: string, note: string | null | undefined): string {
  return note?.trim() ? note.trim() : labels[resolveLocale(locale)].noNote;
}

export function overdueLine(locale: string, v: { company: string; country: string; dueAt: Date; days: number; url: string }): string {
  return `• ${interpolate(labels[resolveLocale(locale)].overdueLine, { ...v, dueDate: formatEmailDate(locale, v.dueAt) })}`;
}

type PartnerTemplates = {
  verificationSubmitted: { company: string; estimatedDecisionDate: string; url: string };
  informationRequested: { company: string; items: string; url: string };
  verificationApproved: { company: string; url: string };
  verificationRejected: { company: string; reason: string; note: string; url: string };
};

/**
 * Emails every global admin of the organization, each in their own language, inside the
 * caller's transaction. `data` builds the template variables per locale (dates and labels are
 * localized). Returns how many emails were enqueued.
 */
export async function emailGlobalAdmins<T extends keyof PartnerTemplates>(
  trx: Db,
  deps: Pick<Deps, 'queue'>,
  organizationId: string,
  template: T,
  data: (locale: Locale) => PartnerTemplates[T],
): Promise<number> {
  const admins = await findGlobalAdmins(trx, organizationId);
  for (const a of admins) {
    const locale = resolveLocale(a.locale);
    await enqueueEmail(trx, deps.queue, { to: a.email, locale, template, organizationId, data: data(locale) } as Parameters<typeof enqueueEmail<T>>[2]);
  }
  return admins.length;
}

import enEmail from '@csp-center/i18n/locales/en-US/email.json' with { type: 'json' };
import zhEmail from '@csp-center/i18n/locales/zh-TW/email.json' with { type: 'json' };
import { resolveLocale, type Locale } from '@csp-center/domain';

/** Templates with their variables. Texts live in packages/i18n `email.json` per language. */
export interface TemplateData {
  signInCode: { code: string; minutes: number };
  invitation: { inviter: string; organization: string; role: string; email: string; url: string };
  verificationSubmitted: { company: string; estimatedDecisionDate: string; url: string };
  /** `items`: the requested items, pre-rendered as a localized text list. */
  informationRequested: { company: string; items: string; url: string };
  verificationApproved: { company: string; url: string };
  /** `reason`: the localized rejection reason; `note`: the verifier's note. */
  verificationRejected: { company: string; reason: string; note: string; url: string };
  /** Daily digest to program admins; `list`: one pre-rendered line per overdue case. */
  verificationOverdue: { count: number; list: string; url: string };
  agreementAccepted: { company: string; title: string; version: string; hash: string; signer: string; acceptedAt: string; url: string };
}
export type TemplateName = keyof TemplateData;

const catalogs: Record<Locale, typeof enEmail> = { 'en-US': enEmail, 'zh-TW': zhEmail };

function interpolate(s: string, vars: Record<string, unknown>): string {
  return s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Localized role label for emails (falls back to the role id). */
export function roleLabel(locale: string, role: string): string {
  return (catalogs[resolveLocale(locale)].roles as Record<string, string>)[role] ?? role;
}

/**
 * Renders an email in the recipient's language: subject, plain text and an HTML part built from
 * the same text (escaped; URLs become links), so both parts always say the same thing.
 */
export function renderEmail<T extends TemplateName>(template: T, locale: string, data: TemplateData[T]) {
  const c = catalogs[resolveLocale(locale)];
  const t = c[template];
  const vars = data as unknown as Record<string, unknown>;
  const subject = interpolate(t.subject, vars);
  const body = interpolate(t.text, vars);
  const text = `${body}\n\n--\n${c.footer}\n`;
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>').replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')}</p>`)
    .join('\n');
  const lang = resolveLocale(locale);
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:'Segoe UI',-apple-system,'Noto Sans TC',sans-serif;color:#242424;max-width:560px;margin:24px auto;line-height:1.5">
<h1 style="font-size:18px;color:#0f6cbd">CSP Center</h1>
${paragraphs}
<hr style="border:none;border-top:1px solid #e0e0e0"><p style="font-size:12px;color:#616161">${escapeHtml(c.footer)}</p>
</body></html>`;
  return { subject, text, html };
}

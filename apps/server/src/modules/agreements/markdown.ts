import { Marked, type Tokens } from 'marked';

/** Link schemes an agreement may point to; anything else (javascript:, data:, relative paths…) renders as plain text. */
const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The href to emit, or null when the link must not survive. Only absolute URLs that parse and use
 * an allowed scheme pass; parsing (rather than a prefix test) also defeats tricks like
 * `&#106;avascript:`, ` javascript:` or `JaVaScRiPt:`, which browsers would decode or normalise.
 */
export function safeHref(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return null;
  }
  return ALLOWED_SCHEMES.has(url.protocol) ? url.href : null;
}

/**
 * A dedicated marked instance (never the global one, so nothing else can loosen it): raw HTML in
 * the source is shown as text, links keep only safe schemes, images become their alt text (an
 * agreement needs none, and a remote image would be a tracking pixel).
 */
const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      // A raw HTML block becomes a paragraph of visible text, inline HTML stays inline text.
      return token.block ? `<p>${escapeHtml(token.text.trim())}</p>\n` : escapeHtml(token.text);
    },
    link({ href, title, tokens }: Tokens.Link) {
      const text = this.parser.parseInline(tokens);
      const safe = safeHref(href);
      if (!safe) return text;
      const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(safe)}"${titleAttr} rel="noopener noreferrer nofollow">${text}</a>`;
    },
    image({ text }: Tokens.Image) {
      return escapeHtml(text);
    },
  },
});

/**
 * Renders agreement Markdown (GFM) to HTML that is safe to insert into a page: no element or
 * attribute comes from raw HTML in the source, and every link is http, https or mailto.
 */
export function renderAgreementMarkdown(body: string): string {
  return marked.parse(body, { async: false });
}

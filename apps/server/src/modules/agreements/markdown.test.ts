import { describe, expect, it } from 'vitest';
import { renderAgreementMarkdown, safeHref } from './markdown.ts';

/** Every tag name and attribute the HTML contains, to assert nothing came from raw HTML. */
function tagsOf(html: string): string[] {
  return [...html.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/gi)].map((m) => `${m[1]!.toLowerCase()}${m[2]}`);
}

describe('agreement Markdown', () => {
  it('renders the usual agreement structure', () => {
    const html = renderAgreementMarkdown('# Terms\n\n## 1. Appointment\n\n2.1 You **resell** _only_ through providers.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n');
    expect(html).toContain('<h1>Terms</h1>');
    expect(html).toContain('<h2>1. Appointment</h2>');
    expect(html).toContain('<strong>resell</strong>');
    expect(html).toContain('<em>only</em>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<table>');
    expect(html).toContain('<hr>');
  });

  it.each([
    ['a script block', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['an inline event handler', 'Hello <b onclick="x()">bold</b>', '&lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt;'],
    ['an image with onerror', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['an iframe', '<iframe src="https://evil.example"></iframe>', '&lt;iframe'],
    ['a style block', '<style>body{display:none}</style>', '&lt;style&gt;'],
    ['an HTML comment', '<!-- hidden --> text', '&lt;!-- hidden --&gt;'],
  ])('shows %s as text', (_, md, shown) => {
    const html = renderAgreementMarkdown(md);
    expect(html).toContain(shown);
    for (const tag of tagsOf(html)) expect(tag).toMatch(/^(p|b|strong|em)$/);
  });

  it.each([
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](&#x6A;avascript:alert(1))',
    '[x]( javascript:alert(1))',
    '[x](java\tscript:alert(1))',
    '[x](vbscript:msgbox(1))',
    '[x](data:text/html;base64,PHNjcmlwdD4=)',
    '[x][r]\n\n[r]: javascript:alert(1)',
    '<javascript:alert(1)>',
    '[x](/relative/path)',
    '[x](//evil.example/path)',
    '[x](file:///etc/passwd)',
  ])('drops the unsafe link %s, keeping its text', (md) => {
    const html = renderAgreementMarkdown(md);
    expect(html).not.toMatch(/<a\b/);
    expect(html).not.toMatch(/href=/);
  });

  it('keeps http, https and mailto links, escaped, with a safe rel', () => {
    const html = renderAgreementMarkdown('[a](https://program.example/a?b=1&c="x") [b](http://program.example) [c](mailto:legal@program.example) https://auto.example/x');
    expect(html).toContain('<a href="https://program.example/a?b=1&amp;c=%22x%22" rel="noopener noreferrer nofollow">a</a>');
    expect(html).toContain('<a href="http://program.example/"');
    expect(html).toContain('<a href="mailto:legal@program.example"');
    expect(html).toContain('<a href="https://auto.example/x"');
  });

  it('renders images as their alt text (no remote content in an agreement)', () => {
    const html = renderAgreementMarkdown('![Signature "here"](https://tracker.example/pixel.png)');
    expect(html).not.toMatch(/<img/);
    expect(html).toContain('Signature &quot;here&quot;');
  });

  it('escapes code and a hostile code-fence language', () => {
    const html = renderAgreementMarkdown('`<b>`\n\n```html" onload="x\n<script>\n```');
    expect(html).toContain('<code>&lt;b&gt;</code>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/<[^>]* onload=/);
  });

  it('allows only absolute http, https and mailto hrefs', () => {
    expect(safeHref('https://a.example/x')).toBe('https://a.example/x');
    expect(safeHref('MAILTO:a@b.example')).toBe('mailto:a@b.example');
    for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'data:,x', '/x', '#top', 'ftp://a.example', '&#106;avascript:x']) expect(safeHref(bad), bad).toBeNull();
  });
});

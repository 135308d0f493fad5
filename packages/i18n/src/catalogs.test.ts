import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, PARTNER_ROLES, STAFF_ROLES } from '@csp-center/domain';
import { describe, expect, it } from 'vitest';
import { LOCALES, NAMESPACES, resources } from './index.ts';

const localesDir = fileURLToPath(new URL('../locales/', import.meta.url));

/** Every leaf key as a dotted path, e.g. `signIn.emailLabel`. */
function leafKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

function leafValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value as Record<string, unknown>).flatMap(leafValues);
}

function lookup(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** `{{name}}` placeholders in a string, sorted. */
function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1] ?? '').sort();
}

describe('i18n catalogs', () => {
  it('has one folder per locale with one file per namespace and nothing else', () => {
    for (const locale of LOCALES) {
      const files = readdirSync(localesDir + locale).filter((f) => f.endsWith('.json')).sort();
      expect(files).toEqual(NAMESPACES.map((ns) => `${ns}.json`).sort());
    }
  });

  it('exports exactly the JSON files on disk', () => {
    for (const locale of LOCALES) {
      for (const ns of NAMESPACES) {
        const onDisk: unknown = JSON.parse(readFileSync(`${localesDir}${locale}/${ns}.json`, 'utf8'));
        expect(resources[locale][ns]).toEqual(onDisk);
      }
    }
  });

  for (const ns of NAMESPACES) {
    it(`has the same keys in every locale for namespace "${ns}"`, () => {
      const source = leafKeys(resources['en-US'][ns]).sort();
      for (const locale of LOCALES) {
        const keys = leafKeys(resources[locale][ns]).sort();
        const missing = source.filter((k) => !keys.includes(k));
        const extra = keys.filter((k) => !source.includes(k));
        expect({ locale, ns, missing, extra }).toEqual({ locale, ns, missing: [], extra: [] });
      }
    });

    it(`uses the same {{placeholders}} in every locale for namespace "${ns}"`, () => {
      for (const key of leafKeys(resources['en-US'][ns])) {
        const source = lookup(resources['en-US'][ns], key);
        for (const locale of LOCALES) {
          const value = lookup(resources[locale][ns], key);
          expect(typeof value, `${locale} ${ns}:${key}`).toBe('string');
          expect(placeholders(String(value)), `${locale} ${ns}:${key}`).toEqual(placeholders(String(source)));
        }
      }
    });
  }

  it('has no empty strings', () => {
    for (const locale of LOCALES) {
      for (const ns of NAMESPACES) {
        for (const v of leafValues(resources[locale][ns])) expect(v.trim(), `${locale} ${ns}`).not.toBe('');
      }
    }
  });

  it('has a message for every error code and no message for an unknown code', () => {
    for (const locale of LOCALES) {
      const keys = Object.keys(resources[locale].errors).sort();
      const missing = ERROR_CODES.filter((c) => !keys.includes(c));
      const unknown = keys.filter((k) => !(ERROR_CODES as readonly string[]).includes(k));
      expect({ locale, missing, unknown }).toEqual({ locale, missing: [], unknown: [] });
    }
  });

  it('labels every partner and staff role, identically in the UI and in emails', () => {
    for (const locale of LOCALES) {
      for (const role of [...PARTNER_ROLES, ...STAFF_ROLES]) {
        expect(resources[locale].common.roles[role], `${locale} ${role}`).toBeTruthy();
        expect(resources[locale].common.roleDescriptions[role], `${locale} ${role}`).toBeTruthy();
      }
      expect(resources[locale].email.roles).toEqual(resources[locale].common.roles);
    }
  });

  it('has the sign-in code and invitation emails with the placeholders the server fills', () => {
    for (const locale of LOCALES) {
      const { signInCode, invitation } = resources[locale].email;
      expect(placeholders(signInCode.text)).toEqual(['code', 'minutes']);
      expect(placeholders(invitation.text)).toEqual(['email', 'inviter', 'organization', 'role', 'url']);
      expect(signInCode.subject.length).toBeGreaterThan(0);
      expect(invitation.subject.length).toBeGreaterThan(0);
    }
  });

  it('uses the glossary terms in zh-TW', () => {
    const zh = resources['zh-TW'];
    expect(zh.common.roles.global_admin).toBe('全域管理員');
    expect(zh.auth.signIn.title).toBe('登入');
    expect(zh.auth.signIn.emailLabel).toBe('工作電子郵件');
    expect(zh.common.appSubtitle).toContain('雲端解決方案提供者');
    expect(zh.common.appSubtitle).toContain('合作夥伴中心');
    expect(zh.home.steps.agreement.title).toContain('間接轉銷商');
  });
});

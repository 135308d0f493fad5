import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { MARKET_POLICY_VERSIONS } from '@csp-center/domain';

/** `SOME_CODE` → `Some code`: the last resort for a code the catalogs do not know yet. */
export function humanize(code: string): string {
  const s = code.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return s ? s[0]!.toUpperCase() + s.slice(1) : code;
}

/** English country names from the market data, for codes Intl does not name (XS, XE). */
const DATA_COUNTRY_NAMES: ReadonlyMap<string, string> = new Map(
  MARKET_POLICY_VERSIONS.flatMap((v) => v.markets.flatMap((m) => m.countries.map((c) => [c.iso2, c.name] as const))),
);

type LooseT = (key: string, options?: Record<string, unknown>) => string;

export interface Labels {
  /** A catalog string for a key built at run time (`ns:group.CODE`), or a readable fallback. */
  code: (key: string, fallback?: string) => string;
  /** A catalog string with placeholders, for keys built at run time. */
  text: (key: string, vars?: Record<string, unknown>) => string;
  country: (iso2: string | null | undefined) => string;
  currency: (code: string | null | undefined) => string;
  market: (id: string | null | undefined, name?: string | null) => string;
  weekday: (isoWeekday: number) => string;
}

/**
 * Labels for codes and places in the UI language: enrollment states, actions, reasons (catalog
 * keys built at run time, falling back to a readable form of the code), country and currency
 * names (Intl, so every country is named in Traditional Chinese too) and market names.
 */
export function useLabels(): Labels {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return useMemo(() => {
    const loose = t as unknown as LooseT;
    let regions: Intl.DisplayNames | null = null;
    let currencies: Intl.DisplayNames | null = null;
    try {
      regions = new Intl.DisplayNames([lang], { type: 'region' });
      currencies = new Intl.DisplayNames([lang], { type: 'currency' });
    } catch {
      // Very old engines: fall back to codes and the English data names.
    }
    const weekdays = new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' });
    return {
      code: (key, fallback) => loose(key, { defaultValue: fallback ?? humanize(key.split('.').pop() ?? key) }),
      text: (key, vars) => loose(key, vars),
      country: (iso2) => {
        if (!iso2) return '';
        const code = iso2.toUpperCase();
        let name: string | undefined;
        try {
          name = regions?.of(code);
        } catch {
          name = undefined;
        }
        if (name && name !== code) return name;
        return DATA_COUNTRY_NAMES.get(code) ?? code;
      },
      currency: (code) => {
        if (!code) return '';
        let name: string | undefined;
        try {
          name = currencies?.of(code.toUpperCase());
        } catch {
          name = undefined;
        }
        return name && name !== code ? `${name} (${code})` : code;
      },
      market: (id, name) => (id ? loose(`common:markets.${id}`, { defaultValue: name ?? humanize(id) }) : ''),
      // 2024-01-01 was a Monday: ISO weekday n is 2024-01-0n.
      weekday: (n) => weekdays.format(new Date(Date.UTC(2024, 0, n))),
    };
  }, [t, lang]);
}

/**
 * A person's name in the order the UI language writes it: "Alice Chen" in English, "林怡君"
 * (family name first, no space) in Chinese when either part is written in CJK characters.
 */
export function personName(first: string, last: string, locale: string): string {
  const cjk = /[\u3400-\u9fff]/.test(first + last);
  if (locale.startsWith('zh') || cjk) return cjk ? `${last}${first}` : `${first} ${last}`;
  return `${first} ${last}`;
}

/** Human file sizes (KB/MB) for upload hints and document lists. */
export function formatBytes(n: number, locale: string): string {
  const fmt = (v: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v);
  if (n < 1024) return `${fmt(n)} B`;
  if (n < 1024 * 1024) return `${fmt(n / 1024)} KB`;
  return `${fmt(n / (1024 * 1024))} MB`;
}

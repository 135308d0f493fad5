/** The languages the product speaks (BCP 47). en-US is the source language. */
export const LOCALES = ['en-US', 'zh-TW'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en-US';

/** Picks a supported locale from a loose tag (`zh-Hant-TW`, `zh`, `en`). */
export function resolveLocale(tag: string | null | undefined): Locale {
  if (!tag) return DEFAULT_LOCALE;
  const t = tag.toLowerCase();
  if (t.startsWith('zh')) return 'zh-TW';
  return DEFAULT_LOCALE;
}

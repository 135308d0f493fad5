import { DEFAULT_NAMESPACE, LOCALES, NAMESPACES, SOURCE_LOCALE, isLocale, resources } from '@csp-center/i18n';
import type { Catalogs, Locale } from '@csp-center/i18n';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: Catalogs;
  }
}

/** localStorage key of the language chosen before sign-in (after sign-in the user's record wins). */
export const LOCALE_STORAGE_KEY = 'csp-center.locale';

/** The language explicitly chosen on this browser, if any. */
export function storedLocale(): Locale | null {
  try {
    const v = localStorage.getItem(LOCALE_STORAGE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

export function storeLocale(locale: Locale): void {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

/** Maps a browser tag (`zh-Hant-TW`, `zh`, `en-GB`) to a supported locale. */
export function resolveLocale(tag: string | null | undefined): Locale {
  if (!tag) return SOURCE_LOCALE;
  return tag.toLowerCase().startsWith('zh') ? 'zh-TW' : SOURCE_LOCALE;
}

export function currentLocale(): Locale {
  return isLocale(i18next.language) ? i18next.language : SOURCE_LOCALE;
}

function initialLocale(): Locale {
  return storedLocale() ?? resolveLocale(typeof navigator === 'undefined' ? undefined : navigator.language);
}

void i18next.use(initReactI18next).init({
  resources,
  lng: initialLocale(),
  fallbackLng: SOURCE_LOCALE,
  supportedLngs: [...LOCALES],
  ns: [...NAMESPACES],
  defaultNS: DEFAULT_NAMESPACE,
  interpolation: { escapeValue: false },
  returnNull: false,
});

function applyDocumentLanguage(lng: string): void {
  document.documentElement.lang = lng;
  document.title = i18next.t('common:appName');
}

applyDocumentLanguage(i18next.language);
i18next.on('languageChanged', applyDocumentLanguage);

export { i18next };

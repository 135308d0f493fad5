/**
 * The product's text in every supported language, as i18next resources:
 * `resources[locale][namespace]`. en-US is the source language; zh-TW follows the glossary in
 * shared/design/glossary.md. `catalogs.test.ts` fails on any key difference between languages.
 */
import enAuth from '../locales/en-US/auth.json' with { type: 'json' };
import enCommon from '../locales/en-US/common.json' with { type: 'json' };
import enEmail from '../locales/en-US/email.json' with { type: 'json' };
import enErrors from '../locales/en-US/errors.json' with { type: 'json' };
import enHome from '../locales/en-US/home.json' with { type: 'json' };
import enOrganization from '../locales/en-US/organization.json' with { type: 'json' };
import enTokens from '../locales/en-US/tokens.json' with { type: 'json' };
import enProfile from '../locales/en-US/profile.json' with { type: 'json' };
import enEnrollment from '../locales/en-US/enrollment.json' with { type: 'json' };
import enVerification from '../locales/en-US/verification.json' with { type: 'json' };
import enAgreements from '../locales/en-US/agreements.json' with { type: 'json' };
import enRegistry from '../locales/en-US/registry.json' with { type: 'json' };
import enSettings from '../locales/en-US/settings.json' with { type: 'json' };
import zhAuth from '../locales/zh-TW/auth.json' with { type: 'json' };
import zhCommon from '../locales/zh-TW/common.json' with { type: 'json' };
import zhEmail from '../locales/zh-TW/email.json' with { type: 'json' };
import zhErrors from '../locales/zh-TW/errors.json' with { type: 'json' };
import zhHome from '../locales/zh-TW/home.json' with { type: 'json' };
import zhOrganization from '../locales/zh-TW/organization.json' with { type: 'json' };
import zhTokens from '../locales/zh-TW/tokens.json' with { type: 'json' };
import zhProfile from '../locales/zh-TW/profile.json' with { type: 'json' };
import zhEnrollment from '../locales/zh-TW/enrollment.json' with { type: 'json' };
import zhVerification from '../locales/zh-TW/verification.json' with { type: 'json' };
import zhAgreements from '../locales/zh-TW/agreements.json' with { type: 'json' };
import zhRegistry from '../locales/zh-TW/registry.json' with { type: 'json' };
import zhSettings from '../locales/zh-TW/settings.json' with { type: 'json' };

/** The languages the catalogs cover (BCP 47), source language first. */
export const LOCALES = ['en-US', 'zh-TW'] as const;
export type Locale = (typeof LOCALES)[number];

/** The source language, also the fallback for a missing key. */
export const SOURCE_LOCALE: Locale = 'en-US';

/** Catalog namespaces; each is one JSON file per language under `locales/<locale>/`. */
export const NAMESPACES = [
  'common',
  'auth',
  'home',
  'organization',
  'tokens',
  'profile',
  'enrollment',
  'verification',
  'agreements',
  'registry',
  'settings',
  'errors',
  'email',
] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** The default namespace for `t()` without a `ns:` prefix. */
export const DEFAULT_NAMESPACE: Namespace = 'common';

const enUS = {
  common: enCommon,
  auth: enAuth,
  home: enHome,
  organization: enOrganization,
  tokens: enTokens,
  profile: enProfile,
  enrollment: enEnrollment,
  verification: enVerification,
  agreements: enAgreements,
  registry: enRegistry,
  settings: enSettings,
  errors: enErrors,
  email: enEmail,
};

/** The shape of one language's catalogs (taken from the source language). */
export type Catalogs = typeof enUS;

/**
 * i18next resources for every locale. zh-TW is typed as the en-US shape: the test guarantees
 * identical keys, and the type lets apps declare typed `t()` keys from `Catalogs`.
 */
export const resources: Record<Locale, Catalogs> = {
  'en-US': enUS,
  'zh-TW': {
    common: zhCommon,
    auth: zhAuth,
    home: zhHome,
    organization: zhOrganization,
    tokens: zhTokens,
    profile: zhProfile,
    enrollment: zhEnrollment,
    verification: zhVerification,
    agreements: zhAgreements,
    registry: zhRegistry,
    settings: zhSettings,
    errors: zhErrors,
    email: zhEmail,
  },
};

/** True for a supported locale tag (exact match). */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

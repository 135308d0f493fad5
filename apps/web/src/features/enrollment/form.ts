/**
 * Pure form logic of the enrollment wizard: form ↔ API body, and the same validation the server
 * runs (packages/domain), so a partner sees a problem before saving. No React here: tested in
 * form.test.ts.
 */
import {
  PARTNER_ID_PATTERN,
  PROFILE_PARTS,
  REGISTRATION_ID_RULES,
  STATE_REQUIRED,
  currentMarketPolicy,
  marketForCountry,
  postalCodeRequired,
  usesIban,
  validateAddress,
  validateBankAccount,
  validateRegistrationId,
} from '@csp-center/domain';
import type { FieldIssue, Market, MarketCountry, ProfilePart } from '@csp-center/domain';
import { isApiError } from '../../api/client.ts';
import type { BillingBody, BillingProfile, LegalBusiness, LegalBusinessBody, SupportProfile } from '../../api/client.ts';

export type { FieldIssue };

/** The wizard's steps, in order; each is also its URL segment under /enroll/. */
export const WIZARD_STEPS = ['legal', 'support', 'billing', 'partner-id', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export function isWizardStep(v: unknown): v is WizardStep {
  return typeof v === 'string' && (WIZARD_STEPS as readonly string[]).includes(v);
}

/** The wizard step where a profile part is filled in. */
export const PART_STEP: Record<ProfilePart, WizardStep> = {
  legalBusiness: 'legal',
  supportProfile: 'support',
  billingProfile: 'billing',
  partnerId: 'partner-id',
};

const PART_ALIASES: Record<string, ProfilePart> = {
  legalBusiness: 'legalBusiness',
  legal: 'legalBusiness',
  'legal-business': 'legalBusiness',
  supportProfile: 'supportProfile',
  support: 'supportProfile',
  billingProfile: 'billingProfile',
  billing: 'billingProfile',
  partnerId: 'partnerId',
  'partner-id': 'partnerId',
};

/** Normalizes the server's names for missing parts (`support` or `supportProfile`). */
export function toProfilePart(name: string): ProfilePart | null {
  return PART_ALIASES[name] ?? null;
}

/** The missing parts in wizard order, without duplicates or unknown names. */
export function missingParts(names: readonly string[]): ProfilePart[] {
  const set = new Set(names.map(toProfilePart).filter((p): p is ProfilePart => p !== null));
  return PROFILE_PARTS.filter((p) => set.has(p));
}

/** The `details.missing` list of a PROFILE_INCOMPLETE refusal. */
export function missingFromError(error: unknown): ProfilePart[] {
  if (!isApiError(error) || error.code !== 'PROFILE_INCOMPLETE') return [];
  const missing = error.details?.missing;
  return Array.isArray(missing) ? missingParts(missing.filter((m): m is string => typeof m === 'string')) : [];
}

/** `body.address.postalCode`, `/address/postalCode`, `address[postalCode]` → `address.postalCode`. */
export function normalizeIssuePath(path: unknown): string {
  const raw = Array.isArray(path) ? path.join('.') : String(path ?? '');
  return raw
    .replace(/^\/+/, '')
    .replace(/\//g, '.')
    .replace(/\[(\w+)\]/g, '.$1')
    .replace(/^body\./, '')
    .replace(/^\.+/, '');
}

/** The field issues of a VALIDATION_FAILED refusal (`details.issues[]`), with normalized paths. */
export function serverIssues(error: unknown): FieldIssue[] {
  if (!isApiError(error)) return [];
  const issues = error.details?.issues;
  if (!Array.isArray(issues)) return [];
  return issues
    .filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null)
    .map((i) => ({
      path: normalizeIssuePath(i.path),
      code: typeof i.code === 'string' ? i.code : 'INVALID',
      message: typeof i.message === 'string' ? i.message : '',
    }));
}

/** First issue per path. */
export function issuesByPath(issues: readonly FieldIssue[]): Record<string, FieldIssue> {
  const out: Record<string, FieldIssue> = {};
  for (const i of issues) if (!out[i.path]) out[i.path] = i;
  return out;
}

// ---- Market (derived from the legal country) ----

export interface CountryOption {
  iso2: string;
  /** English name from the market data; the UI shows Intl's localized name. */
  name: string;
  marketId: string;
  currency: string;
}

/** Every country of the market policy in force, for the country pickers. */
export function programCountries(now: Date = new Date()): CountryOption[] {
  const policy = currentMarketPolicy(now);
  return policy.markets.flatMap((m) => m.countries.map((c) => ({ iso2: c.iso2, name: c.name, marketId: m.id, currency: c.currency })));
}

/** The market and billing currency a legal country leads to, or undefined outside the program. */
export function marketOf(country: string, now: Date = new Date()): { market: Market; country: MarketCountry } | undefined {
  if (!country) return undefined;
  return marketForCountry(country, currentMarketPolicy(now));
}

// ---- Legal business profile ----

export interface LegalForm {
  companyName: string;
  country: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postalCode: string;
  registrationId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
}

export function legalFormFrom(data: LegalBusiness | null, defaults: { email: string; companyName?: string }): LegalForm {
  return {
    companyName: data?.companyName ?? defaults.companyName ?? '',
    country: data?.address.country ?? '',
    line1: data?.address.line1 ?? '',
    line2: data?.address.line2 ?? '',
    city: data?.address.city ?? '',
    state: data?.address.state ?? '',
    postalCode: data?.address.postalCode ?? '',
    registrationId: data?.registrationId ?? '',
    firstName: data?.primaryContact.firstName ?? '',
    lastName: data?.primaryContact.lastName ?? '',
    email: data?.primaryContact.email ?? defaults.email,
    phone: data?.primaryContact.phone ?? '',
  };
}

/** Trims every field and leaves out empty optional ones (the server treats absent as "none"). */
export function legalBody(f: LegalForm): LegalBusinessBody {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  const address: LegalBusinessBody['address'] = { line1: f.line1.trim(), city: f.city.trim(), country: f.country };
  if (opt(f.line2)) address.line2 = opt(f.line2);
  if (opt(f.state)) address.state = opt(f.state);
  if (opt(f.postalCode)) address.postalCode = opt(f.postalCode);
  const contact: LegalBusinessBody['primaryContact'] = { firstName: f.firstName.trim(), lastName: f.lastName.trim(), email: f.email.trim() };
  if (opt(f.phone)) contact.phone = opt(f.phone);
  const body: LegalBusinessBody = { companyName: f.companyName.trim(), address, primaryContact: contact };
  if (opt(f.registrationId)) body.registrationId = f.registrationId.trim().toUpperCase();
  return body;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9()\s.-]{5,20}$/;

/** True when `email` is on `domain` or one of its subdomains. */
export function onDomain(email: string, domain: string): boolean {
  const host = email.trim().toLowerCase().split('@')[1] ?? '';
  const d = domain.toLowerCase();
  return host === d || host.endsWith(`.${d}`);
}

/** Whether the country needs a state, a postal code, a registration ID (the form's labels follow). */
export function addressRules(country: string) {
  const c = country.toUpperCase();
  return {
    stateRequired: STATE_REQUIRED.has(c),
    postalCodeRequired: c ? postalCodeRequired(c) : true,
    registrationId: REGISTRATION_ID_RULES[c] ?? null,
  };
}

/**
 * Every problem of the legal form, with the server's paths (`address.postalCode`,
 * `primaryContact.email`, `registrationId`). `domain` is the organization's email domain.
 */
export function validateLegal(f: LegalForm, domain: string | null): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const req = (path: string, v: string) => {
    if (!v.trim()) issues.push({ path, code: 'REQUIRED', message: 'Required' });
  };
  req('companyName', f.companyName);
  if (!f.country) issues.push({ path: 'address.country', code: 'REQUIRED', message: 'Required' });
  else if (!marketOf(f.country)) issues.push({ path: 'address.country', code: 'COUNTRY_NOT_IN_PROGRAM', message: 'Not in the program' });
  if (f.country) {
    issues.push(...validateAddress({ line1: f.line1, line2: f.line2, city: f.city, state: f.state, postalCode: f.postalCode, country: f.country }));
    issues.push(...validateRegistrationId(f.country, f.registrationId));
  } else {
    req('address.line1', f.line1);
    req('address.city', f.city);
  }
  req('primaryContact.firstName', f.firstName);
  req('primaryContact.lastName', f.lastName);
  if (!f.email.trim()) issues.push({ path: 'primaryContact.email', code: 'REQUIRED', message: 'Required' });
  else if (!EMAIL.test(f.email.trim())) issues.push({ path: 'primaryContact.email', code: 'EMAIL_FORMAT', message: 'Not an email address' });
  else if (domain && !onDomain(f.email, domain)) issues.push({ path: 'primaryContact.email', code: 'CONTACT_DOMAIN_MISMATCH', message: 'Not on the domain' });
  if (f.phone.trim() && !PHONE.test(f.phone.trim())) issues.push({ path: 'primaryContact.phone', code: 'PHONE_FORMAT', message: 'Not a phone number' });
  return issues;
}

// ---- Support profile ----

export interface SupportForm {
  email: string;
  phone: string;
  website: string;
}

export function supportFormFrom(data: SupportProfile | null, defaultEmail: string): SupportForm {
  return { email: data?.email ?? defaultEmail, phone: data?.phone ?? '', website: data?.website ?? '' };
}

export function supportBody(f: SupportForm): SupportProfile {
  const body: SupportProfile = { email: f.email.trim() };
  if (f.phone.trim()) body.phone = f.phone.trim();
  if (f.website.trim()) body.website = f.website.trim();
  return body;
}

export function validateSupport(f: SupportForm): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!f.email.trim()) issues.push({ path: 'email', code: 'REQUIRED', message: 'Required' });
  else if (!EMAIL.test(f.email.trim())) issues.push({ path: 'email', code: 'EMAIL_FORMAT', message: 'Not an email address' });
  if (f.phone.trim() && !PHONE.test(f.phone.trim())) issues.push({ path: 'phone', code: 'PHONE_FORMAT', message: 'Not a phone number' });
  if (f.website.trim() && !/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(f.website.trim())) issues.push({ path: 'website', code: 'URL_FORMAT', message: 'Not a web address' });
  return issues;
}

// ---- Billing profile ----

export interface BillingForm {
  bankCountry: string;
  holderName: string;
  iban: string;
  bic: string;
  accountNumber: string;
  routingNumber: string;
  taxId: string;
}

export function billingFormFrom(data: BillingProfile | null, defaults: { bankCountry: string; holderName: string }): BillingForm {
  // Saved account numbers are never sent back: a change means entering the account again.
  return {
    bankCountry: data?.bankAccount.bankCountry ?? defaults.bankCountry,
    holderName: data?.bankAccount.holderName ?? defaults.holderName,
    iban: '',
    bic: '',
    accountNumber: '',
    routingNumber: '',
    taxId: data?.taxId ?? '',
  };
}

/** Only the fields of the bank country's scheme: IBAN + BIC, or account + routing number. */
export function billingBody(f: BillingForm): BillingBody {
  const compact = (v: string) => v.replace(/\s+/g, '').toUpperCase();
  const bankAccount: BillingBody['bankAccount'] = usesIban(f.bankCountry)
    ? { holderName: f.holderName.trim(), bankCountry: f.bankCountry, iban: compact(f.iban), bic: compact(f.bic) }
    : { holderName: f.holderName.trim(), bankCountry: f.bankCountry, accountNumber: f.accountNumber.trim(), routingNumber: f.routingNumber.trim() };
  const body: BillingBody = { bankAccount };
  if (f.taxId.trim()) body.taxId = f.taxId.trim();
  return body;
}

export function validateBilling(f: BillingForm): FieldIssue[] {
  if (!f.bankCountry) {
    const issues: FieldIssue[] = [{ path: 'bankAccount.bankCountry', code: 'REQUIRED', message: 'Required' }];
    if (!f.holderName.trim()) issues.push({ path: 'bankAccount.holderName', code: 'REQUIRED', message: 'Required' });
    return issues;
  }
  return validateBankAccount({ ...f });
}

// ---- Partner ID ----

/** Partner IDs are numeric (1–10 digits); spaces typed by the partner are dropped. */
export function cleanPartnerId(v: string): string {
  return v.replace(/\s+/g, '');
}

export function partnerIdFormatOk(v: string): boolean {
  return PARTNER_ID_PATTERN.test(cleanPartnerId(v));
}

// ---- Documents for an information request ----

/** Upload limits of POST /verification/responses (the server checks content, not names). */
export const MAX_DOCUMENTS = 5;
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
const ALLOWED_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg']);
const ALLOWED_EXT = /\.(pdf|png|jpe?g)$/i;

/** Problems with chosen files, as catalog keys + names, before anything is sent. */
export function fileProblems(files: readonly { name: string; size: number; type: string }[]): { key: 'tooMany' | 'tooLarge' | 'wrongType'; name: string }[] {
  const out: { key: 'tooMany' | 'tooLarge' | 'wrongType'; name: string }[] = [];
  if (files.length > MAX_DOCUMENTS) out.push({ key: 'tooMany', name: '' });
  for (const f of files) {
    if (!(ALLOWED_TYPES.has(f.type) || (!f.type && ALLOWED_EXT.test(f.name)))) out.push({ key: 'wrongType', name: f.name });
    else if (f.size > MAX_DOCUMENT_BYTES) out.push({ key: 'tooLarge', name: f.name });
  }
  return out;
}

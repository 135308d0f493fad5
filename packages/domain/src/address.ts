import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator';

/** A postal address as the legal business profile holds it. */
export interface Address {
  line1: string;
  line2?: string | null;
  city: string;
  state?: string | null;
  postalCode?: string | null;
  country: string;
}

export interface FieldIssue {
  path: string;
  code: string;
  message: string;
}

/** Countries whose addresses need a state, province or region. */
export const STATE_REQUIRED = new Set(['US', 'CA', 'AU', 'BR', 'IN', 'MX', 'AR', 'MY']);
/** Countries without a postal-code system (the field is optional there). */
export const NO_POSTAL_CODE = new Set(['HK', 'MO', 'AE', 'QA', 'BH', 'BS', 'BZ', 'FJ', 'GH', 'JM', 'PA', 'TT', 'UG', 'ZW', 'AO', 'BW', 'BF', 'BI', 'CM', 'CF', 'TD', 'KM', 'CG', 'CD', 'CI', 'DJ', 'GQ', 'ER', 'GM', 'ML', 'MR', 'RW', 'SC', 'SL', 'SO', 'TG', 'TZ', 'YE']);

/**
 * Company registration identifiers required in some countries, with their format. Elsewhere the
 * field is optional. Sources: each tax authority's published format.
 */
export const REGISTRATION_ID_RULES: Record<string, { pattern: RegExp; example: string; name: string }> = {
  TW: { pattern: /^\d{8}$/, example: '12345678', name: 'Unified Business Number (統一編號)' },
  BR: { pattern: /^\d{2}\.?\d{3}\.?\d{3}\/?\d{4}-?\d{2}$/, example: '12.345.678/0001-95', name: 'CNPJ' },
  IN: { pattern: /^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/, example: '27AAPFU0939F1ZV', name: 'GSTIN' },
  CN: { pattern: /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, example: '91350100M000100Y43', name: 'Unified Social Credit Code' },
  KR: { pattern: /^\d{3}-?\d{2}-?\d{5}$/, example: '123-45-67890', name: 'Business registration number' },
  JP: { pattern: /^\d{13}$/, example: '1234567890123', name: 'Corporate number' },
  MX: { pattern: /^[A-Z&Ñ]{3}\d{6}[A-Z0-9]{3}$/, example: 'ABC010101AB1', name: 'RFC' },
  AR: { pattern: /^\d{2}-?\d{8}-?\d$/, example: '30-12345678-9', name: 'CUIT' },
};

/** Whether a postal code is required in the country. */
export function postalCodeRequired(country: string): boolean {
  return !NO_POSTAL_CODE.has(country.toUpperCase());
}

/**
 * Validates an address against its country's rules: required state, postal code presence and
 * format (postcode-validator where it knows the country). Returns every problem, not the first.
 */
export function validateAddress(a: Address, prefix = 'address'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const country = a.country.toUpperCase();
  if (!a.line1?.trim()) issues.push({ path: `${prefix}.line1`, code: 'REQUIRED', message: 'Street address is required' });
  if (!a.city?.trim()) issues.push({ path: `${prefix}.city`, code: 'REQUIRED', message: 'City is required' });
  if (STATE_REQUIRED.has(country) && !a.state?.trim()) issues.push({ path: `${prefix}.state`, code: 'REQUIRED', message: `State or province is required in ${country}` });
  const postal = a.postalCode?.trim();
  if (!postal) {
    if (postalCodeRequired(country)) issues.push({ path: `${prefix}.postalCode`, code: 'REQUIRED', message: `Postal code is required in ${country}` });
  } else if (postcodeValidatorExistsForCountry(country) && !postcodeValidator(postal, country)) {
    issues.push({ path: `${prefix}.postalCode`, code: 'POSTAL_CODE_FORMAT', message: `Not a valid postal code for ${country}` });
  }
  return issues;
}

/** Validates the registration ID where the country requires one. */
export function validateRegistrationId(country: string, value: string | null | undefined, path = 'registrationId'): FieldIssue[] {
  const rule = REGISTRATION_ID_RULES[country.toUpperCase()];
  if (!rule) return [];
  const v = value?.trim().toUpperCase();
  if (!v) return [{ path, code: 'REQUIRED', message: `${rule.name} is required in ${country.toUpperCase()}` }];
  if (!rule.pattern.test(v)) return [{ path, code: 'REGISTRATION_ID_FORMAT', message: `${rule.name} looks like ${rule.example}` }];
  return [];
}

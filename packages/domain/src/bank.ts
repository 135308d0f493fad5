import { electronicFormatIBAN, isValidBIC, isValidIBAN, getCountrySpecifications } from 'ibantools';
import type { FieldIssue } from './address.ts';

/** Bank account as entered; either IBAN (+ BIC) or account + routing number. */
export interface BankAccountInput {
  holderName: string;
  iban?: string | null;
  bic?: string | null;
  accountNumber?: string | null;
  routingNumber?: string | null;
  bankCountry: string;
}

/** True when the bank's country uses IBAN (ibantools' registry). */
export function usesIban(country: string): boolean {
  return getCountrySpecifications()[country.toUpperCase()]?.IBANRegistry === true;
}

/**
 * Validates bank details by country: IBAN countries need a valid IBAN (its country must be the
 * bank country) and a valid BIC; elsewhere an account number and a routing/bank code.
 */
export function validateBankAccount(b: BankAccountInput, prefix = 'bankAccount'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const country = b.bankCountry.toUpperCase();
  if (!b.holderName?.trim()) issues.push({ path: `${prefix}.holderName`, code: 'REQUIRED', message: 'Account holder name is required' });
  if (usesIban(country)) {
    const iban = electronicFormatIBAN(b.iban ?? '') ?? '';
    if (!iban) issues.push({ path: `${prefix}.iban`, code: 'REQUIRED', message: `An IBAN is required for banks in ${country}` });
    else if (!isValidIBAN(iban)) issues.push({ path: `${prefix}.iban`, code: 'IBAN_INVALID', message: 'Not a valid IBAN' });
    else if (iban.slice(0, 2) !== country) issues.push({ path: `${prefix}.iban`, code: 'IBAN_COUNTRY_MISMATCH', message: `The IBAN is not from ${country}` });
    const bic = (b.bic ?? '').replace(/\s/g, '').toUpperCase();
    if (!bic) issues.push({ path: `${prefix}.bic`, code: 'REQUIRED', message: 'A BIC (SWIFT code) is required' });
    else if (!isValidBIC(bic)) issues.push({ path: `${prefix}.bic`, code: 'BIC_INVALID', message: 'Not a valid BIC' });
  } else {
    const acct = (b.accountNumber ?? '').replace(/[\s-]/g, '');
    if (!acct) issues.push({ path: `${prefix}.accountNumber`, code: 'REQUIRED', message: 'Account number is required' });
    else if (!/^[0-9A-Za-z]{4,34}$/.test(acct)) issues.push({ path: `${prefix}.accountNumber`, code: 'ACCOUNT_NUMBER_FORMAT', message: 'Use 4 to 34 letters or digits' });
    const routing = (b.routingNumber ?? '').replace(/[\s-]/g, '');
    if (!routing) issues.push({ path: `${prefix}.routingNumber`, code: 'REQUIRED', message: 'Routing or bank code is required' });
    else if (country === 'US' && !/^\d{9}$/.test(routing)) issues.push({ path: `${prefix}.routingNumber`, code: 'ROUTING_NUMBER_FORMAT', message: 'A US routing number has 9 digits' });
    else if (!/^[0-9A-Za-z]{3,15}$/.test(routing)) issues.push({ path: `${prefix}.routingNumber`, code: 'ROUTING_NUMBER_FORMAT', message: 'Use 3 to 15 letters or digits' });
  }
  return issues;
}

/** How bank details are shown after saving: only the last four characters. */
export function maskAccount(value: string): string {
  const v = value.replace(/\s/g, '');
  return v.length <= 4 ? '••••' : `${'•'.repeat(Math.min(8, v.length - 4))}${v.slice(-4)}`;
}

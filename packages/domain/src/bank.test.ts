import { describe, expect, it } from 'vitest';
import { maskAccount, usesIban, validateBankAccount, type BankAccountInput } from './bank.ts';

const codes = (issues: Array<{ path: string; code: string }>) => issues.map((i) => `${i.path}:${i.code}`).sort();
const acct = (over: Partial<BankAccountInput>): BankAccountInput => ({ holderName: 'Contoso Ltd.', bankCountry: 'DE', ...over });

describe('usesIban', () => {
  it.each([
    ['DE', true],
    ['gb', true],
    ['FR', true],
    ['BR', true],
    ['US', false],
    ['TW', false],
    ['HK', false],
    ['JP', false],
  ])('%s → %s', (country, expected) => expect(usesIban(country)).toBe(expected));
});

describe('validateBankAccount', () => {
  it.each<[string, BankAccountInput, string[]]>([
    ['a German IBAN and BIC', acct({ iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' }), []],
    ['an IBAN with spaces and a lower-case 8-letter BIC', acct({ iban: 'de89 3704 0044 0532 0130 00', bic: 'cobadeff' }), []],
    ['a GB IBAN', acct({ bankCountry: 'GB', iban: 'GB82WEST12345698765432', bic: 'NWBKGB2L' }), []],
    ['an IBAN with a wrong check digit', acct({ iban: 'DE88370400440532013000', bic: 'COBADEFFXXX' }), ['bankAccount.iban:IBAN_INVALID']],
    ['an IBAN of another country', acct({ iban: 'GB82WEST12345698765432', bic: 'COBADEFFXXX' }), ['bankAccount.iban:IBAN_COUNTRY_MISMATCH']],
    ['an invalid BIC', acct({ iban: 'DE89370400440532013000', bic: 'COBA' }), ['bankAccount.bic:BIC_INVALID']],
    ['neither IBAN nor BIC in an IBAN country', acct({ accountNumber: '12345678', routingNumber: '37040044' }), ['bankAccount.bic:REQUIRED', 'bankAccount.iban:REQUIRED']],
    ['a US account and routing number', acct({ bankCountry: 'US', accountNumber: '000123456789', routingNumber: '021000021' }), []],
    ['a US routing number of 8 digits', acct({ bankCountry: 'US', accountNumber: '000123456789', routingNumber: '02100002' }), ['bankAccount.routingNumber:ROUTING_NUMBER_FORMAT']],
    ['a US account without numbers', acct({ bankCountry: 'US' }), ['bankAccount.accountNumber:REQUIRED', 'bankAccount.routingNumber:REQUIRED']],
    ['a Taiwan account with a bank code', acct({ bankCountry: 'TW', accountNumber: '1234-5678-9012', routingNumber: '812' }), []],
    ['a Taiwan account number with symbols', acct({ bankCountry: 'TW', accountNumber: '12#45', routingNumber: '812' }), ['bankAccount.accountNumber:ACCOUNT_NUMBER_FORMAT']],
    ['a blank holder name', acct({ holderName: ' ', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' }), ['bankAccount.holderName:REQUIRED']],
  ])('%s', (_label, input, expected) => {
    expect(codes(validateBankAccount(input))).toEqual(expected);
  });

  it('prefixes every path', () => {
    expect(codes(validateBankAccount(acct({}), 'body.bankAccount'))).toEqual(['body.bankAccount.bic:REQUIRED', 'body.bankAccount.iban:REQUIRED']);
  });
});

describe('maskAccount', () => {
  it.each([
    ['DE89370400440532013000', '••••••••3000'],
    ['DE89 3704 0044 0532 0130 00', '••••••••3000'],
    ['123456', '••3456'],
    ['12345', '•2345'],
    ['1234', '••••'],
    ['', '••••'],
  ])('%s → %s', (value, masked) => expect(maskAccount(value)).toBe(masked));

  it('never shows more than the last four characters', () => {
    for (const v of ['GB82WEST12345698765432', '000123456789', '12345678901234567890']) {
      const m = maskAccount(v);
      expect(m.replace(/•/g, '')).toBe(v.slice(-4));
    }
  });
});

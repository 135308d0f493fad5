import { describe, expect, it } from 'vitest';
import { NO_POSTAL_CODE, postalCodeRequired, REGISTRATION_ID_RULES, STATE_REQUIRED, validateAddress, validateRegistrationId, type Address } from './address.ts';

const base = (country: string, over: Partial<Address> = {}): Address => ({ line1: '1 Main Road', city: 'Capital', country, ...over });
const codes = (issues: Array<{ path: string; code: string }>) => issues.map((i) => `${i.path}:${i.code}`).sort();

describe('validateAddress', () => {
  it.each<[string, Address, string[]]>([
    ['a US address with state and ZIP', base('US', { state: 'WA', postalCode: '98052' }), []],
    ['a US ZIP+4', base('US', { state: 'WA', postalCode: '98052-6399' }), []],
    ['a US address without state', base('US', { postalCode: '98052' }), ['address.state:REQUIRED']],
    ['a US 4-digit ZIP', base('US', { state: 'WA', postalCode: '9805' }), ['address.postalCode:POSTAL_CODE_FORMAT']],
    ['a US address without ZIP', base('US', { state: 'WA' }), ['address.postalCode:REQUIRED']],
    ['a Taiwan 3-digit postal code', base('TW', { postalCode: '110' }), []],
    ['a Taiwan 5-digit postal code', base('TW', { postalCode: '11049' }), []],
    ['a Taiwan 4-digit postal code', base('TW', { postalCode: '1104' }), ['address.postalCode:POSTAL_CODE_FORMAT']],
    ['a Taiwan postal code in letters', base('TW', { postalCode: 'ABC' }), ['address.postalCode:POSTAL_CODE_FORMAT']],
    ['a GB postcode', base('GB', { postalCode: 'SW1A 1AA' }), []],
    ['a GB postcode without space', base('GB', { postalCode: 'sw1a1aa' }), []],
    ['a numeric GB postcode', base('GB', { postalCode: '12345' }), ['address.postalCode:POSTAL_CODE_FORMAT']],
    ['a German postcode', base('DE', { postalCode: '10117' }), []],
    ['a Hong Kong address without postal code', base('HK'), []],
    ['a Hong Kong address with blank postal code', base('HK', { postalCode: '  ' }), []],
    ['a Brazilian address without state', base('BR', { postalCode: '01310-100' }), ['address.state:REQUIRED']],
    ['a blank street and city', base('DE', { line1: ' ', city: '', postalCode: '10117' }), ['address.city:REQUIRED', 'address.line1:REQUIRED']],
    ['a lower-case country code', base('us', { state: 'WA', postalCode: '98052' }), []],
    ['a country postcode-validator does not know (any postal code)', base('GA', { postalCode: 'anything' }), []],
  ])('%s', (_label, address, expected) => {
    expect(codes(validateAddress(address))).toEqual(expected);
  });

  it('prefixes every path, and reports every problem rather than the first', () => {
    const issues = validateAddress({ line1: '', city: '', country: 'US' }, 'body.address');
    expect(codes(issues)).toEqual(['body.address.city:REQUIRED', 'body.address.line1:REQUIRED', 'body.address.postalCode:REQUIRED', 'body.address.state:REQUIRED']);
    for (const i of issues) expect(i.message.length).toBeGreaterThan(0);
  });

  it('requires a state exactly where STATE_REQUIRED says, and a postal code everywhere but NO_POSTAL_CODE', () => {
    for (const c of STATE_REQUIRED) expect(codes(validateAddress(base(c))), c).toContain('address.state:REQUIRED');
    for (const c of NO_POSTAL_CODE) {
      expect(postalCodeRequired(c)).toBe(false);
      expect(codes(validateAddress(base(c, { state: 'X' }))), c).toEqual([]);
    }
    expect(postalCodeRequired('tw')).toBe(true);
  });
});

describe('validateRegistrationId', () => {
  it.each<[string, string | null | undefined, string[]]>([
    ['TW', '12345678', []],
    ['TW', ' 12345678 ', []],
    ['TW', '1234567', ['registrationId:REGISTRATION_ID_FORMAT']],
    ['TW', '123456789', ['registrationId:REGISTRATION_ID_FORMAT']],
    ['TW', 'A2345678', ['registrationId:REGISTRATION_ID_FORMAT']],
    ['TW', null, ['registrationId:REQUIRED']],
    ['TW', '', ['registrationId:REQUIRED']],
    ['tw', undefined, ['registrationId:REQUIRED']],
    ['BR', '12.345.678/0001-95', []],
    ['BR', '12345678000195', []],
    ['IN', '27aapfu0939f1zv', []],
    ['JP', '123456789012', ['registrationId:REGISTRATION_ID_FORMAT']],
    ['US', null, []],
    ['DE', 'anything', []],
  ])('%s %j', (country, value, expected) => {
    expect(codes(validateRegistrationId(country, value))).toEqual(expected);
  });

  it("accepts every rule's own example", () => {
    for (const [country, rule] of Object.entries(REGISTRATION_ID_RULES)) expect(validateRegistrationId(country, rule.example), country).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { checkPartnerIdAssociation, PARTNER_ID_PATTERN, type RegistryEntry } from './partner-id.ts';

const entry = (over: Partial<RegistryEntry> = {}): RegistryEntry => ({ partnerId: '1234567', country: 'TW', kind: 'LOCATION', active: true, associatedOrganizationId: null, ...over });
const org = { id: 'org-a', legalCountry: 'TW' };

describe('PARTNER_ID_PATTERN', () => {
  it.each([
    ['1', true],
    ['1234567', true],
    ['1234567890', true],
    ['12345678901', false],
    ['', false],
    ['12a4', false],
    [' 123', false],
    ['-123', false],
    ['1.5', false],
  ])('%j → %s', (value, ok) => expect(PARTNER_ID_PATTERN.test(value)).toBe(ok));
});

describe('checkPartnerIdAssociation', () => {
  it.each<[string, RegistryEntry | undefined, { id: string; legalCountry: string | null }, string | undefined]>([
    ['an active location ID of the legal country', entry(), org, undefined],
    ['an ID already held by the same organization', entry({ associatedOrganizationId: 'org-a' }), org, undefined],
    ['an unknown ID', undefined, org, 'PARTNER_ID_NOT_FOUND'],
    ['an inactive ID', entry({ active: false }), org, 'PARTNER_ID_INACTIVE'],
    ['a global ID', entry({ kind: 'GLOBAL' }), org, 'PARTNER_ID_NOT_LOCATION'],
    ['an ID of another country', entry({ country: 'DE' }), org, 'PARTNER_ID_COUNTRY_MISMATCH'],
    ['an ID held by another organization', entry({ associatedOrganizationId: 'org-b' }), org, 'PARTNER_ID_ALREADY_ASSOCIATED'],
    ['any ID before the legal country is known', entry(), { id: 'org-a', legalCountry: null }, 'PROFILE_INCOMPLETE'],
    // Order: the ID itself is checked before the organization's side.
    ['an inactive global ID of another country', entry({ active: false, kind: 'GLOBAL', country: 'DE' }), org, 'PARTNER_ID_INACTIVE'],
    ['a global ID of another country', entry({ kind: 'GLOBAL', country: 'DE' }), org, 'PARTNER_ID_NOT_LOCATION'],
    ['an unknown ID before the legal country is known', undefined, { id: 'org-a', legalCountry: null }, 'PARTNER_ID_NOT_FOUND'],
    ['an ID of another country held by another organization', entry({ country: 'DE', associatedOrganizationId: 'org-b' }), org, 'PARTNER_ID_COUNTRY_MISMATCH'],
  ])('%s', (_label, e, o, code) => {
    expect(checkPartnerIdAssociation(e, o)?.code).toBe(code);
  });

  it('explains the mismatch in details', () => {
    expect(checkPartnerIdAssociation(entry({ country: 'DE' }), org)?.details).toEqual({ partnerIdCountry: 'DE', legalCountry: 'TW' });
    expect(checkPartnerIdAssociation(entry({ kind: 'GLOBAL' }), org)?.details).toEqual({ kind: 'GLOBAL' });
    expect(checkPartnerIdAssociation(entry(), { id: 'org-a', legalCountry: null })?.details).toEqual({ missing: ['legalBusiness'] });
  });
});

import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import {
  MAX_DOCUMENT_BYTES,
  billingBody,
  fileProblems,
  issuesByPath,
  legalBody,
  legalFormFrom,
  marketOf,
  missingFromError,
  missingParts,
  normalizeIssuePath,
  onDomain,
  partnerIdFormatOk,
  serverIssues,
  validateBilling,
  validateLegal,
  validateSupport,
} from './form.ts';
import type { BillingForm, LegalForm } from './form.ts';

const taiwan: LegalForm = {
  ...legalFormFrom(null, { email: 'alice@contoso.example' }),
  companyName: '康拓索股份有限公司',
  country: 'TW',
  line1: '信義路五段7號',
  city: '台北市',
  postalCode: '110',
  registrationId: '12345678',
  firstName: 'Alice',
  lastName: 'Chen',
};

describe('legal business form', () => {
  it('accepts a complete Taiwanese company and derives the Taiwan market in TWD', () => {
    expect(validateLegal(taiwan, 'contoso.example')).toEqual([]);
    expect(marketOf('TW')?.market.id).toBe('taiwan');
    expect(marketOf('TW')?.country.currency).toBe('TWD');
  });

  it('requires the 統一編號 in Taiwan and checks its format', () => {
    const paths = (f: LegalForm) => validateLegal(f, 'contoso.example').map((i) => `${i.path}:${i.code}`);
    expect(paths({ ...taiwan, registrationId: '' })).toEqual(['registrationId:REQUIRED']);
    expect(paths({ ...taiwan, registrationId: '1234' })).toEqual(['registrationId:REGISTRATION_ID_FORMAT']);
  });

  it('requires a state in the United States and checks postal code formats', () => {
    const us = { ...taiwan, country: 'US', line1: '1 Main St', city: 'Redmond', state: '', postalCode: 'ABC', registrationId: '' };
    const byPath = issuesByPath(validateLegal(us, 'contoso.example'));
    expect(byPath['address.state']?.code).toBe('REQUIRED');
    expect(byPath['address.postalCode']?.code).toBe('POSTAL_CODE_FORMAT');
  });

  it('refuses a contact email on another domain, and accepts a subdomain', () => {
    expect(issuesByPath(validateLegal({ ...taiwan, email: 'a@fabrikam.example' }, 'contoso.example'))['primaryContact.email']?.code).toBe('CONTACT_DOMAIN_MISMATCH');
    expect(onDomain('a@tw.contoso.example', 'contoso.example')).toBe(true);
  });

  it('refuses a country outside every market', () => {
    expect(issuesByPath(validateLegal({ ...taiwan, country: 'ZZ' }, null))['address.country']?.code).toBe('COUNTRY_NOT_IN_PROGRAM');
  });

  it('sends trimmed values and leaves out empty optional fields', () => {
    const body = legalBody({ ...taiwan, companyName: ' Contoso ', line2: ' ', registrationId: '12345678' });
    expect(body.companyName).toBe('Contoso');
    expect(body.address).toEqual({ line1: '信義路五段7號', city: '台北市', country: 'TW', postalCode: '110' });
    expect(body.primaryContact).toEqual({ firstName: 'Alice', lastName: 'Chen', email: 'alice@contoso.example' });
  });
});

describe('billing form', () => {
  const de: BillingForm = { bankCountry: 'DE', holderName: 'Contoso GmbH', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', accountNumber: '', routingNumber: '', taxId: '' };

  it('uses IBAN and BIC for a German bank, and sends them without spaces', () => {
    expect(validateBilling(de)).toEqual([]);
    expect(billingBody(de).bankAccount).toEqual({ holderName: 'Contoso GmbH', bankCountry: 'DE', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' });
  });

  it('uses account and routing number for a Taiwanese bank', () => {
    const tw: BillingForm = { ...de, bankCountry: 'TW', iban: '', bic: '', accountNumber: '', routingNumber: '' };
    expect(validateBilling(tw).map((i) => i.path)).toEqual(['bankAccount.accountNumber', 'bankAccount.routingNumber']);
    expect(billingBody({ ...tw, accountNumber: '123456789012', routingNumber: '0040017' }).bankAccount).toEqual({
      holderName: 'Contoso GmbH',
      bankCountry: 'TW',
      accountNumber: '123456789012',
      routingNumber: '0040017',
    });
  });

  it('refuses an IBAN from another country than the bank', () => {
    expect(validateBilling({ ...de, bankCountry: 'FR' }).map((i) => i.code)).toContain('IBAN_COUNTRY_MISMATCH');
  });
});

describe('support form and partner ID', () => {
  it('checks email and website formats', () => {
    expect(validateSupport({ email: 'support@contoso.example', phone: '+886 2 1234 5678', website: 'https://contoso.example' })).toEqual([]);
    expect(validateSupport({ email: 'nope', phone: 'x', website: 'contoso' }).map((i) => i.code)).toEqual(['EMAIL_FORMAT', 'PHONE_FORMAT', 'URL_FORMAT']);
  });

  it('accepts numeric partner IDs only', () => {
    expect(partnerIdFormatOk('1234 567')).toBe(true);
    expect(partnerIdFormatOk('12a')).toBe(false);
    expect(partnerIdFormatOk('12345678901')).toBe(false);
  });
});

describe('server refusals', () => {
  it('maps details.issues onto form paths whatever the path style', () => {
    expect(normalizeIssuePath('/address/postalCode')).toBe('address.postalCode');
    expect(normalizeIssuePath('body.address.postalCode')).toBe('address.postalCode');
    expect(normalizeIssuePath(['primaryContact', 'email'])).toBe('primaryContact.email');
    const error = new ApiError(400, 'VALIDATION_FAILED', { details: { issues: [{ path: 'address.postalCode', code: 'POSTAL_CODE_FORMAT', message: 'bad' }] } });
    expect(serverIssues(error)).toEqual([{ path: 'address.postalCode', code: 'POSTAL_CODE_FORMAT', message: 'bad' }]);
  });

  it('reads the missing parts of PROFILE_INCOMPLETE in wizard order, whatever their spelling', () => {
    const error = new ApiError(422, 'PROFILE_INCOMPLETE', { details: { missing: ['partnerId', 'support', 'bogus', 'legalBusiness'] } });
    expect(missingFromError(error)).toEqual(['legalBusiness', 'supportProfile', 'partnerId']);
    expect(missingParts(['billing'])).toEqual(['billingProfile']);
  });
});

describe('documents for an information request', () => {
  it('accepts PDF, PNG and JPEG up to 10 MB, at most 5 files', () => {
    expect(fileProblems([{ name: 'a.pdf', size: 1000, type: 'application/pdf' }, { name: 'b.JPG', size: 10, type: '' }])).toEqual([]);
    expect(fileProblems([{ name: 'a.docx', size: 10, type: 'application/msword' }])).toEqual([{ key: 'wrongType', name: 'a.docx' }]);
    expect(fileProblems([{ name: 'big.png', size: MAX_DOCUMENT_BYTES + 1, type: 'image/png' }])).toEqual([{ key: 'tooLarge', name: 'big.png' }]);
    expect(fileProblems(Array.from({ length: 6 }, (_, i) => ({ name: `${i}.pdf`, size: 1, type: 'application/pdf' })))[0]).toEqual({ key: 'tooMany', name: '' });
  });
});

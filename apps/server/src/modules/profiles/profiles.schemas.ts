import { PARTNER_ID_PATTERN, PROFILE_PARTS } from '@csp-center/domain';
import { z } from 'zod';
import { Email, Timestamp } from '../../http/schemas.ts';
import { MarketRefSchema } from '../markets/index.ts';

const Text = (max: number) => z.string().trim().min(1).max(max);
/** Optional text: absent, null and '' all mean "none". */
const OptText = (max: number) => z.string().trim().max(max).nullish();
const Iso2 = z.string().trim().regex(/^[A-Za-z]{2}$/, 'Two-letter ISO 3166-1 country code');
const Phone = z.string().trim().max(30).regex(/^(\+?[\d\s().-]{4,30})?$/, 'Digits, spaces, ( ) . - and an optional leading +').nullish();

export const LegalBusinessBody = z.strictObject({
  companyName: Text(200),
  address: z.strictObject({ line1: Text(200), line2: OptText(200), city: Text(100), state: OptText(100), postalCode: OptText(20), country: Iso2 }),
  primaryContact: z.strictObject({ firstName: Text(100), lastName: Text(100), email: Email, phone: Phone }),
  registrationId: OptText(40),
});

export const SupportBody = z.strictObject({
  email: Email,
  phone: Phone,
  website: z.union([z.literal(''), z.url({ protocol: /^https?$/, message: 'An http(s) URL' }).max(300)]).nullish(),
});

export const BillingBody = z.strictObject({
  bankAccount: z.strictObject({
    holderName: Text(200),
    iban: OptText(50),
    bic: OptText(20),
    accountNumber: OptText(50),
    routingNumber: OptText(30),
    bankCountry: Iso2,
  }),
  taxId: OptText(40),
});

export const PartnerIdBody = z.strictObject({ partnerId: z.string().trim().regex(PARTNER_ID_PATTERN, 'A partner ID is 1 to 10 digits') });

const Versioned = { version: z.number().int().describe('Also sent as the ETag; send it back in If-Match'), updatedAt: Timestamp };

export const LegalBusinessProfile = z
  .object({
    companyName: z.string(),
    address: z.object({ line1: z.string(), line2: z.string().nullable(), city: z.string(), state: z.string().nullable(), postalCode: z.string().nullable(), country: z.string() }),
    primaryContact: z.object({ firstName: z.string(), lastName: z.string(), email: z.string(), phone: z.string().nullable() }),
    registrationId: z.string().nullable(),
    market: MarketRefSchema,
    billingCurrency: z.string(),
    marketPolicyVersion: z.string(),
    countryLocked: z.boolean(),
    countryLockedAt: Timestamp.nullable(),
    ...Versioned,
  })
  .meta({ id: 'LegalBusinessProfile' });

export const SupportProfile = z.object({ email: z.string(), phone: z.string().nullable(), website: z.string().nullable(), ...Versioned }).meta({ id: 'SupportProfile' });

export const BillingProfile = z
  .object({
    bankAccount: z.object({
      holderName: z.string().nullable().describe('null only when the stored value cannot be decrypted with the configured data key'),
      bankCountry: z.string(),
      masked: z.string().describe('The IBAN or account number with all but the last four characters hidden'),
      scheme: z.enum(['IBAN', 'ACCOUNT']),
    }),
    taxId: z.string().nullable(),
    billingCurrency: z.string().nullable().describe('From the legal country; null until the legal profile is saved'),
    market: MarketRefSchema.nullable(),
    ...Versioned,
  })
  .meta({ id: 'BillingProfile' });

export const ProfilePartnerId = z.object({ partnerId: z.string(), legalName: z.string(), country: z.string(), associatedAt: Timestamp }).meta({ id: 'ProfilePartnerId' });

export const ProfileSummary = z
  .object({
    legalBusiness: LegalBusinessProfile.nullable(),
    support: SupportProfile.nullable(),
    billing: BillingProfile.nullable().describe('null also for roles that may not read billing data'),
    partnerId: ProfilePartnerId.nullable(),
    market: z.object({ id: z.string(), name: z.string(), currency: z.string() }).nullable(),
    missing: z.array(z.enum(PROFILE_PARTS)),
    countryLocked: z.boolean(),
  })
  .meta({ id: 'ProfileSummary' });

export const IfMatchHeaders = z.looseObject({ 'if-match': z.string().max(200).optional().describe('The ETag of the version you edited; a stale one is refused with 412') });

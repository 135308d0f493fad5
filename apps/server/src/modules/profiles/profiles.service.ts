import {
  authorize,
  can,
  DomainError,
  emailDomain,
  maskAccount,
  normalizeEmail,
  profileMissing,
  usesIban,
  validateAddress,
  validateBankAccount,
  validateRegistrationId,
  type Actor,
  type FieldIssue,
  type ProfilePart,
} from '@csp-center/domain';
import type { Db } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { DataKeyError, type DataCipher } from '../../lib/data-key.ts';
import { canonicalJson, recordAudit, type AuditContext } from '../audit/index.ts';
import { marketRef, resolveMarket, type MarketRef } from '../markets/index.ts';
import { getOrganization, renameOrganization } from '../organizations/index.ts';
import { associatePartnerId, findPartnerIdOfOrganization, releasePartnerIdOutsideCountry, type AssociatedPartnerId } from '../partner-ids/index.ts';
import {
  findBillingProfile,
  findLegalProfile,
  findProfileStatusRow,
  findSupportProfile,
  lockBillingProfile,
  lockLegalProfile,
  lockSupportProfile,
  updateLegalCountryLocked,
  type BillingRow,
  type LegalRow,
  type SupportRow,
  writeProfilePart,
  type ProfilePartTable,
} from './profiles.repository.ts';

/**
 * The partner profile (product.md capability 2): legal business, support and billing profiles of
 * the caller's organization, and its partner ID (capability 3, through the partner-ids module).
 *
 * Every part is a versioned resource: reads carry `ETag: "<version>"`, writes accept `If-Match`
 * and update with the version in the WHERE clause, so of two writers holding the same version
 * only one wins. Every change is audited in its own transaction; bank details are encrypted at
 * rest (deps.crypto) and only masked values ever leave this module or reach the audit log.
 */

// ---------------------------------------------------------------------------------------------
// ETags

/** The entity tag of a versioned profile part. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Checks an `If-Match` header against the stored version (undefined: nothing stored yet).
 * Absent header: no precondition. `*` needs the resource to exist; otherwise one of the listed
 * tags (weak or strong, quoted or bare) must name the current version. Raises
 * PRECONDITION_FAILED.
 */
export function assertIfMatch(ifMatch: string | undefined, current: number | undefined): void {
  if (ifMatch === undefined) return;
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'));
  const ok = current !== undefined && tags.some((t) => t === '*' || t === String(current));
  if (!ok) {
    throw new DomainError('PRECONDITION_FAILED', current === undefined ? 'Nothing is stored yet, so If-Match cannot match.' : `The profile changed since you read it (now version ${current}); reload it and try again.`, { currentVersion: current ?? null });
  }
}

function validationFailed(issues: FieldIssue[]): DomainError {
  return new DomainError('VALIDATION_FAILED', issues.map((i) => i.message).join('; '), { issues });
}

/** Empty optional text is stored as null, so '' and an absent field mean the same. */
function opt(v: string | null | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}

/** The fields that differ, as `{ field: { from, to } }` (for audit events). */
function changesBetween<T extends Record<string, unknown>>(before: T | undefined, after: T): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of Object.keys(after)) {
    const from = before?.[k] ?? null;
    if (canonicalJson(from) !== canonicalJson(after[k])) out[k] = { from, to: after[k] };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Legal business profile

export interface AddressValue {
  line1: string;
  line2: string | null;
  city: string;
  state: string | null;
  postalCode: string | null;
  country: string;
}
export interface ContactValue {
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
}

export interface LegalBusinessInput {
  companyName: string;
  address: { line1: string; line2?: string | null; city: string; state?: string | null; postalCode?: string | null; country: string };
  primaryContact: { firstName: string; lastName: string; email: string; phone?: string | null };
  registrationId?: string | null;
}

export interface LegalBusinessView {
  companyName: string;
  address: AddressValue;
  primaryContact: ContactValue;
  registrationId: string | null;
  market: MarketRef;
  billingCurrency: string;
  marketPolicyVersion: string;
  countryLocked: boolean;
  countryLockedAt: string | null;
  version: number;
  updatedAt: string;
}

function legalView(r: LegalRow): LegalBusinessView {
  const a = r.address as AddressValue;
  const c = r.primaryContact as ContactValue;
  return {
    companyName: r.companyName,
    address: { line1: a.line1, line2: a.line2 ?? null, city: a.city, state: a.state ?? null, postalCode: a.postalCode ?? null, country: r.country },
    primaryContact: { firstName: c.firstName, lastName: c.lastName, email: c.email, phone: c.phone ?? null },
    registrationId: r.registrationId,
    market: marketRef(r.marketId, r.marketPolicyVersion),
    billingCurrency: r.currency,
    marketPolicyVersion: r.marketPolicyVersion,
    countryLocked: r.countryLockedAt !== null,
    countryLockedAt: r.countryLockedAt?.toISOString() ?? null,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * Saves a profile part's next version. Raises PRECONDITION_FAILED when someone updated it since
 * it was read, CONFLICT when someone created it at the same moment.
 */
async function writePart<T extends ProfilePartTable>(trx: Db, table: T, organizationId: string, currentVersion: number | undefined, row: Parameters<typeof writeProfilePart<T>>[4], what: string): Promise<void> {
  if (await writeProfilePart(trx, table, organizationId, currentVersion, row)) return;
  if (currentVersion !== undefined) throw new DomainError('PRECONDITION_FAILED');
  throw new DomainError('CONFLICT', `The ${what} was created by someone else at the same moment; reload it.`);
}

/** The organization's legal business profile. Raises NOT_FOUND when none is saved yet. */
export async function getLegalBusinessProfile(deps: Deps, actor: Actor): Promise<LegalBusinessView> {
  authorize(actor, 'profile.read');
  const row = await findLegalProfile(deps.db, actor.organizationId!);
  if (!row) throw new DomainError('NOT_FOUND', 'No legal business profile yet.');
  return legalView(row);
}

/**
 * Creates or replaces the legal business profile. The legal country fixes market, billing currency
 * and market policy version (the policy in force now). The primary contact's email must be on the
 * organization's domain (the employment check). Changing the country releases a partner ID of the
 * old country. An unchanged body changes nothing (same version, no audit event).
 * Raises PRECONDITION_FAILED (stale If-Match), LEGAL_COUNTRY_LOCKED (country change after
 * submission), COUNTRY_NOT_IN_PROGRAM, VALIDATION_FAILED (`details.issues`: address and
 * registration ID per country, CONTACT_DOMAIN_MISMATCH), CONFLICT (created concurrently).
 */
export async function saveLegalBusinessProfile(deps: Deps, actor: Actor, ctx: AuditContext, input: LegalBusinessInput, ifMatch?: string): Promise<LegalBusinessView> {
  authorize(actor, 'profile.write');
  const organizationId = actor.organizationId!;
  const now = deps.clock.now();
  const country = input.address.country.trim().toUpperCase();
  return deps.db.transaction().execute(async (trx) => {
    const org = await getOrganization(trx, organizationId);
    const current = await lockLegalProfile(trx, organizationId);
    assertIfMatch(ifMatch, current?.version);
    if (current?.countryLockedAt && current.country !== country) {
      throw new DomainError('LEGAL_COUNTRY_LOCKED', `The legal country is ${current.country} since the profile was submitted; it can no longer change.`, { country: current.country, lockedAt: current.countryLockedAt.toISOString() });
    }
    const derived = resolveMarket(country, now);

    const address: AddressValue = { line1: input.address.line1.trim(), line2: opt(input.address.line2), city: input.address.city.trim(), state: opt(input.address.state), postalCode: opt(input.address.postalCode), country };
    const primaryContact: ContactValue = { firstName: input.primaryContact.firstName.trim(), lastName: input.primaryContact.lastName.trim(), email: normalizeEmail(input.primaryContact.email), phone: opt(input.primaryContact.phone) };
    const registrationId = opt(input.registrationId)?.toUpperCase() ?? null;
    const issues: FieldIssue[] = [...validateAddress(address, 'body.address'), ...validateRegistrationId(country, registrationId, 'body.registrationId')];
    if (emailDomain(primaryContact.email) !== org.domain) {
      issues.push({ path: 'body.primaryContact.email', code: 'CONTACT_DOMAIN_MISMATCH', message: `The primary contact must use an address on ${org.domain}` });
    }
    if (issues.length) throw validationFailed(issues);

    const values = { companyName: input.companyName.trim(), address, country, primaryContact, registrationId, marketId: derived.market.id, currency: derived.currency, marketPolicyVersion: derived.policyVersion };
    const before = current && { companyName: current.companyName, address: current.address, country: current.country, primaryContact: current.primaryContact, registrationId: current.registrationId, marketId: current.marketId, currency: current.currency, marketPolicyVersion: current.marketPolicyVersion };
    const changes = changesBetween(before, values);
    if (current && Object.keys(changes).length === 0) return legalView(current);

    const row = { ...values, address: JSON.stringify(address), primaryContact: JSON.stringify(primaryContact), updatedAt: now, updatedBy: actor.userId };
    await writePart(trx, 'legalBusinessProfile', organizationId, current?.version, row, 'legal business profile');
    const version = (current?.version ?? 0) + 1;
    // Registry rows are locked before the audit chain's lock (as every writer does), never after.
    const released = current && current.country !== country ? await releasePartnerIdOutsideCountry(trx, ctx, organizationId, country, now) : undefined;
    await renameOrganization(trx, ctx, organizationId, values.companyName, now);
    await recordAudit(trx, ctx, { action: current ? 'LEGAL_PROFILE_UPDATED' : 'LEGAL_PROFILE_CREATED', subjectType: 'legal_business_profile', subjectId: organizationId, data: { version, changes, ...(released ? { releasedPartnerId: released } : {}) } }, now);
    return legalView({ organizationId, ...values, countryLockedAt: current?.countryLockedAt ?? null, version, updatedAt: now, updatedBy: actor.userId });
  });
}

/**
 * Fixes the legal country from now on (the enrollments module calls it when the first enrollment
 * is submitted, inside that transaction). Idempotent: an earlier lock time is kept. Lock rows
 * before recording audit events in the calling transaction (the audit chain lock is global).
 * Returns the lock time, or null when the organization has no legal profile (nothing to lock).
 */
export async function lockLegalCountry(trx: Db, organizationId: string, now: Date, ctx?: AuditContext): Promise<Date | null> {
  const r = await updateLegalCountryLocked(trx, organizationId, now);
  if (!r?.countryLockedAt) return null;
  if (ctx && r.countryLockedAt.getTime() === now.getTime()) await recordLegalCountryFixed(trx, ctx, organizationId, r.country, now);
  return r.countryLockedAt;
}

/**
 * The audit event of lockLegalCountry, for a caller that locked without a context (so that the
 * audit chain's lock is taken later, at the end of its transaction) and whose lock time is `now`.
 */
export async function recordLegalCountryFixed(trx: Db, ctx: AuditContext, organizationId: string, country: string, now: Date): Promise<void> {
  await recordAudit(trx, ctx, { action: 'LEGAL_COUNTRY_FIXED', subjectType: 'legal_business_profile', subjectId: organizationId, organizationId, data: { country } }, now);
}

// ---------------------------------------------------------------------------------------------
// Support profile

export interface SupportInput {
  email: string;
  phone?: string | null;
  website?: string | null;
}
export interface SupportView {
  email: string;
  phone: string | null;
  website: string | null;
  version: number;
  updatedAt: string;
}

function supportView(r: Pick<SupportRow, 'email' | 'phone' | 'website' | 'version' | 'updatedAt'>): SupportView {
  return { email: r.email, phone: r.phone, website: r.website, version: r.version, updatedAt: r.updatedAt.toISOString() };
}

/** The organization's support profile. Raises NOT_FOUND when none is saved yet. */
export async function getSupportProfile(deps: Deps, actor: Actor): Promise<SupportView> {
  authorize(actor, 'profile.read');
  const row = await findSupportProfile(deps.db, actor.organizationId!);
  if (!row) throw new DomainError('NOT_FOUND', 'No support profile yet.');
  return supportView(row);
}

/**
 * Creates or replaces the support profile (how customers reach the partner's first-level support).
 * Raises PRECONDITION_FAILED (stale If-Match), CONFLICT (created concurrently).
 */
export async function saveSupportProfile(deps: Deps, actor: Actor, ctx: AuditContext, input: SupportInput, ifMatch?: string): Promise<SupportView> {
  authorize(actor, 'profile.write');
  const organizationId = actor.organizationId!;
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const current = await lockSupportProfile(trx, organizationId);
    assertIfMatch(ifMatch, current?.version);
    const values = { email: normalizeEmail(input.email), phone: opt(input.phone), website: opt(input.website) };
    const changes = changesBetween(current && { email: current.email, phone: current.phone, website: current.website }, values);
    if (current && Object.keys(changes).length === 0) return supportView(current);
    const row = { ...values, updatedAt: now, updatedBy: actor.userId };
    await writePart(trx, 'supportProfile', organizationId, current?.version, row, 'support profile');
    const version = (current?.version ?? 0) + 1;
    await recordAudit(trx, ctx, { action: current ? 'SUPPORT_PROFILE_UPDATED' : 'SUPPORT_PROFILE_CREATED', subjectType: 'support_profile', subjectId: organizationId, data: { version, changes } }, now);
    return supportView({ ...values, version, updatedAt: now });
  });
}

// ---------------------------------------------------------------------------------------------
// Billing profile (bank details encrypted at rest)

export interface BillingInput {
  bankAccount: { holderName: string; iban?: string | null; bic?: string | null; accountNumber?: string | null; routingNumber?: string | null; bankCountry: string };
  taxId?: string | null;
}

export interface BillingView {
  /** holderName is null only when the stored value cannot be decrypted (the data key changed). */
  bankAccount: { holderName: string | null; bankCountry: string; masked: string; scheme: 'IBAN' | 'ACCOUNT' };
  taxId: string | null;
  billingCurrency: string | null;
  market: MarketRef | null;
  version: number;
  updatedAt: string;
}

type BankField = 'holderName' | 'iban' | 'bic' | 'accountNumber' | 'routingNumber';
/** Binds each ciphertext to its organization and column, so none can be moved to another row. */
const encContext = (organizationId: string, field: BankField) => `billing_profile:${organizationId}:${field}`;

function schemeOf(r: Pick<BillingRow, 'ibanEnc'>): 'IBAN' | 'ACCOUNT' {
  return r.ibanEnc ? 'IBAN' : 'ACCOUNT';
}

function billingView(r: BillingRow, holderName: string | null, legal: LegalRow | undefined): BillingView {
  return {
    bankAccount: { holderName, bankCountry: r.bankCountry, masked: r.masked, scheme: schemeOf(r) },
    taxId: r.taxId,
    billingCurrency: legal?.currency ?? null,
    market: legal ? marketRef(legal.marketId, legal.marketPolicyVersion) : null,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * The account holder's name, or null when the stored value cannot be decrypted: a changed data
 * key must not take the whole profile down; saving the bank details again re-encrypts them.
 */
function holderNameOf(cipher: DataCipher, r: BillingRow, log?: Deps['log']): string | null {
  try {
    return cipher.decrypt(r.holderNameEnc, encContext(r.organizationId, 'holderName'));
  } catch (e) {
    if (!(e instanceof DataKeyError)) throw e;
    log?.error({ organizationId: r.organizationId, keyId: r.keyId, err: e }, 'billing profile cannot be decrypted with the configured data key');
    return null;
  }
}

/** The plaintext bank fields of a stored row, or undefined when they cannot be decrypted (another key). */
function decryptBank(cipher: DataCipher, r: BillingRow): Record<BankField, string | null> | undefined {
  const dec = (field: BankField, v: string | null) => (v === null ? null : cipher.decrypt(v, encContext(r.organizationId, field)));
  try {
    return { holderName: dec('holderName', r.holderNameEnc), iban: dec('iban', r.ibanEnc), bic: dec('bic', r.bicEnc), accountNumber: dec('accountNumber', r.accountNumberEnc), routingNumber: dec('routingNumber', r.routingNumberEnc) };
  } catch (e) {
    if (e instanceof DataKeyError) return undefined;
    throw e;
  }
}

/** The billing profile with the bank account masked. Raises NOT_FOUND when none is saved yet. */
export async function getBillingProfile(deps: Deps, actor: Actor): Promise<BillingView> {
  authorize(actor, 'profile.billing.read');
  const row = await findBillingProfile(deps.db, actor.organizationId!);
  if (!row) throw new DomainError('NOT_FOUND', 'No billing profile yet.');
  const legal = await findLegalProfile(deps.db, actor.organizationId!);
  return billingView(row, holderNameOf(deps.crypto, row, deps.log), legal);
}

/**
 * Creates or replaces the billing profile. Bank details are validated per bank country (IBAN + BIC
 * where banks use IBAN, else account and routing number), stored encrypted, and answered masked;
 * the audit event records only masks. Billing currency and market come from the legal profile.
 * Raises PRECONDITION_FAILED (stale If-Match), VALIDATION_FAILED (`details.issues`: IBAN_INVALID,
 * IBAN_COUNTRY_MISMATCH, BIC_INVALID, REQUIRED, …), CONFLICT (created concurrently).
 */
export async function saveBillingProfile(deps: Deps, actor: Actor, ctx: AuditContext, input: BillingInput, ifMatch?: string): Promise<BillingView> {
  authorize(actor, 'profile.billing.write');
  const organizationId = actor.organizationId!;
  const now = deps.clock.now();
  const b = input.bankAccount;
  const bankCountry = b.bankCountry.trim().toUpperCase();
  const compact = (v: string | null | undefined) => opt(v)?.replace(/[\s-]/g, '').toUpperCase() ?? null;
  const issues = validateBankAccount({ ...b, bankCountry }, 'body.bankAccount');
  if (issues.length) throw validationFailed(issues);
  const iban = usesIban(bankCountry);
  // Only the fields of the country's scheme are kept: nothing unvalidated is stored.
  const plain: Record<BankField, string | null> = {
    holderName: b.holderName.trim(),
    iban: iban ? compact(b.iban) : null,
    bic: iban ? compact(b.bic) : null,
    accountNumber: iban ? null : compact(b.accountNumber),
    routingNumber: iban ? null : compact(b.routingNumber),
  };
  const masked = maskAccount((iban ? plain.iban : plain.accountNumber) ?? '');
  const taxId = opt(input.taxId);

  return deps.db.transaction().execute(async (trx) => {
    const current = await lockBillingProfile(trx, organizationId);
    assertIfMatch(ifMatch, current?.version);
    const legal = await findLegalProfile(trx, organizationId);
    const old = current && decryptBank(deps.crypto, current);
    if (current && old && current.bankCountry === bankCountry && current.taxId === taxId && canonicalJson(old) === canonicalJson(plain)) {
      return billingView(current, plain.holderName, legal);
    }
    const enc = (field: BankField) => (plain[field] === null ? null : deps.crypto.encrypt(plain[field]!, encContext(organizationId, field)));
    const row = {
      holderNameEnc: enc('holderName')!,
      bankCountry,
      ibanEnc: enc('iban'),
      bicEnc: enc('bic'),
      accountNumberEnc: enc('accountNumber'),
      routingNumberEnc: enc('routingNumber'),
      masked,
      taxId,
      keyId: deps.crypto.keyId,
      updatedAt: now,
      updatedBy: actor.userId,
    };
    await writePart(trx, 'billingProfile', organizationId, current?.version, row, 'billing profile');
    const version = (current?.version ?? 0) + 1;
    const changed = (f: BankField) => !old || old[f] !== plain[f];
    await recordAudit(trx, ctx, {
      action: current ? 'BILLING_PROFILE_UPDATED' : 'BILLING_PROFILE_CREATED',
      subjectType: 'billing_profile',
      subjectId: organizationId,
      // Masks and flags only: the audit log must never hold bank data in plaintext.
      data: {
        version,
        scheme: iban ? 'IBAN' : 'ACCOUNT',
        bankCountry: { from: current?.bankCountry ?? null, to: bankCountry },
        masked: { from: current?.masked ?? null, to: masked },
        holderNameChanged: changed('holderName'),
        bicChanged: changed('bic'),
        routingNumberChanged: changed('routingNumber'),
        taxIdChanged: (current?.taxId ?? null) !== taxId,
        keyId: deps.crypto.keyId,
      },
    }, now);
    return billingView({ organizationId, ...row, version }, plain.holderName, legal);
  });
}

// ---------------------------------------------------------------------------------------------
// Partner ID

export interface PartnerIdView {
  partnerId: string;
  legalName: string;
  country: string;
  associatedAt: string;
}

function partnerIdView(p: AssociatedPartnerId): PartnerIdView {
  return { partnerId: p.partnerId, legalName: p.legalName, country: p.country, associatedAt: p.associatedAt.toISOString() };
}

/** The partner ID associated with the organization. Raises NOT_FOUND when there is none. */
export async function getProfilePartnerId(deps: Deps, actor: Actor): Promise<PartnerIdView> {
  authorize(actor, 'profile.read');
  const p = await findPartnerIdOfOrganization(deps.db, actor.organizationId!);
  if (!p) throw new DomainError('NOT_FOUND', 'No partner ID associated yet.');
  return partnerIdView(p);
}

/**
 * Associates a partner ID from the program's registry with the organization (replacing the one it
 * had). The legal profile row is locked first, so the legal country cannot change meanwhile.
 * Raises PARTNER_ID_NOT_FOUND, PARTNER_ID_INACTIVE, PARTNER_ID_NOT_LOCATION, PROFILE_INCOMPLETE
 * (no legal profile yet), PARTNER_ID_COUNTRY_MISMATCH, PARTNER_ID_ALREADY_ASSOCIATED.
 */
export async function setProfilePartnerId(deps: Deps, actor: Actor, ctx: AuditContext, partnerId: string): Promise<PartnerIdView> {
  authorize(actor, 'partnerId.associate');
  const organizationId = actor.organizationId!;
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const legal = await lockLegalProfile(trx, organizationId);
    return partnerIdView(await associatePartnerId(trx, ctx, { organizationId, legalCountry: legal?.country ?? null, partnerId }, now));
  });
}

// ---------------------------------------------------------------------------------------------
// Summary, status and review (read by other modules)

/** What the enrollments and verification modules need to know about a profile. */
export interface ProfileStatus {
  legalCountry: string | null;
  countryLocked: boolean;
  companyName: string | null;
  primaryContactEmail: string | null;
  partnerId: string | null;
  market: { id: string; name: string; currency: string } | null;
  /** Parts still missing before an enrollment can be submitted (empty when complete). */
  missing: ProfilePart[];
}

async function loadParts(db: Db, organizationId: string) {
  const [legal, support, billing, partnerId] = await Promise.all([
    findLegalProfile(db, organizationId),
    findSupportProfile(db, organizationId),
    findBillingProfile(db, organizationId),
    findPartnerIdOfOrganization(db, organizationId),
  ]);
  const missing = profileMissing({ legalBusiness: Boolean(legal), supportProfile: Boolean(support), billingProfile: Boolean(billing), partnerId: Boolean(partnerId) });
  const market = legal ? { ...marketRef(legal.marketId, legal.marketPolicyVersion), currency: legal.currency } : null;
  return { legal, support, billing, partnerId, missing, market };
}

/**
 * The profile's state for other modules: legal country and its lock, company name, primary
 * contact, partner ID, market, and the parts still missing (PROFILE_INCOMPLETE carries them).
 */
export async function getProfileStatus(db: Db, organizationId: string): Promise<ProfileStatus> {
  // One statement (it runs several times per enrollment): the same result as loadParts gives.
  const r = await findProfileStatusRow(db, organizationId);
  const legal = r.hasLegal ? r : undefined;
  const missing = profileMissing({ legalBusiness: r.hasLegal, supportProfile: r.hasSupport, billingProfile: r.hasBilling, partnerId: r.partnerId !== null });
  return {
    legalCountry: legal?.country ?? null,
    countryLocked: Boolean(legal?.countryLockedAt),
    companyName: legal?.companyName ?? null,
    primaryContactEmail: (legal?.primaryContact as ContactValue | undefined)?.email ?? null,
    partnerId: r.partnerId,
    market: legal ? { ...marketRef(legal.marketId!, legal.marketPolicyVersion!), currency: legal.currency! } : null,
    missing,
  };
}

/**
 * The whole profile as program staff review it (verification case page): legal, support, billing
 * with the account masked, partner ID. The bank holder name is decrypted only when `cipher` is
 * given (null otherwise); account numbers are never returned.
 */
export async function getProfileForReview(db: Db, organizationId: string, cipher?: DataCipher) {
  const p = await loadParts(db, organizationId);
  const billing = p.billing ? billingView(p.billing, cipher ? holderNameOf(cipher, p.billing) : null, p.legal) : null;
  return {
    legalBusiness: p.legal ? legalView(p.legal) : null,
    support: p.support ? supportView(p.support) : null,
    billing,
    partnerId: p.partnerId ? partnerIdView(p.partnerId) : null,
  };
}

/**
 * The caller's whole profile in one read (the profile page): every part saved so far, market,
 * missing parts, country lock. Billing is included only for roles that may read it.
 */
export async function getProfileSummary(deps: Deps, actor: Actor) {
  authorize(actor, 'profile.read');
  const organizationId = actor.organizationId!;
  const p = await loadParts(deps.db, organizationId);
  const billing = p.billing && can(actor, 'profile.billing.read') ? billingView(p.billing, holderNameOf(deps.crypto, p.billing, deps.log), p.legal) : null;
  return {
    legalBusiness: p.legal ? legalView(p.legal) : null,
    support: p.support ? supportView(p.support) : null,
    billing,
    partnerId: p.partnerId ? partnerIdView(p.partnerId) : null,
    market: p.market,
    missing: p.missing,
    countryLocked: Boolean(p.legal?.countryLockedAt),
  };
}

import type { Refusal } from './machine.ts';

/** Kinds of partner-network IDs: one per business location, or the global (headquarters) one. */
export const PARTNER_ID_KINDS = ['LOCATION', 'GLOBAL'] as const;
export type PartnerIdKind = (typeof PARTNER_ID_KINDS)[number];

export interface RegistryEntry {
  partnerId: string;
  country: string;
  kind: PartnerIdKind;
  active: boolean;
  /** The organization it is associated with, if any. */
  associatedOrganizationId: string | null;
}

/** Partner IDs are numeric (the seed's MPN ID), 1–10 digits. */
export const PARTNER_ID_PATTERN = /^\d{1,10}$/;

/**
 * Decides whether an organization may associate a partner ID (product.md capability 3): present,
 * active, a location ID, in the organization's legal country, not associated elsewhere. Each
 * refusal has its own code.
 */
export function checkPartnerIdAssociation(entry: RegistryEntry | undefined, org: { id: string; legalCountry: string | null }): Refusal | undefined {
  if (!entry) return { code: 'PARTNER_ID_NOT_FOUND' };
  if (!entry.active) return { code: 'PARTNER_ID_INACTIVE' };
  if (entry.kind !== 'LOCATION') return { code: 'PARTNER_ID_NOT_LOCATION', details: { kind: entry.kind } };
  if (!org.legalCountry) return { code: 'PROFILE_INCOMPLETE', details: { missing: ['legalBusiness'] } };
  if (entry.country !== org.legalCountry) return { code: 'PARTNER_ID_COUNTRY_MISMATCH', details: { partnerIdCountry: entry.country, legalCountry: org.legalCountry } };
  if (entry.associatedOrganizationId && entry.associatedOrganizationId !== org.id) return { code: 'PARTNER_ID_ALREADY_ASSOCIATED' };
  return undefined;
}

import type { TransitionTable } from './machine.ts';
import type { Actor } from './roles.ts';

/** Programs a partner can enroll in. */
export const PROGRAMS = ['INDIRECT_RESELLER', 'DIRECT_BILL'] as const;
export type Program = (typeof PROGRAMS)[number];

/**
 * Indirect reseller enrollment (api.md): DRAFT → SUBMITTED ⇄ INFORMATION_REQUESTED → QUALIFIED →
 * ACTIVE, or REJECTED. The direct bill states are listed for the API contract; their machine
 * comes with the direct bill milestone.
 */
export const ENROLLMENT_STATES = [
  'DRAFT',
  'SUBMITTED',
  'INFORMATION_REQUESTED',
  'QUALIFIED',
  'ACTIVE',
  'REJECTED',
  'RESTRICTED',
  'ELIGIBILITY_REVIEW',
  'NOT_ELIGIBLE',
  'CREDIT_REVIEW',
  'CREDIT_FAILED',
  'SUPPORT_PLAN_REQUIRED',
] as const;
export type EnrollmentState = (typeof ENROLLMENT_STATES)[number];

export const ENROLLMENT_ACTIONS = ['SUBMIT', 'REQUEST_INFORMATION', 'RESPOND', 'APPROVE', 'REJECT', 'ACCEPT_AGREEMENT'] as const;
export type EnrollmentAction = (typeof ENROLLMENT_ACTIONS)[number];

/** What the enrollment guards look at; the service loads it before deciding. */
export interface EnrollmentContext {
  actor: Pick<Actor, 'roles'>;
  /** Missing profile parts (empty when complete): see profileMissing(). */
  missing: readonly string[];
}

const isPartnerManager = (ctx: EnrollmentContext) =>
  ctx.actor.roles.some((r) => r === 'global_admin' || r === 'account_admin') ? undefined : { code: 'FORBIDDEN' as const };
const isGlobalAdmin = (ctx: EnrollmentContext) =>
  ctx.actor.roles.includes('global_admin') ? undefined : { code: 'AGREEMENT_SIGNER_NOT_AUTHORIZED' as const };
const isVerifier = (ctx: EnrollmentContext) =>
  ctx.actor.roles.some((r) => r === 'verifier' || r === 'program_admin') ? undefined : { code: 'FORBIDDEN' as const };
const profileComplete = (ctx: EnrollmentContext) =>
  ctx.missing.length === 0 ? undefined : { code: 'PROFILE_INCOMPLETE' as const, details: { missing: [...ctx.missing] } };

/** The indirect reseller enrollment machine. Staff actions mirror the verification case. */
export const INDIRECT_ENROLLMENT: TransitionTable<EnrollmentState, EnrollmentAction, EnrollmentContext> = {
  SUBMIT: { from: ['DRAFT'], to: 'SUBMITTED', guards: [isPartnerManager, profileComplete] },
  REQUEST_INFORMATION: { from: ['SUBMITTED'], to: 'INFORMATION_REQUESTED', guards: [isVerifier] },
  RESPOND: { from: ['INFORMATION_REQUESTED'], to: 'SUBMITTED', guards: [isPartnerManager] },
  APPROVE: { from: ['SUBMITTED'], to: 'QUALIFIED', guards: [isVerifier] },
  REJECT: { from: ['SUBMITTED', 'INFORMATION_REQUESTED'], to: 'REJECTED', guards: [isVerifier] },
  ACCEPT_AGREEMENT: { from: ['QUALIFIED'], to: 'ACTIVE', guards: [isGlobalAdmin] },
};

/** States an indirect enrollment can be in (the rest belong to direct bill). */
export const INDIRECT_STATES: readonly EnrollmentState[] = ['DRAFT', 'SUBMITTED', 'INFORMATION_REQUESTED', 'QUALIFIED', 'ACTIVE', 'REJECTED'];
/** States that end the journey. */
export const TERMINAL_ENROLLMENT_STATES: readonly EnrollmentState[] = ['ACTIVE', 'REJECTED'];

/** Verification case (api.md): OPEN → IN_REVIEW ⇄ INFORMATION_REQUESTED → APPROVED | REJECTED. */
export const VERIFICATION_STATES = ['OPEN', 'IN_REVIEW', 'INFORMATION_REQUESTED', 'APPROVED', 'REJECTED'] as const;
export type VerificationState = (typeof VERIFICATION_STATES)[number];
export const VERIFICATION_ACTIONS = ['CLAIM', 'REQUEST_INFORMATION', 'RESPOND', 'APPROVE', 'REJECT'] as const;
export type VerificationAction = (typeof VERIFICATION_ACTIONS)[number];

export interface VerificationContext {
  actor: Pick<Actor, 'userId' | 'roles'>;
  /** The verifier who claimed the case, if any. */
  assigneeId: string | null;
}

const isStaffVerifier = (ctx: VerificationContext) =>
  ctx.actor.roles.some((r) => r === 'verifier' || r === 'program_admin') ? undefined : { code: 'FORBIDDEN' as const };
const isAssignee = (ctx: VerificationContext) =>
  ctx.assigneeId === ctx.actor.userId ? undefined : { code: 'CASE_NOT_ASSIGNED_TO_YOU' as const, details: { assigneeId: ctx.assigneeId } };
const isUnclaimedOrMine = (ctx: VerificationContext) =>
  ctx.assigneeId === null || ctx.assigneeId === ctx.actor.userId ? undefined : { code: 'CASE_ALREADY_CLAIMED' as const, details: { assigneeId: ctx.assigneeId } };
const isPartnerResponder = (ctx: VerificationContext) =>
  ctx.actor.roles.some((r) => r === 'global_admin' || r === 'account_admin') ? undefined : { code: 'FORBIDDEN' as const };

export const VERIFICATION_CASE: TransitionTable<VerificationState, VerificationAction, VerificationContext> = {
  // Claiming again while in review hands nothing over: only an unclaimed case (or your own) can be claimed.
  // Not while information is requested: the case waits for the partner, and moving it back to
  // IN_REVIEW would leave the enrollment (still INFORMATION_REQUESTED) and the open request behind.
  CLAIM: { from: ['OPEN', 'IN_REVIEW'], to: 'IN_REVIEW', guards: [isStaffVerifier, isUnclaimedOrMine] },
  REQUEST_INFORMATION: { from: ['IN_REVIEW'], to: 'INFORMATION_REQUESTED', guards: [isStaffVerifier, isAssignee] },
  RESPOND: { from: ['INFORMATION_REQUESTED'], to: 'IN_REVIEW', guards: [isPartnerResponder] },
  APPROVE: { from: ['IN_REVIEW'], to: 'APPROVED', guards: [isStaffVerifier, isAssignee] },
  REJECT: { from: ['IN_REVIEW', 'INFORMATION_REQUESTED'], to: 'REJECTED', guards: [isStaffVerifier, isAssignee] },
};
export const TERMINAL_VERIFICATION_STATES: readonly VerificationState[] = ['APPROVED', 'REJECTED'];

/** Reason codes a verifier gives when rejecting (labels in the i18n catalogs). */
export const REJECTION_REASONS = ['BUSINESS_NOT_VERIFIED', 'DOCUMENTS_INSUFFICIENT', 'PARTNER_ID_MISMATCH', 'NOT_AUTHORIZED_CONTACT', 'DUPLICATE_ENROLLMENT', 'SANCTIONED_OR_RESTRICTED', 'OTHER'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Kinds of information a verifier can request. */
export const INFORMATION_KINDS = ['BUSINESS_REGISTRATION', 'PROOF_OF_ADDRESS', 'EMPLOYMENT', 'PARTNER_ID', 'OTHER'] as const;
export type InformationKind = (typeof INFORMATION_KINDS)[number];

/** Parts of the partner profile an indirect enrollment needs before it can be submitted. */
export const PROFILE_PARTS = ['legalBusiness', 'supportProfile', 'billingProfile', 'partnerId'] as const;
export type ProfilePart = (typeof PROFILE_PARTS)[number];

/** Lists the missing parts (empty when the profile is complete); PROFILE_INCOMPLETE carries it. */
export function profileMissing(p: Record<ProfilePart, boolean>): ProfilePart[] {
  return PROFILE_PARTS.filter((part) => !p[part]);
}

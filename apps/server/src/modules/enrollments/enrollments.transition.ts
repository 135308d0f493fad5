import { decide, DomainError, INDIRECT_ENROLLMENT, isStaff, type Actor, type EnrollmentAction, type EnrollmentState } from '@csp-center/domain';
import type { Db } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { findLastEnrollmentEventAt, insertEnrollmentEvent, lockEnrollmentInOrganization, updateEnrollmentState } from './enrollments.repository.ts';

/** Who caused a timeline entry, as the partner sees it. */
export type TimelineActor = 'PARTNER' | 'PROGRAM' | 'SYSTEM';

/** The audit action (past tense) recorded for each enrollment transition. */
export const ENROLLMENT_AUDIT_ACTION: Record<EnrollmentAction, string> = {
  SUBMIT: 'ENROLLMENT_SUBMITTED',
  REQUEST_INFORMATION: 'ENROLLMENT_INFORMATION_REQUESTED',
  RESPOND: 'ENROLLMENT_INFORMATION_PROVIDED',
  APPROVE: 'ENROLLMENT_QUALIFIED',
  REJECT: 'ENROLLMENT_REJECTED',
  ACCEPT_AGREEMENT: 'ENROLLMENT_ACTIVATED',
};

export interface EnrollmentTransitionInput {
  enrollmentId: string;
  /** The enrollment's organization: a row of another organization is NOT_FOUND. */
  organizationId: string;
  action: EnrollmentAction;
  /** Whose roles the guards check (a verifier for staff actions, the signer for ACCEPT_AGREEMENT). */
  actor: Pick<Actor, 'userId' | 'roles'> & { organizationId?: string | null };
  ctx: AuditContext;
  note?: string | null;
  /** Kept on the timeline entry and the audit event. */
  data?: Record<string, unknown>;
  /** Missing profile parts (the SUBMIT guard); the caller loads them first. Default none. */
  missing?: readonly string[];
  /** Columns set together with the state (e.g. the market fixed at submission). */
  set?: { marketId?: string | null; currency?: string | null };
  /** Timeline author; default derived from the actor (staff → PROGRAM, else PARTNER). */
  by?: TimelineActor;
  now?: Date;
}

export interface EnrollmentTransitionResult {
  enrollmentId: string;
  from: EnrollmentState;
  to: EnrollmentState;
  at: Date;
}

/**
 * The one way an enrollment changes state, inside the caller's transaction: locks the row
 * (FOR UPDATE), decides with the INDIRECT_ENROLLMENT machine on a context loaded beforehand,
 * updates with the old state in the WHERE, appends the timeline entry (enrollment_event) and
 * the audit event. Used by submission, by the verification module (staff decisions mirror onto
 * the enrollment) and by the agreements module (ACCEPT_AGREEMENT → ACTIVE). Sends no email:
 * each caller enqueues its own in the same transaction.
 *
 * Raises NOT_FOUND (no such enrollment in the organization), INVALID_TRANSITION (state does not
 * allow the action), the machine's guard refusals (FORBIDDEN, PROFILE_INCOMPLETE with
 * `details.missing`, AGREEMENT_SIGNER_NOT_AUTHORIZED), CONFLICT (moved by someone else).
 */
export async function transitionEnrollment(trx: Db, deps: Pick<Deps, 'clock'>, input: EnrollmentTransitionInput): Promise<EnrollmentTransitionResult> {
  const now = input.now ?? deps.clock.now();
  const row = await lockEnrollmentInOrganization(trx, input.organizationId, input.enrollmentId);
  if (!row) throw new DomainError('NOT_FOUND');
  const from = row.state as EnrollmentState;
  const decision = decide(INDIRECT_ENROLLMENT, input.action, from, { actor: input.actor, missing: input.missing ?? [] });
  if (!decision.ok) throw new DomainError(decision.code, undefined, decision.details);
  const to = decision.to;

  const stamps = {
    ...(input.action === 'SUBMIT' ? { submittedAt: now } : {}),
    ...(to === 'QUALIFIED' ? { qualifiedAt: now } : {}),
    ...(to === 'ACTIVE' ? { activatedAt: now } : {}),
    ...(to === 'REJECTED' ? { rejectedAt: now } : {}),
  };
  const moved = await updateEnrollmentState(trx, row.id, from, { state: to, updatedAt: now, ...stamps, ...(input.set ?? {}) });
  if (!moved) throw new DomainError('CONFLICT', 'The enrollment was changed by someone else; reload and try again.');

  const by: TimelineActor = input.by ?? (isStaff({ userId: input.actor.userId, organizationId: null, roles: input.actor.roles }) ? 'PROGRAM' : 'PARTNER');
  const data = { ...(input.data ?? {}), by };
  // Strictly after the previous entry, so the timeline has one order even within a millisecond.
  const last = await findLastEnrollmentEventAt(trx, row.id);
  const eventAt = last && last >= now ? new Date(last.getTime() + 1) : now;
  await insertEnrollmentEvent(trx, {
    id: uuidv7(eventAt.getTime()),
    enrollmentId: row.id,
    organizationId: row.organizationId,
    action: input.action,
    fromState: from,
    toState: to,
    actorUserId: by === 'SYSTEM' ? null : input.actor.userId,
    note: input.note ?? null,
    data: JSON.stringify(data),
    createdAt: eventAt,
  });
  await recordAudit(
    trx,
    input.ctx,
    { action: ENROLLMENT_AUDIT_ACTION[input.action], subjectType: 'enrollment', subjectId: row.id, organizationId: row.organizationId, data: { from, to, ...(input.note ? { note: input.note } : {}), ...(input.data ?? {}) } },
    now,
  );
  return { enrollmentId: row.id, from, to, at: now };
}

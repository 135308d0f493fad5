import {
  authorize,
  availableActions,
  currentMarketPolicy,
  DomainError,
  INDIRECT_ENROLLMENT,
  MARKET_POLICY_VERSIONS,
  type Actor,
  type EnrollmentState,
  type Program,
} from '@csp-center/domain';
import type { Db } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { isUuid, uuidv7 } from '../../lib/ids.ts';
import { findAcceptanceForEnrollment } from '../agreements/index.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { getProfileStatus, lockLegalCountry, recordLegalCountryFixed, type ProfileStatus } from '../profiles/index.ts';
import { emailGlobalAdmins, findVerificationSummary, formatEmailDate, openVerificationCase, PARTNER_ENROLLMENT_PATH, planVerificationCase } from '../verification/index.ts';
import {
  findEnrollmentByProgram,
  findEnrollmentEvents,
  findEnrollmentInOrganization,
  findEnrollmentsByOrganization,
  insertEnrollment,
  insertEnrollmentEvent,
  lockEnrollmentInOrganization,
} from './enrollments.repository.ts';
import { transitionEnrollment, type TimelineActor } from './enrollments.transition.ts';

type EnrollmentRow = NonNullable<Awaited<ReturnType<typeof findEnrollmentInOrganization>>>;

function marketName(id: string, now: Date): string {
  const m = currentMarketPolicy(now).markets.find((x) => x.id === id) ?? MARKET_POLICY_VERSIONS.flatMap((v) => v.markets).find((x) => x.id === id);
  return m?.name ?? id;
}

/**
 * The enrollment as the API shows it: timeline, the actions the caller may take now (decided by
 * the domain machine for the caller's roles and the profile's completeness), the estimated
 * decision date and verification summary, and the accepted agreement.
 */
async function enrollmentView(db: Db, row: EnrollmentRow, actor: Actor, now: Date, profile?: ProfileStatus) {
  const p = profile ?? (await getProfileStatus(db, row.organizationId));
  const events = await findEnrollmentEvents(db, row.id);
  const verification = await findVerificationSummary(db, row.id, now);
  const state = row.state as EnrollmentState;
  const market = row.marketId ? { id: row.marketId, name: marketName(row.marketId, now) } : p.market ? { id: p.market.id, name: p.market.name } : null;
  return {
    id: row.id,
    program: row.program as Program,
    state,
    market,
    currency: row.currency ?? p.market?.currency ?? null,
    createdAt: row.createdAt.toISOString(),
    submittedAt: row.submittedAt?.toISOString() ?? null,
    qualifiedAt: row.qualifiedAt?.toISOString() ?? null,
    activatedAt: row.activatedAt?.toISOString() ?? null,
    rejectedAt: row.rejectedAt?.toISOString() ?? null,
    timeline: events.map((e) => ({
      action: e.action,
      fromState: (e.fromState as EnrollmentState | null) ?? null,
      toState: e.toState as EnrollmentState,
      at: e.createdAt.toISOString(),
      by: ((e.data as { by?: TimelineActor } | null)?.by ?? 'SYSTEM') as TimelineActor,
      note: e.note,
    })),
    availableActions: availableActions(INDIRECT_ENROLLMENT, state, { actor, missing: p.missing }),
    profileMissing: p.missing,
    estimatedDecisionAt: verification?.estimatedDecisionAt ?? null,
    verification: verification ? { caseId: verification.caseId, state: verification.state, openRequest: verification.openRequest } : null,
    agreement: await findAcceptanceForEnrollment(db, row.id),
  };
}

export type EnrollmentView = Awaited<ReturnType<typeof enrollmentView>>;

/**
 * Opens an enrollment in DRAFT for the caller's organization. The profile may still be
 * incomplete: the draft lists what is missing and SUBMIT refuses until it is complete. Raises
 * FORBIDDEN (role), VALIDATION_FAILED (DIRECT_BILL: a later milestone), ENROLLMENT_EXISTS.
 */
export async function createEnrollment(deps: Deps, actor: Actor, ctx: AuditContext, input: { program: Program }): Promise<EnrollmentView> {
  authorize(actor, 'enrollment.manage');
  if (input.program !== 'INDIRECT_RESELLER') {
    throw new DomainError('VALIDATION_FAILED', 'Direct bill enrollment is not available yet.', { issues: [{ path: 'body.program', message: 'Only INDIRECT_RESELLER is available', code: 'program_not_available' }] });
  }
  const orgId = actor.organizationId!;
  const now = deps.clock.now();
  const id = uuidv7(now.getTime());
  let profile: ProfileStatus | undefined;
  try {
    await deps.db.transaction().execute(async (trx) => {
      if (await findEnrollmentByProgram(trx, orgId, input.program)) throw new DomainError('ENROLLMENT_EXISTS');
      // api.md: an enrollment starts from a complete profile (submit checks again, as the
      // profile can change in between).
      profile = await getProfileStatus(trx, orgId);
      const { missing } = profile;
      if (missing.length) throw new DomainError('PROFILE_INCOMPLETE', 'Complete the partner profile first.', { missing });
      await insertEnrollment(trx, { id, organizationId: orgId, program: input.program, state: 'DRAFT', marketId: null, currency: null, submittedAt: null, qualifiedAt: null, activatedAt: null, rejectedAt: null, createdAt: now, updatedAt: now });
      await insertEnrollmentEvent(trx, { id: uuidv7(now.getTime()), enrollmentId: id, organizationId: orgId, action: 'CREATE', fromState: null, toState: 'DRAFT', actorUserId: actor.userId, note: null, data: JSON.stringify({ by: 'PARTNER' }), createdAt: now });
      await recordAudit(trx, ctx, { action: 'ENROLLMENT_CREATED', subjectType: 'enrollment', subjectId: id, data: { program: input.program } }, now);
    });
  } catch (e) {
    // Two creations at once: the unique (organization, program) index lets exactly one through.
    if ((e as { code?: string }).code === '23505') throw new DomainError('ENROLLMENT_EXISTS');
    throw e;
  }
  return enrollmentAfterWrite(deps, actor, id, profile);
}

function cursorId(cursor: string | undefined): string | undefined {
  if (cursor === undefined || isUuid(cursor)) return cursor;
  throw new DomainError('VALIDATION_FAILED', 'The cursor is not one a previous page returned.', { issues: [{ path: 'querystring.cursor', message: 'Unknown cursor', code: 'invalid_cursor' }] });
}

/** The organization's enrollments (one per program at most). Raises VALIDATION_FAILED for a malformed cursor. */
export async function findEnrollments(deps: Deps, actor: Actor, page: { limit: number; cursor?: string }) {
  authorize(actor, 'enrollment.read');
  const rows = await findEnrollmentsByOrganization(deps.db, actor.organizationId!, page.limit + 1, cursorId(page.cursor));
  const now = deps.clock.now();
  const profile = rows.length ? await getProfileStatus(deps.db, actor.organizationId!) : undefined;
  const items = await Promise.all(rows.slice(0, page.limit).map((r) => enrollmentView(deps.db, r, actor, now, profile)));
  return { items, nextCursor: rows.length > page.limit ? items.at(-1)!.id : null };
}

/** One enrollment of the caller's organization. Raises NOT_FOUND (also for another organization's). */
export async function getEnrollment(deps: Deps, actor: Actor, id: string): Promise<EnrollmentView> {
  return enrollmentAfterWrite(deps, actor, id);
}

/** getEnrollment, with the profile status the write just read (one look-up less) when given. */
async function enrollmentAfterWrite(deps: Deps, actor: Actor, id: string, profile?: ProfileStatus): Promise<EnrollmentView> {
  authorize(actor, 'enrollment.read');
  const row = actor.organizationId ? await findEnrollmentInOrganization(deps.db, actor.organizationId, id) : undefined;
  if (!row) throw new DomainError('NOT_FOUND');
  return enrollmentView(deps.db, row, actor, deps.clock.now(), profile);
}

/**
 * Submits a DRAFT enrollment for verification, in ONE transaction: checks the profile is
 * complete, moves DRAFT → SUBMITTED (fixing market and currency), locks the legal country,
 * opens the verification case due `targetBusinessDays` business days from now on the program's
 * calendar, and emails every global admin "submission received" with the estimated decision
 * date in their language.
 *
 * Raises NOT_FOUND, FORBIDDEN, INVALID_TRANSITION (already submitted), PROFILE_INCOMPLETE with
 * `details.missing[]`, CONFLICT.
 */
export async function submitEnrollment(deps: Deps, actor: Actor, ctx: AuditContext, id: string): Promise<EnrollmentView> {
  authorize(actor, 'enrollment.manage');
  const orgId = actor.organizationId;
  if (!orgId) throw new DomainError('NOT_FOUND');
  const now = deps.clock.now();
  let profile: ProfileStatus | undefined;
  await deps.db.transaction().execute(async (trx) => {
    // Lock first so the profile read below and the transition see one consistent moment.
    if (!(await lockEnrollmentInOrganization(trx, orgId, id))) throw new DomainError('NOT_FOUND');
    // Lock order: legal-profile row before the (global) audit lock — the same order as a profile
    // PUT — so a concurrent profile save cannot deadlock with this submit. The country is locked
    // here without a context: its audit event is written below with the others, so the audit
    // chain's lock is taken only for the last statements. A refusal below rolls all of it back.
    const lockedAt = await lockLegalCountry(trx, orgId, now);
    const status = await getProfileStatus(trx, orgId);
    profile = status;
    // The admins' emails come before the audited part; an incomplete profile is refused by the
    // transition below, so it gets none.
    const plan = status.missing.length ? undefined : await planVerificationCase(trx, now);
    if (plan) {
      const company = status.companyName ?? '';
      const url = `${deps.config.publicUrl}${PARTNER_ENROLLMENT_PATH}`;
      await emailGlobalAdmins(trx, deps, orgId, 'verificationSubmitted', (locale) => ({ company, estimatedDecisionDate: formatEmailDate(locale, plan.dueAt), url }));
    }
    if (lockedAt && lockedAt.getTime() === now.getTime()) await recordLegalCountryFixed(trx, ctx, orgId, status.legalCountry!, now);
    await transitionEnrollment(trx, deps, {
      enrollmentId: id,
      organizationId: orgId,
      action: 'SUBMIT',
      actor,
      ctx,
      missing: status.missing,
      set: { marketId: status.market?.id ?? null, currency: status.market?.currency ?? null },
      now,
    });
    await openVerificationCase(trx, deps, { enrollmentId: id, organizationId: orgId, country: status.legalCountry!, ctx, now, plan });
  });
  return enrollmentAfterWrite(deps, actor, id, profile);
}

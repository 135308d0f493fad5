import crypto from 'node:crypto';
import {
  addBusinessDays,
  assertSameOrganization,
  authorize,
  availableActions,
  businessDaysBetween,
  can,
  checkPartnerIdAssociation,
  decide,
  DEFAULT_CALENDAR,
  DomainError,
  emailDomain,
  resolveLocale,
  TERMINAL_VERIFICATION_STATES,
  VERIFICATION_CASE,
  type Actor,
  type BusinessCalendar,
  type EnrollmentAction,
  type InformationKind,
  type RejectionReason,
  type VerificationAction,
  type VerificationState,
} from '@csp-center/domain';
import type { Db } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { isUuid, uuidv7 } from '../../lib/ids.ts';
import { findAuditEventsPage, findOrganizationAuditEvents, recordAudit, type AuditContext } from '../audit/index.ts';
import { transitionEnrollment } from '../enrollments/index.ts';
import { enqueueEmail } from '../notifications/index.ts';
import { getOrganization } from '../organizations/index.ts';
import { findRegistryEntry } from '../partner-ids/index.ts';
import { getProfileForReview, getProfileStatus, type ProfileStatus } from '../profiles/index.ts';
import { MAX_DOCUMENT_BYTES, documentFilename, newReceiptId, sniffDocumentType, type DocumentType } from './verification.documents.ts';
import { emailGlobalAdmins, noteOrNone, overdueLine, PARTNER_ENROLLMENT_PATH, rejectionReasonLabel, renderItems, STAFF_QUEUE_PATH } from './verification.emails.ts';
import {
  findCaseByEnrollment,
  findCaseById,
  findCasesPage,
  findDocumentById,
  findDocumentsByResponses,
  findGlobalAdmins,
  findLatestCaseByOrganization,
  findProgramAdmins,
  findRequestsByCase,
  findResponsesByCase,
  findSetting,
  findUserEmails,
  insertCase,
  insertDocument,
  insertInformationRequest,
  insertResponse,
  lockCaseById,
  lockOpenRequestByCase,
  lockOverdueCasesToNotify,
  lockSetting,
  receiptIdExists,
  updateCase,
  updateCasesOverdueNotified,
  updateRequestAnswered,
  upsertSetting,
} from './verification.repository.ts';

type CaseRow = NonNullable<Awaited<ReturnType<typeof findCaseById>>>;
export type InformationItem = { kind: InformationKind; message: string };

const SETTINGS_KEY = 'verification';
const isTerminal = (state: string) => (TERMINAL_VERIFICATION_STATES as readonly string[]).includes(state);

// ---------------------------------------------------------------------------------------------
// Program settings (the business-day calendar)

export interface VerificationSettings {
  targetBusinessDays: number;
  weekend: number[];
  holidays: string[];
  updatedAt: string | null;
}

/** The program's verification calendar: the stored one, or DEFAULT_CALENDAR until an admin sets it. */
export async function loadVerificationSettings(db: Db): Promise<VerificationSettings> {
  const row = await findSetting(db, SETTINGS_KEY);
  const v = (row?.value ?? {}) as Partial<BusinessCalendar>;
  return {
    targetBusinessDays: v.targetBusinessDays ?? DEFAULT_CALENDAR.targetBusinessDays,
    weekend: [...(v.weekend ?? DEFAULT_CALENDAR.weekend)],
    holidays: [...(v.holidays ?? DEFAULT_CALENDAR.holidays)],
    updatedAt: row ? new Date(row.updatedAt).toISOString() : null,
  };
}

/**
 * Replaces the verification calendar (target in business days, weekend days, holidays). New
 * cases get due dates from it; open cases keep theirs. Weekend and holidays are stored sorted
 * and without duplicates. Raises FORBIDDEN without program.configure and VALIDATION_FAILED when
 * every weekday is a weekend day (no due date could ever be reached).
 */
export async function updateVerificationSettings(deps: Deps, actor: Actor, ctx: AuditContext, input: BusinessCalendar): Promise<VerificationSettings> {
  authorize(actor, 'program.configure');
  const weekend = [...new Set(input.weekend)].sort((a, b) => a - b);
  const holidays = [...new Set(input.holidays)].sort();
  if (weekend.length >= 7) {
    throw new DomainError('VALIDATION_FAILED', 'At least one day of the week must be a business day.', { issues: [{ path: 'body.weekend', message: 'At least one day of the week must be a business day', code: 'too_big' }] });
  }
  const value = { targetBusinessDays: input.targetBusinessDays, weekend, holidays };
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await lockSetting(trx, SETTINGS_KEY);
    const before = await loadVerificationSettings(trx);
    await upsertSetting(trx, SETTINGS_KEY, value, now, actor.userId);
    await recordAudit(trx, ctx, { action: 'PROGRAM_SETTINGS_CHANGED', subjectType: 'program_setting', subjectId: SETTINGS_KEY, organizationId: null, data: { from: { targetBusinessDays: before.targetBusinessDays, weekend: before.weekend, holidays: before.holidays }, to: value } }, now);
  });
  return { ...value, updatedAt: now.toISOString() };
}

// ---------------------------------------------------------------------------------------------
// Opening a case (called by the enrollments module at submission)

export interface VerificationCasePlan {
  settings: VerificationSettings;
  dueAt: Date;
}

/**
 * The due date a case opened at `now` gets (`targetBusinessDays` business days on the program's
 * calendar), with the calendar it came from; openVerificationCase takes it (`plan`) when the
 * caller needed the date earlier in the transaction.
 */
export async function planVerificationCase(db: Db, now: Date): Promise<VerificationCasePlan> {
  const settings = await loadVerificationSettings(db);
  return { settings, dueAt: addBusinessDays(now, settings.targetBusinessDays, settings) };
}

/**
 * Opens the verification case of a submitted enrollment, inside the submission's transaction:
 * state OPEN, due `targetBusinessDays` business days from now on the program's calendar.
 * Returns the case id and its due date (the partner's estimated decision date).
 */
export async function openVerificationCase(
  trx: Db,
  deps: Pick<Deps, 'clock'>,
  input: { enrollmentId: string; organizationId: string; country: string; ctx: AuditContext; now?: Date; plan?: VerificationCasePlan },
): Promise<{ caseId: string; dueAt: Date }> {
  const now = input.now ?? deps.clock.now();
  const { settings: cal, dueAt } = input.plan ?? (await planVerificationCase(trx, now));
  const caseId = uuidv7(now.getTime());
  await insertCase(trx, { id: caseId, enrollmentId: input.enrollmentId, organizationId: input.organizationId, state: 'OPEN', country: input.country, assigneeId: null, openedAt: now, dueAt, decidedAt: null, reasonCode: null, decisionNote: null, overdueNotifiedAt: null, updatedAt: now });
  await recordAudit(trx, input.ctx, { action: 'VERIFICATION_CASE_OPENED', subjectType: 'verification_case', subjectId: caseId, organizationId: input.organizationId, data: { enrollmentId: input.enrollmentId, dueAt: dueAt.toISOString(), targetBusinessDays: cal.targetBusinessDays } }, now);
  return { caseId, dueAt };
}

/**
 * When the partner can expect a decision: the due date while the program is working on the
 * case, the next business day once it is overdue (an estimate is never in the past), none
 * while the case waits for the partner's answer or once it is decided.
 */
export function estimateDecision(c: { state: string; dueAt: Date }, now: Date, cal: BusinessCalendar): Date | null {
  if (isTerminal(c.state) || c.state === 'INFORMATION_REQUESTED') return null;
  return c.dueAt > now ? c.dueAt : addBusinessDays(now, 1, cal);
}

function requestView(r: { id: string; items: unknown; createdAt: Date; answeredAt: Date | null }) {
  return { id: r.id, items: r.items as InformationItem[], createdAt: r.createdAt.toISOString(), answeredAt: r.answeredAt?.toISOString() ?? null };
}

/**
 * The verification part of an enrollment view: case id and state, the open information request
 * and the estimated decision date. Null before submission.
 */
export async function findVerificationSummary(db: Db, enrollmentId: string, now: Date) {
  const c = await findCaseByEnrollment(db, enrollmentId);
  if (!c) return null;
  const requests = await findRequestsByCase(db, c.id);
  const open = c.state === 'INFORMATION_REQUESTED' ? requests.filter((r) => !r.answeredAt).at(-1) : undefined;
  const cal = await loadVerificationSettings(db);
  return {
    caseId: c.id,
    state: c.state as VerificationState,
    estimatedDecisionAt: estimateDecision(c, now, cal)?.toISOString() ?? null,
    openRequest: open ? { id: open.id, items: open.items as InformationItem[], createdAt: open.createdAt.toISOString() } : null,
  };
}

async function responsesView(db: Db, caseId: string) {
  const responses = await findResponsesByCase(db, caseId);
  const docs = await findDocumentsByResponses(db, responses.map((r) => r.id));
  return responses.map((r) => ({
    id: r.id,
    receiptId: r.receiptId,
    informationRequestId: r.informationRequestId,
    message: r.message,
    createdAt: r.createdAt.toISOString(),
    documents: docs.filter((d) => d.responseId === r.id).map((d) => ({ id: d.id, filename: d.filename, contentType: d.contentType as DocumentType, sizeBytes: d.sizeBytes })),
  }));
}

// ---------------------------------------------------------------------------------------------
// Partner side

/**
 * The caller's organization's verification: state, estimated decision, the open request, every
 * request and response (with document receipts), and the decision once made. Raises NOT_FOUND
 * when nothing has been submitted.
 */
export async function getOwnVerification(deps: Deps, actor: Actor) {
  authorize(actor, 'enrollment.read');
  const c = actor.organizationId ? await findLatestCaseByOrganization(deps.db, actor.organizationId) : undefined;
  if (!c) throw new DomainError('NOT_FOUND', 'Nothing has been submitted for verification yet.');
  const now = deps.clock.now();
  const cal = await loadVerificationSettings(deps.db);
  const requests = await findRequestsByCase(deps.db, c.id);
  const open = c.state === 'INFORMATION_REQUESTED' ? requests.filter((r) => !r.answeredAt).at(-1) : undefined;
  return {
    caseId: c.id,
    enrollmentId: c.enrollmentId,
    state: c.state as VerificationState,
    openedAt: c.openedAt.toISOString(),
    estimatedDecisionAt: estimateDecision(c, now, cal)?.toISOString() ?? null,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    reasonCode: (c.reasonCode as RejectionReason | null) ?? null,
    decisionNote: c.decisionNote,
    openRequest: open ? { id: open.id, items: open.items as InformationItem[], createdAt: open.createdAt.toISOString() } : null,
    requests: requests.map(requestView),
    responses: await responsesView(deps.db, c.id),
    availableActions: availableActions(VERIFICATION_CASE, c.state as VerificationState, { actor, assigneeId: c.assigneeId }),
  };
}

export interface UploadedDocument {
  filename: string | undefined;
  content: Buffer;
}

/**
 * The partner answers an information request with a message and documents (PDF, PNG or JPEG,
 * recognised by their first bytes, never by the declared type). One transaction: the case goes
 * INFORMATION_REQUESTED → IN_REVIEW (its due date restarts from now, as the program's review
 * starts again), the request is marked answered, the enrollment goes back to SUBMITTED, the
 * response and documents are stored with an unguessable receipt id, and everything is audited.
 *
 * Raises DOCUMENT_TYPE_NOT_ALLOWED, DOCUMENT_TOO_LARGE, NOT_FOUND (nothing submitted),
 * INVALID_TRANSITION (no information was requested), FORBIDDEN (role).
 */
export async function respondToInformationRequest(deps: Deps, actor: Actor, ctx: AuditContext, input: { message: string; documents: readonly UploadedDocument[] }) {
  authorize(actor, 'verification.respond');
  const docs = input.documents.map((d, index) => {
    if (d.content.length > MAX_DOCUMENT_BYTES) throw new DomainError('DOCUMENT_TOO_LARGE', `Each document may be at most ${MAX_DOCUMENT_BYTES} bytes.`, { filename: d.filename ?? null, index, maxBytes: MAX_DOCUMENT_BYTES });
    const type = sniffDocumentType(d.content);
    if (!type) throw new DomainError('DOCUMENT_TYPE_NOT_ALLOWED', `${d.filename ?? 'The document'} is not a PDF, PNG or JPEG file.`, { filename: d.filename ?? null, index });
    return { filename: documentFilename(d.filename, type), contentType: type, content: d.content, sha256: crypto.createHash('sha256').update(d.content).digest('hex') };
  });
  const orgId = actor.organizationId;
  if (!orgId) throw new DomainError('NOT_FOUND');
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const latest = await findLatestCaseByOrganization(trx, orgId);
    const c = latest && (await lockCaseById(trx, latest.id));
    if (!c) throw new DomainError('NOT_FOUND', 'Nothing has been submitted for verification yet.');
    const d = decide(VERIFICATION_CASE, 'RESPOND', c.state as VerificationState, { actor, assigneeId: c.assigneeId });
    if (!d.ok) throw new DomainError(d.code, d.code === 'INVALID_TRANSITION' ? 'No information has been requested: there is nothing to answer.' : undefined, d.details);
    const cal = await loadVerificationSettings(trx);
    const restarted = addBusinessDays(now, cal.targetBusinessDays, cal);
    const dueAt = restarted > c.dueAt ? restarted : c.dueAt;
    if (!(await updateCase(trx, c.id, { state: c.state, version: c.version }, { state: d.to, dueAt, overdueNotifiedAt: null, updatedAt: now }))) {
      throw new DomainError('CONFLICT', 'The case was changed by someone else; reload and try again.');
    }
    const request = await lockOpenRequestByCase(trx, c.id);
    if (request) await updateRequestAnswered(trx, request.id, now);

    let receiptId = newReceiptId(now);
    while (await receiptIdExists(trx, receiptId)) receiptId = newReceiptId(now);
    const responseId = uuidv7(now.getTime());
    await insertResponse(trx, { id: responseId, caseId: c.id, organizationId: orgId, informationRequestId: request?.id ?? null, receiptId, message: input.message, createdBy: actor.userId, createdAt: now });
    const stored = [];
    for (const doc of docs) {
      const id = uuidv7(now.getTime());
      await insertDocument(trx, { id, organizationId: orgId, responseId, filename: doc.filename, contentType: doc.contentType, sizeBytes: doc.content.length, sha256: doc.sha256, content: doc.content, createdBy: actor.userId, createdAt: now });
      stored.push({ id, filename: doc.filename, contentType: doc.contentType, sizeBytes: doc.content.length });
    }
    await transitionEnrollment(trx, deps, { enrollmentId: c.enrollmentId, organizationId: orgId, action: 'RESPOND', actor, ctx, data: { caseId: c.id, receiptId }, now });
    await recordAudit(
      trx,
      ctx,
      { action: 'VERIFICATION_RESPONSE_RECEIVED', subjectType: 'verification_case', subjectId: c.id, organizationId: orgId, data: { receiptId, responseId, informationRequestId: request?.id ?? null, documents: stored.map((s) => ({ id: s.id, contentType: s.contentType, sizeBytes: s.sizeBytes })), dueAt: dueAt.toISOString() } },
      now,
    );
    return { receiptId, responseId, state: d.to, availableActions: availableActions(VERIFICATION_CASE, d.to, { actor, assigneeId: c.assigneeId }), documents: stored };
  });
}

/**
 * A stored document, for download: the uploading organization's users with verification.respond,
 * or program staff with verification.read. Another organization's document is NOT_FOUND;
 * FORBIDDEN for a role of the same organization that may not read documents.
 */
export async function getDocument(deps: Deps, actor: Actor, id: string) {
  const doc = await findDocumentById(deps.db, id);
  if (!doc) throw new DomainError('NOT_FOUND');
  if (can(actor, 'verification.read')) return doc;
  assertSameOrganization(actor, doc.organizationId);
  authorize(actor, 'verification.respond');
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Staff side

export interface CaseQuery {
  state?: VerificationState;
  overdue?: boolean;
  country?: string;
  /** 'me', 'unassigned' or a user id. */
  assignee?: string;
  limit: number;
  cursor?: string;
}

function encodeCursor(c: { dueAt: Date; id: string }): string {
  return Buffer.from(`${c.dueAt.toISOString()}|${c.id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { dueAt: Date; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const dueAt = new Date(at ?? '');
  if (rest.length || !id || !isUuid(id) || Number.isNaN(dueAt.getTime())) {
    throw new DomainError('VALIDATION_FAILED', 'The cursor is not one a previous page returned.', { issues: [{ path: 'querystring.cursor', message: 'Unknown cursor', code: 'invalid_cursor' }] });
  }
  return { dueAt, id };
}

/** Company names for a set of organizations, from their legal profiles (the organization name until filled in). */
async function companyNames(db: Db, orgs: ReadonlyArray<{ id: string; name: string }>): Promise<Map<string, string>> {
  const unique = [...new Map(orgs.map((o) => [o.id, o.name])).entries()];
  const names = await Promise.all(unique.map(async ([id, name]) => [id, (await getProfileStatus(db, id)).companyName ?? name] as const));
  return new Map(names);
}

function queueItem(
  c: CaseRow & { organizationName: string; organizationDomain: string; assigneeEmail: string | null },
  companyName: string,
  now: Date,
  cal: BusinessCalendar,
) {
  const overdue = !isTerminal(c.state) && c.dueAt < now;
  return {
    id: c.id,
    enrollmentId: c.enrollmentId,
    organization: { id: c.organizationId, name: c.organizationName, domain: c.organizationDomain },
    companyName,
    country: c.country,
    state: c.state as VerificationState,
    assignee: c.assigneeId ? { id: c.assigneeId, email: c.assigneeEmail ?? '' } : null,
    openedAt: c.openedAt.toISOString(),
    dueAt: c.dueAt.toISOString(),
    overdue,
    businessDaysOverdue: overdue ? Math.max(0, businessDaysBetween(c.dueAt, now, cal)) : 0,
  };
}

/**
 * The staff queue, soonest due first, filtered by state, overdue (due date passed on an
 * undecided case), legal country and assignee (`me`, `unassigned` or a user id). Raises
 * VALIDATION_FAILED for a cursor no page returned.
 */
export async function findVerificationCases(deps: Deps, actor: Actor, q: CaseQuery) {
  authorize(actor, 'verification.read');
  const now = deps.clock.now();
  const cal = await loadVerificationSettings(deps.db);
  const assignee = q.assignee === 'me' ? actor.userId : q.assignee;
  const rows = await findCasesPage(deps.db, {
    states: q.state ? [q.state] : undefined,
    overdue: q.overdue,
    country: q.country,
    assignee,
    now,
    terminalStates: TERMINAL_VERIFICATION_STATES,
    after: decodeCursor(q.cursor),
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => queueItem(r, r.companyName ?? r.organizationName, now, cal)),
    nextCursor: rows.length > q.limit ? encodeCursor(page.at(-1)!) : null,
  };
}

type CheckStatus = 'PASSED' | 'FAILED' | 'PENDING';
type CheckKind = 'EMAIL_OWNERSHIP' | 'EMPLOYMENT' | 'PARTNER_ID' | 'BUSINESS';
interface Check {
  kind: CheckKind;
  status: CheckStatus;
  detail: string;
  /** A catalogue code explaining a failed partner-ID check. */
  code?: string;
}

/**
 * The four verification checks (product.md capability 4): email ownership (a global admin
 * proved the address with a sign-in), employment (the primary contact is on the organization's
 * domain), partner ID (registry entry present, active, a location ID, in the legal country,
 * associated with this organization), business (the verifier's decision).
 */
async function computeChecks(db: Db, c: CaseRow, org: { domain: string }, profile: ProfileStatus) {
  const admins = await findGlobalAdmins(db, c.organizationId);
  const provenAdmin = admins.find((a) => a.lastSignInAt);
  const checks: Check[] = [];
  checks.push(
    provenAdmin
      ? { kind: 'EMAIL_OWNERSHIP', status: 'PASSED', detail: `${provenAdmin.email} proved ownership of the address by signing in.` }
      : { kind: 'EMAIL_OWNERSHIP', status: 'PENDING', detail: 'No global admin has signed in yet.' },
  );
  const contact = profile.primaryContactEmail;
  checks.push(
    !contact
      ? { kind: 'EMPLOYMENT', status: 'PENDING', detail: 'No primary contact in the legal business profile.' }
      : emailDomain(contact) === org.domain
        ? { kind: 'EMPLOYMENT', status: 'PASSED', detail: `The primary contact ${contact} is on the organization's domain ${org.domain}.` }
        : { kind: 'EMPLOYMENT', status: 'FAILED', detail: `The primary contact ${contact} is not on the organization's domain ${org.domain}.` },
  );
  const entry = profile.partnerId ? await findRegistryEntry(db, profile.partnerId) : undefined;
  if (!profile.partnerId) {
    checks.push({ kind: 'PARTNER_ID', status: 'FAILED', detail: 'No partner ID is associated with the organization.', code: 'PARTNER_ID_NOT_FOUND' });
  } else {
    const refusal =
      checkPartnerIdAssociation(entry, { id: c.organizationId, legalCountry: profile.legalCountry }) ??
      (entry?.associatedOrganizationId === c.organizationId ? undefined : { code: 'PARTNER_ID_NOT_FOUND' as const });
    checks.push(
      refusal
        ? { kind: 'PARTNER_ID', status: 'FAILED', detail: `Partner ID ${profile.partnerId}: ${refusal.code}.`, code: refusal.code }
        : { kind: 'PARTNER_ID', status: 'PASSED', detail: `Partner ID ${profile.partnerId} is an active location ID in ${entry!.country}, associated with this organization.` },
    );
  }
  const business = c.businessCheck as CheckStatus;
  checks.push({
    kind: 'BUSINESS',
    status: business,
    detail: business === 'PASSED' ? 'A verifier confirmed the legal name and address.' : business === 'FAILED' ? 'A verifier could not confirm the legal name and address.' : 'A verifier compares the legal name and address with the documents.',
  });
  return { checks, entry };
}

/** Names of the case history, from the audit events of the case. */
const HISTORY_ACTION: Record<string, string> = {
  VERIFICATION_CASE_OPENED: 'OPEN',
  VERIFICATION_CASE_CLAIMED: 'CLAIM',
  VERIFICATION_INFORMATION_REQUESTED: 'REQUEST_INFORMATION',
  VERIFICATION_RESPONSE_RECEIVED: 'RESPOND',
  VERIFICATION_APPROVED: 'APPROVE',
  VERIFICATION_REJECTED: 'REJECT',
  VERIFICATION_OVERDUE_NOTIFIED: 'OVERDUE_NOTIFIED',
};

/** Audit actions that make up a partner's profile history on the case page. */
const PROFILE_HISTORY_ACTIONS = [
  'LEGAL_PROFILE_CREATED',
  'LEGAL_PROFILE_UPDATED',
  'LEGAL_COUNTRY_FIXED',
  'SUPPORT_PROFILE_CREATED',
  'SUPPORT_PROFILE_UPDATED',
  'BILLING_PROFILE_CREATED',
  'BILLING_PROFILE_UPDATED',
  'PARTNER_ID_ASSOCIATED',
  'PARTNER_ID_RELEASED',
] as const;

/**
 * The profile history a verifier compares against the documents: who changed which part of the
 * profile when, and which fields (names only — billing changes are recorded masked).
 */
async function profileHistory(db: Db, organizationId: string) {
  return findOrganizationAuditEvents(db, organizationId, PROFILE_HISTORY_ACTIONS);
}

function profileHistoryView(events: Awaited<ReturnType<typeof profileHistory>>, emails: ReadonlyMap<string, string>) {
  return events.map((e) => {
    const data = (e.data ?? {}) as { changes?: unknown; partnerId?: unknown };
    const fields = data.changes && typeof data.changes === 'object' ? Object.keys(data.changes as object) : [];
    return { action: e.action, at: e.createdAt.toISOString(), actorEmail: e.actorUserId ? (emails.get(e.actorUserId) ?? null) : null, fields };
  });
}

async function caseHistory(db: Db, caseId: string) {
  return (await findAuditEventsPage(db, { organizationId: null, subjectId: caseId, limit: 200 })).items.reverse();
}

function caseHistoryView(events: Awaited<ReturnType<typeof caseHistory>>, emails: ReadonlyMap<string, string>) {
  return events.map((e) => {
    const data = (e.data ?? {}) as { note?: unknown };
    return { action: HISTORY_ACTION[e.action] ?? e.action, at: e.createdAt.toISOString(), actorEmail: e.actorUserId ? (emails.get(e.actorUserId) ?? null) : null, note: typeof data.note === 'string' ? data.note : null };
  });
}

/**
 * One case for a verifier: the queue item, the four checks, the partner's profile with its
 * registry entry, requests, responses (documents as metadata), history, and the actions the
 * caller may take now. Raises NOT_FOUND.
 */
export async function getVerificationCase(deps: Deps, actor: Actor, id: string) {
  authorize(actor, 'verification.read');
  const c = await findCaseById(deps.db, id);
  if (!c) throw new DomainError('NOT_FOUND');
  const now = deps.clock.now();
  const cal = await loadVerificationSettings(deps.db);
  const org = await getOrganization(deps.db, c.organizationId);
  const history = await caseHistory(deps.db, c.id);
  const profileEvents = await profileHistory(deps.db, c.organizationId);
  // The assignee's and every history actor's email in one look-up.
  const userIds = [c.assigneeId, ...history.map((e) => e.actorUserId), ...profileEvents.map((e) => e.actorUserId)].filter((x): x is string => Boolean(x));
  const emails = new Map((await findUserEmails(deps.db, [...new Set(userIds)])).map((u) => [u.id, u.email]));
  const assigneeEmail = c.assigneeId ? (emails.get(c.assigneeId) ?? null) : null;
  // One profile status for the company name and the checks.
  const status = await getProfileStatus(deps.db, c.organizationId);
  const { checks, entry } = await computeChecks(deps.db, c, org, status);
  const profile = await getProfileForReview(deps.db, c.organizationId, deps.crypto);
  return {
    ...queueItem({ ...c, organizationName: org.name, organizationDomain: org.domain, assigneeEmail }, status.companyName ?? org.name, now, cal),
    decidedAt: c.decidedAt?.toISOString() ?? null,
    reasonCode: (c.reasonCode as RejectionReason | null) ?? null,
    decisionNote: c.decisionNote,
    checks,
    profile: {
      ...profile,
      registryEntry: entry ? { partnerId: entry.partnerId, legalName: entry.legalName, country: entry.country, kind: entry.kind, active: entry.active, associatedOrganizationId: entry.associatedOrganizationId, associatedAt: entry.associatedAt?.toISOString() ?? null } : null,
    },
    requests: (await findRequestsByCase(deps.db, c.id)).map(requestView),
    responses: await responsesView(deps.db, c.id),
    history: caseHistoryView(history, emails),
    profileHistory: profileHistoryView(profileEvents, emails),
    availableActions: availableActions(VERIFICATION_CASE, c.state as VerificationState, { actor, assigneeId: c.assigneeId }),
  };
}

export type StaffCaseAction = Exclude<VerificationAction, 'RESPOND'>;

export type StaffCaseInput =
  | { action: 'CLAIM' }
  | { action: 'APPROVE'; note?: string }
  | { action: 'REJECT'; reasonCode: RejectionReason; note: string }
  | { action: 'REQUEST_INFORMATION'; items: InformationItem[] };

const CASE_AUDIT_ACTION: Record<StaffCaseAction, string> = {
  CLAIM: 'VERIFICATION_CASE_CLAIMED',
  REQUEST_INFORMATION: 'VERIFICATION_INFORMATION_REQUESTED',
  APPROVE: 'VERIFICATION_APPROVED',
  REJECT: 'VERIFICATION_REJECTED',
};

/** The enrollment action each staff decision mirrors (a claim changes nothing for the partner). */
const ENROLLMENT_MIRROR: Partial<Record<StaffCaseAction, EnrollmentAction>> = { REQUEST_INFORMATION: 'REQUEST_INFORMATION', APPROVE: 'APPROVE', REJECT: 'REJECT' };

/**
 * A verifier acts on a case: claim, request information, approve or reject. One transaction:
 * lock the case (FOR UPDATE), decide with VERIFICATION_CASE, update with the old state and
 * version in the WHERE, mirror the decision onto the enrollment (transitionEnrollment), audit,
 * and email the partner's global admins in their languages (information requested with the
 * items; approved with the next step, accepting the indirect reseller terms; rejected with the
 * localized reason). Of two verifiers acting at once exactly one wins; the other gets a 409.
 *
 * Raises NOT_FOUND, FORBIDDEN, INVALID_TRANSITION, CASE_ALREADY_CLAIMED,
 * CASE_NOT_ASSIGNED_TO_YOU, CONFLICT. Returns the case detail after the change.
 */
export async function actOnVerificationCase(deps: Deps, actor: Actor, ctx: AuditContext, caseId: string, input: StaffCaseInput) {
  authorize(actor, 'verification.decide');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const c = await lockCaseById(trx, caseId);
    if (!c) throw new DomainError('NOT_FOUND');
    const d = decide(VERIFICATION_CASE, input.action, c.state as VerificationState, { actor, assigneeId: c.assigneeId });
    if (!d.ok) throw new DomainError(d.code, undefined, d.details);
    const note = input.action === 'APPROVE' || input.action === 'REJECT' ? (input.note?.trim() || null) : null;
    const set =
      input.action === 'CLAIM'
        ? { assigneeId: actor.userId }
        : input.action === 'APPROVE'
          ? { decidedAt: now, businessCheck: 'PASSED', decisionNote: note }
          : input.action === 'REJECT'
            ? { decidedAt: now, businessCheck: 'FAILED', reasonCode: input.reasonCode, decisionNote: note }
            : {};
    if (!(await updateCase(trx, c.id, { state: c.state, version: c.version }, { state: d.to, updatedAt: now, ...set }))) {
      throw new DomainError('CONFLICT', 'The case was changed by someone else; reload and try again.');
    }
    let requestId: string | undefined;
    if (input.action === 'REQUEST_INFORMATION') {
      requestId = uuidv7(now.getTime());
      await insertInformationRequest(trx, { id: requestId, caseId: c.id, organizationId: c.organizationId, items: JSON.stringify(input.items), requestedBy: actor.userId, createdAt: now, answeredAt: null });
    }
    const data = {
      from: c.state,
      to: d.to,
      ...(note ? { note } : {}),
      ...(input.action === 'REJECT' ? { reasonCode: input.reasonCode } : {}),
      ...(input.action === 'REQUEST_INFORMATION' ? { informationRequestId: requestId, items: input.items } : {}),
    };
    // The partner's emails are queued before the audited part (the mirrored transition and the
    // case event): the audit chain's lock, taken by the first event, is then held only for the
    // last statements of the transaction (a refusal in the transition rolls the emails back).
    if (input.action !== 'CLAIM') {
      const org = await getOrganization(trx, c.organizationId);
      const company = (await getProfileStatus(trx, c.organizationId)).companyName ?? org.name;
      const url = `${deps.config.publicUrl}${PARTNER_ENROLLMENT_PATH}`;
      if (input.action === 'REQUEST_INFORMATION') {
        await emailGlobalAdmins(trx, deps, c.organizationId, 'informationRequested', (locale) => ({ company, items: renderItems(locale, input.items), url }));
      } else if (input.action === 'APPROVE') {
        await emailGlobalAdmins(trx, deps, c.organizationId, 'verificationApproved', () => ({ company, url }));
      } else {
        await emailGlobalAdmins(trx, deps, c.organizationId, 'verificationRejected', (locale) => ({ company, reason: rejectionReasonLabel(locale, input.reasonCode), note: noteOrNone(locale, note), url }));
      }
    }
    const mirror = ENROLLMENT_MIRROR[input.action];
    if (mirror) {
      await transitionEnrollment(trx, deps, {
        enrollmentId: c.enrollmentId,
        organizationId: c.organizationId,
        action: mirror,
        actor,
        ctx,
        note,
        data: { caseId: c.id, ...(input.action === 'REJECT' ? { reasonCode: input.reasonCode } : {}), ...(input.action === 'REQUEST_INFORMATION' ? { items: input.items } : {}) },
        now,
      });
    }
    await recordAudit(trx, ctx, { action: CASE_AUDIT_ACTION[input.action], subjectType: 'verification_case', subjectId: c.id, organizationId: c.organizationId, data }, now);

  });
  return getVerificationCase(deps, actor, caseId);
}

// ---------------------------------------------------------------------------------------------
// Overdue escalation (job verification.notify-overdue)

/**
 * The daily escalation: emails every program admin one digest (in their language) listing the
 * undecided cases past their due date that were not in a digest yet today (UTC), and records
 * `overdue_notified_at` on them, so a rerun the same day sends nothing. Cases stay in the next
 * days' digests while they remain overdue. Without any program admin nothing is marked.
 */
export async function notifyOverdueCases(deps: Pick<Deps, 'db' | 'queue' | 'clock' | 'config'>): Promise<{ cases: number; emails: number }> {
  const now = deps.clock.now();
  const startOfDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return deps.db.transaction().execute(async (trx) => {
    const cases = await lockOverdueCasesToNotify(trx, now, startOfDay, TERMINAL_VERIFICATION_STATES);
    if (cases.length === 0) return { cases: 0, emails: 0 };
    const admins = await findProgramAdmins(trx);
    if (admins.length === 0) return { cases: cases.length, emails: 0 };
    const cal = await loadVerificationSettings(trx);
    const orgs = await Promise.all([...new Set(cases.map((c) => c.organizationId))].map((id) => getOrganization(trx, id)));
    const names = await companyNames(trx, orgs);
    const base = `${deps.config.publicUrl}${STAFF_QUEUE_PATH}`;
    for (const a of admins) {
      const locale = resolveLocale(a.locale);
      const list = cases.map((c) => overdueLine(locale, { company: names.get(c.organizationId)!, country: c.country, dueAt: c.dueAt, days: Math.max(0, businessDaysBetween(c.dueAt, now, cal)), url: `${base}/${c.id}` })).join('\n');
      await enqueueEmail(trx, deps.queue, { to: a.email, locale, template: 'verificationOverdue', organizationId: null, data: { count: cases.length, list, url: `${base}?overdue=true` } });
    }
    await updateCasesOverdueNotified(trx, cases.map((c) => c.id), now);
    for (const c of cases) {
      await recordAudit(trx, { actorUserId: null, organizationId: null, requestId: null }, { action: 'VERIFICATION_OVERDUE_NOTIFIED', subjectType: 'verification_case', subjectId: c.id, organizationId: c.organizationId, data: { dueAt: c.dueAt.toISOString(), recipients: admins.length } }, now);
    }
    return { cases: cases.length, emails: admins.length };
  });
}


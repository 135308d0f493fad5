import { can, decide, DomainError, INDIRECT_ENROLLMENT, resolveLocale, type Actor, type EnrollmentState } from '@csp-center/domain';
import type { Db } from '../../db/database.ts';
import type { AgreementAcceptanceTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { getEnrollment, transitionEnrollment } from '../enrollments/index.ts';
import { enqueueEmail } from '../notifications/index.ts';
import { getOrganization } from '../organizations/index.ts';
import { getProfileStatus } from '../profiles/index.ts';
import { PROGRAM_AGREEMENT_TYPE, type AcceptInput, type Acceptance, type AgreementType } from './agreements.schemas.ts';
import { findAcceptancesByEnrollment, findCurrentTemplates, findTemplateById, findTemplateByTypeVersionLocale, insertAcceptance } from './agreements.repository.ts';

/** Where the partner follows its enrollment in the web app (linked from the receipt). */
const PARTNER_ENROLLMENT_PATH = '/enrollment';
/** Longest user agent kept on the record; browsers send far less, anything longer is noise. */
const MAX_USER_AGENT = 1000;

/** The signer: a signed-in partner user, with what the record and the receipt need. */
export type Signer = Actor & { email: string; locale: string };

/** What the request says about where the acceptance came from (kept on the record). */
export interface RequestOrigin {
  ip: string;
  userAgent: string | null;
}

export function acceptanceView(a: AgreementAcceptanceTable): Acceptance {
  return {
    id: a.id,
    enrollmentId: a.enrollmentId,
    templateId: a.templateId,
    type: a.type as AgreementType,
    version: a.version,
    locale: a.locale as Acceptance['locale'],
    contentSha256: a.contentSha256,
    marketId: a.marketId,
    signerUserId: a.signerUserId,
    signerName: a.signerName,
    signerTitle: a.signerTitle,
    signerEmail: a.signerEmail,
    acceptedAt: a.acceptedAt.toISOString(),
    ip: a.ip,
    userAgent: a.userAgent,
  };
}

function templateRefused(code: string, message: string, extra: Record<string, unknown> = {}): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { issues: [{ path: 'body.templateId', message, code }], ...extra });
}

/** The moment of acceptance as the signer reads it, with the time zone spelled out. */
function formatAcceptedAt(locale: string, d: Date): string {
  return new Intl.DateTimeFormat(resolveLocale(locale), { dateStyle: 'long', timeStyle: 'long', timeZone: 'UTC' }).format(d);
}

/**
 * The organization's global admin accepts the agreement of the enrollment's program (indirect
 * reseller terms for INDIRECT_RESELLER), confirming the authority to sign for the organization.
 * In ONE transaction: the enrollment moves QUALIFIED → ACTIVE through the enrollments module
 * (which locks it, so of two concurrent acceptances exactly one wins), the immutable acceptance
 * record pins the exact text (template id, version, language, SHA-256) with the signer, market,
 * time, IP and user agent, the acceptance is audited and the receipt is emailed to the signer in
 * their language. Any language of the current version may be accepted: both say the same terms.
 *
 * Refusals, in the order they are checked:
 * NOT_FOUND (no such enrollment in the caller's organization), AGREEMENT_SIGNER_NOT_AUTHORIZED
 * (not a global admin), AUTHORITY_NOT_CONFIRMED (`authorityConfirmed` is not true),
 * INVALID_TRANSITION (the enrollment is not QUALIFIED: not yet verified, or already active),
 * VALIDATION_FAILED (unknown template, a template of another agreement type, or one not yet in
 * effect; `details.issues[0].code` says which), AGREEMENT_VERSION_SUPERSEDED (a newer version is
 * in effect; `details.currentTemplateId`), CONFLICT (the enrollment moved meanwhile).
 */
export async function acceptAgreement(deps: Deps, signer: Signer, ctx: AuditContext, origin: RequestOrigin, enrollmentId: string, input: AcceptInput) {
  const before = await getEnrollment(deps, signer, enrollmentId);
  if (!can(signer, 'agreement.accept')) throw new DomainError('AGREEMENT_SIGNER_NOT_AUTHORIZED');
  if (input.authorityConfirmed !== true) throw new DomainError('AUTHORITY_NOT_CONFIRMED');
  // Decided here too (the transition decides again under the lock) so a state refusal comes
  // before any complaint about the template.
  const pre = decide(INDIRECT_ENROLLMENT, 'ACCEPT_AGREEMENT', before.state as EnrollmentState, { actor: signer, missing: [] });
  if (!pre.ok) throw new DomainError(pre.code, undefined, pre.details);

  const organizationId = signer.organizationId!;
  const now = deps.clock.now();
  const acceptanceId = uuidv7(now.getTime());
  const row = await deps.db.transaction().execute(async (trx) => {
    const template = await findTemplateById(trx, input.templateId);
    if (!template) throw templateRefused('unknown_template', 'No agreement template has this id.');
    const expectedType = PROGRAM_AGREEMENT_TYPE[before.program];
    if (template.type !== expectedType) {
      throw templateRefused('agreement_type_mismatch', `A ${before.program} enrollment accepts the ${expectedType} agreement, not ${template.type}.`, { expectedType });
    }
    if (template.effectiveAt > now) {
      throw templateRefused('agreement_not_yet_effective', `Version ${template.version} takes effect on ${template.effectiveAt.toISOString()}.`, { effectiveAt: template.effectiveAt.toISOString() });
    }
    const [current] = await findCurrentTemplates(trx, { type: template.type, locale: template.locale }, now);
    if (current && current.id !== template.id) {
      throw new DomainError('AGREEMENT_VERSION_SUPERSEDED', `Version ${current.version} replaced version ${template.version}; review and accept the current version.`, { currentTemplateId: current.id, currentVersion: current.version });
    }

    // The receipt is queued before the transition and the audit events: the audit chain's lock,
    // taken by the first event, is then held only for the last statements of the transaction
    // (a refusal below rolls the email back).
    // The receipt names the agreement in the signer's language when that version exists in it.
    const locale = resolveLocale(signer.locale);
    const titled = template.locale === locale ? template : ((await findTemplateByTypeVersionLocale(trx, template.type, template.version, locale)) ?? template);
    // The legal name the verifier checked; the organization's name (its domain) only as a fallback.
    const company = (await getProfileStatus(trx, organizationId)).companyName ?? (await getOrganization(trx, organizationId)).name;
    await enqueueEmail(trx, deps.queue, {
      to: signer.email,
      locale,
      template: 'agreementAccepted',
      organizationId,
      data: {
        company,
        title: titled.title,
        version: template.version,
        hash: template.contentSha256,
        signer: `${input.signer.name}, ${input.signer.title} <${signer.email}>`,
        acceptedAt: formatAcceptedAt(locale, now),
        url: `${deps.config.publicUrl}${PARTNER_ENROLLMENT_PATH}`,
      },
    });
    const transition = await transitionEnrollment(trx, deps, {
      enrollmentId,
      organizationId,
      action: 'ACCEPT_AGREEMENT',
      actor: signer,
      ctx,
      data: { acceptanceId, templateId: template.id, agreementType: template.type, version: template.version, locale: template.locale, contentSha256: template.contentSha256 },
      now,
    });
    const acceptance: AgreementAcceptanceTable = {
      id: acceptanceId,
      organizationId,
      enrollmentId: transition.enrollmentId,
      templateId: template.id,
      type: template.type,
      version: template.version,
      locale: template.locale,
      contentSha256: template.contentSha256,
      marketId: before.market?.id ?? null,
      signerUserId: signer.userId,
      signerName: input.signer.name,
      signerTitle: input.signer.title,
      signerEmail: signer.email,
      ip: origin.ip,
      userAgent: origin.userAgent ? origin.userAgent.slice(0, MAX_USER_AGENT) : null,
      acceptedAt: now,
    };
    await insertAcceptance(trx, acceptance);
    await recordAudit(trx, ctx, {
      action: 'AGREEMENT_ACCEPTED',
      subjectType: 'agreement_acceptance',
      subjectId: acceptanceId,
      organizationId,
      data: { enrollmentId, templateId: template.id, type: template.type, version: template.version, locale: template.locale, contentSha256: template.contentSha256, marketId: acceptance.marketId, signerName: acceptance.signerName, signerTitle: acceptance.signerTitle, signerEmail: acceptance.signerEmail },
    }, now);

    return acceptance;
  });
  return { acceptance: acceptanceView(row), enrollment: await getEnrollment(deps, signer, enrollmentId) };
}

/**
 * The acceptances recorded for an enrollment, newest first. Partners see their own
 * organization's (NOT_FOUND for another's); staff with `verification.read` see any enrollment's.
 * Raises NOT_FOUND, FORBIDDEN.
 */
export async function findAgreementAcceptances(deps: Deps, actor: Actor, enrollmentId: string) {
  if (!can(actor, 'verification.read')) await getEnrollment(deps, actor, enrollmentId);
  const rows = await findAcceptancesByEnrollment(deps.db, enrollmentId);
  return { items: rows.map(acceptanceView) };
}

/**
 * The acceptance that activated an enrollment (the latest one), or null. The enrollments module
 * shows it in the enrollment view; the caller has already checked access to the enrollment.
 */
export async function findAcceptanceForEnrollment(db: Db, enrollmentId: string): Promise<Acceptance | null> {
  const [latest] = await findAcceptancesByEnrollment(db, enrollmentId);
  return latest ? acceptanceView(latest) : null;
}

/**
 * Test factories (never imported by the server): profile rows written straight into the
 * profile tables, and a whole verification file (enrollment, case, request, response,
 * document) for tests that need ids rather than the flow (the tenant-isolation walker).
 */
import crypto from 'node:crypto';
import type { StaffRole } from '@csp-center/domain';
import type { Db } from '../../db/database.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { createStaff, signIn, type TestServer } from '../../test/harness.ts';

/** The smallest valid PDF header; enough for type sniffing. */
export const PDF_BYTES = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
export const PNG_BYTES = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000d49484452', 'hex'), Buffer.alloc(24)]);
export const JPEG_BYTES = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32)]);
/** A Windows executable header ("MZ"): refused whatever its name says. */
export const EXE_BYTES = Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(62)]);

const MARKETS: Record<string, { marketId: string; currency: string }> = {
  TW: { marketId: 'taiwan', currency: 'TWD' },
  US: { marketId: 'united-states', currency: 'USD' },
  DE: { marketId: 'europe', currency: 'EUR' },
};

let nextPartnerId = 7_000_000 + crypto.randomInt(0, 1_000_000);

export interface ProfileSeed {
  country?: 'TW' | 'US' | 'DE';
  companyName?: string;
  /** Primary contact email; default `contact@<domain>`. */
  contactEmail?: string;
  parts?: Partial<Record<'legalBusiness' | 'supportProfile' | 'billingProfile' | 'partnerId', boolean>>;
  partnerId?: { kind?: 'LOCATION' | 'GLOBAL'; active?: boolean; country?: string };
}

/**
 * Writes a partner profile for an organization directly into the profile tables (default:
 * complete, in Taiwan, with an active location partner ID associated). Returns the partner ID.
 */
export async function seedProfile(db: Db, org: { id: string; domain: string }, userId: string, seed: ProfileSeed = {}): Promise<{ partnerId: string | null }> {
  const country = seed.country ?? 'TW';
  const parts = { legalBusiness: true, supportProfile: true, billingProfile: true, partnerId: true, ...seed.parts };
  const now = new Date();
  const { marketId, currency } = MARKETS[country]!;
  if (parts.legalBusiness) {
    await db
      .insertInto('legalBusinessProfile')
      .values({
        organizationId: org.id,
        companyName: seed.companyName ?? `${org.domain} Ltd.`,
        address: JSON.stringify({ line1: '1 Main Road', city: 'Taipei', postalCode: '100', country }),
        country,
        primaryContact: JSON.stringify({ firstName: 'Pat', lastName: 'Lee', email: seed.contactEmail ?? `contact@${org.domain}` }),
        registrationId: null,
        marketId,
        currency,
        marketPolicyVersion: '2023-08-17',
        countryLockedAt: null,
        updatedAt: now,
        updatedBy: userId,
      })
      .execute();
  }
  if (parts.supportProfile) {
    await db.insertInto('supportProfile').values({ organizationId: org.id, email: `support@${org.domain}`, phone: null, website: null, updatedAt: now, updatedBy: userId }).execute();
  }
  if (parts.billingProfile) {
    await db
      .insertInto('billingProfile')
      .values({ organizationId: org.id, holderNameEnc: 'x', bankCountry: country, ibanEnc: null, bicEnc: null, accountNumberEnc: 'x', routingNumberEnc: null, masked: '••••1234', taxId: null, keyId: 'test', updatedAt: now, updatedBy: userId })
      .execute();
  }
  if (!parts.partnerId) return { partnerId: null };
  const partnerId = String(nextPartnerId++);
  await db
    .insertInto('partnerIdRegistry')
    .values({
      partnerId,
      legalName: seed.companyName ?? `${org.domain} Ltd.`,
      country: seed.partnerId?.country ?? country,
      kind: seed.partnerId?.kind ?? 'LOCATION',
      active: seed.partnerId?.active ?? true,
      associatedOrganizationId: org.id,
      associatedAt: now,
    })
    .execute();
  return { partnerId };
}

/**
 * A verification file written directly: enrollment (SUBMITTED, unless an existing one is given),
 * case (IN_REVIEW unless told) with an answered information request, one response and one PDF
 * document. Returns the ids.
 */
export async function seedVerificationFile(db: Db, organizationId: string, userId: string, opts: { enrollmentId?: string; caseState?: string; now?: Date } = {}) {
  const now = opts.now ?? new Date();
  const enrollmentId = opts.enrollmentId ?? uuidv7(now.getTime());
  const caseId = uuidv7(now.getTime());
  const requestId = uuidv7(now.getTime());
  const responseId = uuidv7(now.getTime());
  const documentId = uuidv7(now.getTime());
  const receiptId = `VR-${now.getUTCFullYear()}-${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
  if (!opts.enrollmentId) await db.insertInto('enrollment').values({ id: enrollmentId, organizationId, program: 'INDIRECT_RESELLER', state: 'SUBMITTED', marketId: 'taiwan', currency: 'TWD', submittedAt: now, qualifiedAt: null, activatedAt: null, rejectedAt: null, createdAt: now, updatedAt: now }).execute();
  await db.insertInto('verificationCase').values({ id: caseId, enrollmentId, organizationId, state: opts.caseState ?? 'IN_REVIEW', country: 'TW', assigneeId: null, openedAt: now, dueAt: new Date(now.getTime() + 3 * 86_400_000), decidedAt: null, reasonCode: null, decisionNote: null, overdueNotifiedAt: null, updatedAt: now }).execute();
  await db.insertInto('informationRequest').values({ id: requestId, caseId, organizationId, items: JSON.stringify([{ kind: 'OTHER', message: 'Seeded' }]), requestedBy: userId, createdAt: now, answeredAt: now }).execute();
  await db.insertInto('verificationResponse').values({ id: responseId, caseId, organizationId, informationRequestId: requestId, receiptId, message: 'Seeded response', createdBy: userId, createdAt: now }).execute();
  await db
    .insertInto('document')
    .values({ id: documentId, organizationId, responseId, filename: 'registration.pdf', contentType: 'application/pdf', sizeBytes: PDF_BYTES.length, sha256: crypto.createHash('sha256').update(PDF_BYTES).digest('hex'), content: PDF_BYTES, createdBy: userId, createdAt: now })
    .execute();
  return { enrollmentId, caseId, requestId, responseId, documentId, receiptId };
}

/** Program staff signed in through the API (created as `csp-center staff add` would). */
export async function staffSession(s: TestServer, email: string, role: StaffRole): Promise<{ cookie: string; userId: string }> {
  const userId = await createStaff(s, email, role);
  const { cookie } = await signIn(s, email);
  return { cookie, userId };
}

/**
 * A partner organization whose global admin signed in, with a seeded profile and an indirect
 * reseller enrollment (DRAFT, or SUBMITTED with `submit: true`).
 */
export async function partnerWithEnrollment(s: TestServer, domain: string, seed: ProfileSeed & { submit?: boolean } = {}) {
  const admin = await signIn(s, `admin@${domain}`);
  const organizationId = admin.body.organization!.id;
  const { partnerId } = await seedProfile(s.runtime.deps.db, { id: organizationId, domain }, admin.body.user.id, seed);
  const created = await s.app.inject({ method: 'POST', url: '/api/v1/enrollments', headers: { cookie: admin.cookie }, payload: { program: 'INDIRECT_RESELLER' } });
  if (created.statusCode !== 201) throw new Error(`create enrollment ${created.statusCode} ${created.body}`);
  const enrollmentId = (created.json() as { id: string }).id;
  if (seed.submit) {
    const r = await s.app.inject({ method: 'POST', url: `/api/v1/enrollments/${enrollmentId}/submit`, headers: { cookie: admin.cookie } });
    if (r.statusCode !== 200) throw new Error(`submit ${r.statusCode} ${r.body}`);
  }
  const caseRow = await s.runtime.deps.db.selectFrom('verificationCase').select('id').where('enrollmentId', '=', enrollmentId).executeTakeFirst();
  return { cookie: admin.cookie, userId: admin.body.user.id, organizationId, domain, enrollmentId, partnerId, caseId: caseRow?.id ?? null };
}

/** A multipart/form-data body for inject(): text fields and files. */
export function multipart(fields: Record<string, string>, files: ReadonlyArray<{ field?: string; filename: string; contentType: string; content: Buffer }>) {
  const boundary = `----csp-test-${crypto.randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'documents'}"; filename="${f.filename}"\r\nContent-Type: ${f.contentType}\r\n\r\n`));
    chunks.push(f.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

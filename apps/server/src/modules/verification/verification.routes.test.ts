import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/clock.ts';
import { expectProblem, signIn, signInInvited, startTestServer, type TestServer } from '../../test/harness.ts';
import { EXE_BYTES, JPEG_BYTES, multipart, partnerWithEnrollment, PDF_BYTES, PNG_BYTES, staffSession } from '../enrollments/enrollments.factory.ts';
import { MAX_DOCUMENT_BYTES } from './verification.documents.ts';

// Monday 2 March 2026, 10:00 UTC.
const clock = new FakeClock(new Date('2026-03-02T10:00:00Z'));
let s: TestServer;
let vera: { cookie: string; userId: string };
let victor: { cookie: string; userId: string };
let sam: { cookie: string; userId: string };
beforeAll(async () => {
  // Sessions outlive the weeks the fake clock moves through.
  s = await startTestServer({ clock, env: { SESSION_TTL_HOURS: '100000' } });
  vera = await staffSession(s, 'vera@program.example', 'verifier');
  victor = await staffSession(s, 'victor@program.example', 'verifier');
  sam = await staffSession(s, 'sam@program.example', 'support');
});
afterAll(async () => {
  await s?.close();
});

const db = () => s.runtime.deps.db;
const caseUrl = (id: string, action?: string) => `/api/v1/admin/verification-cases/${id}${action ? `/${action}` : ''}`;
const act = (cookie: string, id: string, action: string, payload?: unknown) =>
  s.app.inject({ method: 'POST', url: caseUrl(id, action), headers: { cookie }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const detail = (cookie: string, id: string) => s.app.inject({ method: 'GET', url: caseUrl(id), headers: { cookie } });
const respond = (cookie: string, message: string | undefined, files: Parameters<typeof multipart>[1]) => {
  const form = multipart(message === undefined ? {} : { message }, files);
  return s.app.inject({ method: 'POST', url: '/api/v1/verification/responses', headers: { cookie, ...form.headers }, payload: form.payload });
};
const ownVerification = (cookie: string) => s.app.inject({ method: 'GET', url: '/api/v1/verification', headers: { cookie } });
const enrollment = async (cookie: string, id: string) => (await s.app.inject({ method: 'GET', url: `/api/v1/enrollments/${id}`, headers: { cookie } })).json();
const mails = (organizationId: string | null, template: string) => {
  let q = db().selectFrom('notification').selectAll().where('template', '=', template);
  q = organizationId ? q.where('organizationId', '=', organizationId) : q.where('organizationId', 'is', null);
  return q.orderBy('toEmail').execute();
};
const counts = async () => {
  const n = async (t: 'auditEvent' | 'notification' | 'verificationResponse' | 'document' | 'informationRequest' | 'enrollmentEvent') => Number((await db().selectFrom(t).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { audit: await n('auditEvent'), mail: await n('notification'), responses: await n('verificationResponse'), documents: await n('document'), requests: await n('informationRequest'), events: await n('enrollmentEvent') };
};
const caseRow = (id: string) => db().selectFrom('verificationCase').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** A submitted partner whose case vera has claimed and asked for information. */
async function caseAwaitingAnswer(domain: string) {
  const p = await partnerWithEnrollment(s, domain, { submit: true });
  expect((await act(vera.cookie, p.caseId!, 'claim')).statusCode).toBe(200);
  const r = await act(vera.cookie, p.caseId!, 'request-information', { items: [{ kind: 'BUSINESS_REGISTRATION', message: 'Upload your registration certificate.' }] });
  expect(r.statusCode, r.body).toBe(200);
  return p;
}

describe('the partner → verifier flow', () => {
  it('runs submit, claim, request information, respond with a PDF, approve → QUALIFIED, with emails and audit all the way', async () => {
    const p = await partnerWithEnrollment(s, 'contoso-tw.example', { companyName: 'Contoso Taiwan Ltd.', submit: true });
    const zh = await signInInvited(s, p.cookie, 'lin@contoso-tw.example', 'global_admin');
    await s.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: zh.cookie }, payload: { locale: 'zh-TW' } });
    const caseId = p.caseId!;

    // The queue shows the new case, unassigned.
    const queue = await s.app.inject({ method: 'GET', url: '/api/v1/admin/verification-cases?assignee=unassigned', headers: { cookie: vera.cookie } });
    expect(queue.statusCode, queue.body).toBe(200);
    expect(queue.json().items.find((i: { id: string }) => i.id === caseId)).toMatchObject({
      enrollmentId: p.enrollmentId,
      organization: { id: p.organizationId, domain: 'contoso-tw.example' },
      companyName: 'Contoso Taiwan Ltd.',
      country: 'TW',
      state: 'OPEN',
      assignee: null,
      dueAt: '2026-03-05T10:00:00.000Z',
      overdue: false,
      businessDaysOverdue: 0,
    });

    // Claim.
    const claimed = await act(vera.cookie, caseId, 'claim');
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json()).toMatchObject({ state: 'IN_REVIEW', assignee: { id: vera.userId, email: 'vera@program.example' }, availableActions: ['CLAIM', 'REQUEST_INFORMATION', 'APPROVE', 'REJECT'] });
    expect(claimed.json().checks).toEqual([
      { kind: 'EMAIL_OWNERSHIP', status: 'PASSED', detail: expect.stringContaining('admin@contoso-tw.example') },
      { kind: 'EMPLOYMENT', status: 'PASSED', detail: expect.stringContaining('contact@contoso-tw.example') },
      { kind: 'PARTNER_ID', status: 'PASSED', detail: expect.stringContaining(p.partnerId!) },
      { kind: 'BUSINESS', status: 'PENDING', detail: expect.any(String) },
    ]);
    expect(claimed.json().profile).toMatchObject({ legalBusiness: { companyName: 'Contoso Taiwan Ltd.' }, registryEntry: { partnerId: p.partnerId, kind: 'LOCATION', active: true, country: 'TW', associatedOrganizationId: p.organizationId } });

    // Request information: case and enrollment wait for the partner, who is emailed the items.
    clock.advance(3600_000);
    const items = [
      { kind: 'BUSINESS_REGISTRATION', message: 'Upload your business registration certificate.' },
      { kind: 'PROOF_OF_ADDRESS', message: 'A utility bill for the registered address.' },
    ];
    const requested = await act(vera.cookie, caseId, 'request-information', { items });
    expect(requested.statusCode, requested.body).toBe(200);
    expect(requested.json()).toMatchObject({ state: 'INFORMATION_REQUESTED', requests: [{ items, answeredAt: null }], availableActions: ['REJECT'] });
    const waiting = await enrollment(p.cookie, p.enrollmentId);
    expect(waiting).toMatchObject({ state: 'INFORMATION_REQUESTED', availableActions: ['RESPOND'], estimatedDecisionAt: null, verification: { caseId, state: 'INFORMATION_REQUESTED', openRequest: { items } } });
    const infoMails = await mails(p.organizationId, 'informationRequested');
    expect(infoMails.map((m) => [m.toEmail, m.locale])).toEqual([['admin@contoso-tw.example', 'en-US'], ['lin@contoso-tw.example', 'zh-TW']]);
    expect(infoMails[0]!.text).toContain('• Business registration: Upload your business registration certificate.');
    expect(infoMails[0]!.text).toContain('• Proof of business address: A utility bill');
    expect(infoMails[1]!.text).toContain('• 營業登記: Upload your business registration certificate.');
    expect(infoMails[1]!.subject).toContain('驗證');

    const own = await ownVerification(p.cookie);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ caseId, enrollmentId: p.enrollmentId, state: 'INFORMATION_REQUESTED', estimatedDecisionAt: null, openRequest: { items }, responses: [], availableActions: ['RESPOND'] });

    // The partner answers with a PDF and gets a receipt.
    clock.advance(24 * 3600_000);
    const answered = await respond(p.cookie, 'Here is our registration certificate.', [{ filename: 'registration.pdf', contentType: 'application/pdf', content: PDF_BYTES }]);
    expect(answered.statusCode, answered.body).toBe(201);
    const receipt = answered.json();
    expect(receipt.receiptId).toMatch(/^VR-2026-[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(receipt).toMatchObject({ state: 'IN_REVIEW', availableActions: [], documents: [{ filename: 'registration.pdf', contentType: 'application/pdf', sizeBytes: PDF_BYTES.length }] });

    const back = await enrollment(p.cookie, p.enrollmentId);
    // Review restarts: 3 business days from Tuesday 11:00 is Friday 11:00.
    expect(back).toMatchObject({ state: 'SUBMITTED', estimatedDecisionAt: '2026-03-06T11:00:00.000Z', verification: { state: 'IN_REVIEW', openRequest: null } });
    const request = await db().selectFrom('informationRequest').selectAll().where('caseId', '=', caseId).executeTakeFirstOrThrow();
    expect(request.answeredAt?.toISOString()).toBe(clock.now().toISOString());

    // The verifier sees the response and downloads the document.
    const seen = (await detail(vera.cookie, caseId)).json();
    expect(seen.responses).toEqual([
      { id: receipt.responseId, receiptId: receipt.receiptId, informationRequestId: request.id, message: 'Here is our registration certificate.', createdAt: clock.now().toISOString(), documents: receipt.documents },
    ]);
    const file = await s.app.inject({ method: 'GET', url: `/api/v1/documents/${receipt.documents[0].id}`, headers: { cookie: vera.cookie } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="registration.pdf"; filename*=UTF-8''registration.pdf`);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.equals(PDF_BYTES)).toBe(true);
    // So does the partner's own admin.
    expect((await s.app.inject({ method: 'GET', url: `/api/v1/documents/${receipt.documents[0].id}`, headers: { cookie: p.cookie } })).rawPayload.equals(PDF_BYTES)).toBe(true);

    // Approve: the enrollment is QUALIFIED and the next step is the indirect reseller terms.
    const approved = await act(vera.cookie, caseId, 'approve', { note: 'Registration matches the legal profile.' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ state: 'APPROVED', decisionNote: 'Registration matches the legal profile.', availableActions: [] });
    expect(approved.json().checks.find((c: { kind: string }) => c.kind === 'BUSINESS')).toMatchObject({ status: 'PASSED' });
    expect(approved.json().history.map((h: { action: string }) => h.action)).toEqual(['OPEN', 'CLAIM', 'REQUEST_INFORMATION', 'RESPOND', 'APPROVE']);
    expect(approved.json().history.at(-1)).toMatchObject({ actorEmail: 'vera@program.example', note: 'Registration matches the legal profile.' });

    const qualified = await enrollment(p.cookie, p.enrollmentId);
    expect(qualified).toMatchObject({ state: 'QUALIFIED', qualifiedAt: clock.now().toISOString(), availableActions: ['ACCEPT_AGREEMENT'], estimatedDecisionAt: null, verification: { state: 'APPROVED' } });
    expect(qualified.timeline.map((t: { action: string; toState: string; by: string }) => `${t.action}:${t.toState}:${t.by}`)).toEqual([
      'CREATE:DRAFT:PARTNER',
      'SUBMIT:SUBMITTED:PARTNER',
      'REQUEST_INFORMATION:INFORMATION_REQUESTED:PROGRAM',
      'RESPOND:SUBMITTED:PARTNER',
      'APPROVE:QUALIFIED:PROGRAM',
    ]);
    const approvedMails = await mails(p.organizationId, 'verificationApproved');
    expect(approvedMails.map((m) => [m.toEmail, m.locale])).toEqual([['admin@contoso-tw.example', 'en-US'], ['lin@contoso-tw.example', 'zh-TW']]);
    expect(approvedMails[0]!.text).toContain('indirect reseller terms agreement');
    expect(approvedMails[1]!.text).toContain('間接轉銷商條款協議');
    expect(approvedMails[1]!.text).toContain('全域管理員');

    const audit = (await db().selectFrom('auditEvent').select('action').where('organizationId', '=', p.organizationId).orderBy('seq').execute()).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['VERIFICATION_CASE_CLAIMED', 'ENROLLMENT_INFORMATION_REQUESTED', 'VERIFICATION_INFORMATION_REQUESTED', 'ENROLLMENT_INFORMATION_PROVIDED', 'VERIFICATION_RESPONSE_RECEIVED', 'ENROLLMENT_QUALIFIED', 'VERIFICATION_APPROVED']));
  });

  it('rejects with a reason code: enrollment REJECTED, business check FAILED, the localized reason emailed', async () => {
    const p = await partnerWithEnrollment(s, 'reject-tw.example', { submit: true });
    await s.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: p.cookie }, payload: { locale: 'zh-TW' } });
    await act(vera.cookie, p.caseId!, 'claim');
    const r = await act(vera.cookie, p.caseId!, 'reject', { reasonCode: 'DOCUMENTS_INSUFFICIENT', note: 'The certificate has expired.' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ state: 'REJECTED', reasonCode: 'DOCUMENTS_INSUFFICIENT', decisionNote: 'The certificate has expired.' });
    expect(r.json().checks.find((c: { kind: string }) => c.kind === 'BUSINESS').status).toBe('FAILED');
    expect(await enrollment(p.cookie, p.enrollmentId)).toMatchObject({ state: 'REJECTED', availableActions: [] });
    const m = await mails(p.organizationId, 'verificationRejected');
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ locale: 'zh-TW' });
    expect(m[0]!.text).toContain('提供的文件不足');
    expect(m[0]!.text).toContain('The certificate has expired.');
    const own = (await ownVerification(p.cookie)).json();
    expect(own).toMatchObject({ state: 'REJECTED', reasonCode: 'DOCUMENTS_INSUFFICIENT', estimatedDecisionAt: null });
    // Decided: no way out.
    expectProblem(await act(vera.cookie, p.caseId!, 'approve', {}), 409, 'INVALID_TRANSITION');
    expectProblem(await act(vera.cookie, p.caseId!, 'claim'), 409, 'INVALID_TRANSITION');
  });

  it('can reject while waiting for the partner; the answer then has nothing to answer', async () => {
    const p = await caseAwaitingAnswer('reject-waiting-tw.example');
    expect((await act(vera.cookie, p.caseId!, 'reject', { reasonCode: 'SANCTIONED_OR_RESTRICTED', note: 'Listed.' })).statusCode).toBe(200);
    expect((await enrollment(p.cookie, p.enrollmentId)).state).toBe('REJECTED');
    expectProblem(await respond(p.cookie, 'Too late?', []), 409, 'INVALID_TRANSITION');
  });

  it('shows failing automatic checks: contact off the domain, partner ID inactive', async () => {
    const p = await partnerWithEnrollment(s, 'checks-tw.example', { submit: true, contactEmail: 'someone@elsewhere.example', partnerId: { active: false } });
    const d = (await detail(vera.cookie, p.caseId!)).json();
    expect(d.checks.find((c: { kind: string }) => c.kind === 'EMPLOYMENT')).toMatchObject({ status: 'FAILED' });
    expect(d.checks.find((c: { kind: string }) => c.kind === 'PARTNER_ID')).toMatchObject({ status: 'FAILED', code: 'PARTNER_ID_INACTIVE' });
  });
});

describe('refusals of staff actions', () => {
  it("shows the partner's profile history on the case: who changed which fields, never the bank numbers", async () => {
    const p = await partnerWithEnrollment(s, 'history-tw.example', { submit: true });
    const put = await s.app.inject({ method: 'PUT', url: '/api/v1/profile/support', headers: { cookie: p.cookie }, payload: { email: 'help@history-tw.example', phone: '+886 2 1234 5678' } });
    expect(put.statusCode, put.body).toBe(200);
    const bill = await s.app.inject({ method: 'PUT', url: '/api/v1/profile/billing', headers: { cookie: p.cookie }, payload: { bankAccount: { holderName: 'History Ltd', accountNumber: '123456789012', routingNumber: '0040017', bankCountry: 'TW' } } });
    expect(bill.statusCode, bill.body).toBe(200);
    const d = (await detail(vera.cookie, p.caseId!)).json();
    const actions = d.profileHistory.map((h: { action: string }) => h.action);
    expect(actions).toEqual(expect.arrayContaining(['SUPPORT_PROFILE_UPDATED', 'BILLING_PROFILE_UPDATED']));
    const support = d.profileHistory.find((h: { action: string }) => h.action === 'SUPPORT_PROFILE_UPDATED');
    expect(support).toMatchObject({ actorEmail: expect.stringContaining('@history-tw.example'), fields: expect.arrayContaining(['email', 'phone']) });
    expect(JSON.stringify(d.profileHistory)).not.toContain('123456789012');
  });

  it('refuses a partner and read-only staff with 403 FORBIDDEN, and changes nothing', async () => {
    const p = await partnerWithEnrollment(s, 'forbidden-tw.example', { submit: true });
    const before = await counts();
    expectProblem(await act(p.cookie, p.caseId!, 'claim'), 403, 'FORBIDDEN');
    expectProblem(await detail(p.cookie, p.caseId!), 403, 'FORBIDDEN');
    expectProblem(await s.app.inject({ method: 'GET', url: '/api/v1/admin/verification-cases', headers: { cookie: p.cookie } }), 403, 'FORBIDDEN');
    expectProblem(await act(sam.cookie, p.caseId!, 'claim'), 403, 'FORBIDDEN');
    expectProblem(await act(sam.cookie, p.caseId!, 'approve', {}), 403, 'FORBIDDEN');
    // Staff have no partner verification of their own; an unknown document is 404 for anyone.
    expectProblem(await ownVerification(vera.cookie), 403, 'FORBIDDEN');
    expectProblem(await s.app.inject({ method: 'GET', url: '/api/v1/documents/01890000-0000-7000-8000-000000000000', headers: { cookie: vera.cookie } }), 404, 'NOT_FOUND');
    expectProblem(await s.app.inject({ method: 'GET', url: '/api/v1/documents/01890000-0000-7000-8000-000000000000', headers: { cookie: p.cookie } }), 404, 'NOT_FOUND');
    // Support may read.
    expect((await detail(sam.cookie, p.caseId!)).json()).toMatchObject({ state: 'OPEN', availableActions: [] });
    expect(await counts()).toEqual(before);
    expect((await caseRow(p.caseId!)).state).toBe('OPEN');
  });

  it('refuses decisions before a claim with 409 CASE_NOT_ASSIGNED_TO_YOU or INVALID_TRANSITION', async () => {
    const p = await partnerWithEnrollment(s, 'unclaimed-tw.example', { submit: true });
    const before = await counts();
    // OPEN: decisions need a claim first.
    expectProblem(await act(vera.cookie, p.caseId!, 'approve', {}), 409, 'INVALID_TRANSITION');
    expectProblem(await act(vera.cookie, p.caseId!, 'request-information', { items: [{ kind: 'OTHER', message: 'x' }] }), 409, 'INVALID_TRANSITION');
    await act(vera.cookie, p.caseId!, 'claim');
    const after = await counts();
    expect(after.mail).toBe(before.mail);
    expectProblem(await act(victor.cookie, p.caseId!, 'approve', {}), 409, 'CASE_NOT_ASSIGNED_TO_YOU');
    expectProblem(await act(victor.cookie, p.caseId!, 'reject', { reasonCode: 'OTHER', note: 'n' }), 409, 'CASE_NOT_ASSIGNED_TO_YOU');
    expectProblem(await act(victor.cookie, p.caseId!, 'request-information', { items: [{ kind: 'OTHER', message: 'x' }] }), 409, 'CASE_NOT_ASSIGNED_TO_YOU');
    const p2 = expectProblem(await act(victor.cookie, p.caseId!, 'claim'), 409, 'CASE_ALREADY_CLAIMED');
    expect(p2.details).toEqual({ assigneeId: vera.userId });
    expect(await counts()).toEqual(after);
    expect(await caseRow(p.caseId!)).toMatchObject({ state: 'IN_REVIEW', assigneeId: vera.userId });
    // Claiming your own case again changes nothing for anyone else.
    expect((await act(vera.cookie, p.caseId!, 'claim')).json()).toMatchObject({ state: 'IN_REVIEW', assignee: { id: vera.userId } });
  });

  it('refuses malformed decisions with 400 and unknown cases with 404', async () => {
    const p = await partnerWithEnrollment(s, 'malformed-tw.example', { submit: true });
    await act(vera.cookie, p.caseId!, 'claim');
    const before = await counts();
    expectProblem(await act(vera.cookie, p.caseId!, 'request-information', { items: [] }), 400, 'VALIDATION_FAILED');
    expectProblem(await act(vera.cookie, p.caseId!, 'request-information', { items: [{ kind: 'DNA_SAMPLE', message: 'x' }] }), 400, 'VALIDATION_FAILED');
    expectProblem(await act(vera.cookie, p.caseId!, 'request-information', { items: [{ kind: 'OTHER', message: '   ' }] }), 400, 'VALIDATION_FAILED');
    expectProblem(await act(vera.cookie, p.caseId!, 'reject', { reasonCode: 'BAD_VIBES', note: 'x' }), 400, 'VALIDATION_FAILED');
    expectProblem(await act(vera.cookie, p.caseId!, 'reject', { reasonCode: 'OTHER' }), 400, 'VALIDATION_FAILED');
    expectProblem(await act(vera.cookie, '01890000-0000-7000-8000-000000000000', 'claim'), 404, 'NOT_FOUND');
    expectProblem(await detail(vera.cookie, '01890000-0000-7000-8000-000000000000'), 404, 'NOT_FOUND');
    expect(await counts()).toEqual(before);
    // Approve takes an optional body.
    expect((await act(vera.cookie, p.caseId!, 'approve')).statusCode).toBe(200);
  });
});

describe('two verifiers at once', () => {
  it('lets exactly one of two simultaneous claims win; the other gets 409 CASE_ALREADY_CLAIMED', async () => {
    for (let i = 0; i < 4; i++) {
      const p = await partnerWithEnrollment(s, `race-claim-${i}.example`, { submit: true });
      const results = await Promise.all([act(vera.cookie, p.caseId!, 'claim'), act(victor.cookie, p.caseId!, 'claim')]);
      const statuses = results.map((r) => r.statusCode).sort();
      expect(statuses, results.map((r) => r.body).join('\n')).toEqual([200, 409]);
      const loser = results.find((r) => r.statusCode === 409)!;
      expectProblem(loser, 409, 'CASE_ALREADY_CLAIMED');
      const winner = results[0]!.statusCode === 200 ? vera : victor;
      expect(await caseRow(p.caseId!)).toMatchObject({ state: 'IN_REVIEW', assigneeId: winner.userId, version: 2 });
      const claims = await db().selectFrom('auditEvent').select('id').where('action', '=', 'VERIFICATION_CASE_CLAIMED').where('subjectId', '=', p.caseId!).execute();
      expect(claims).toHaveLength(1);
    }
  });

  it('lets exactly one of two simultaneous conflicting decisions win (approve vs reject): one enrollment change, one email', async () => {
    for (let i = 0; i < 4; i++) {
      const p = await partnerWithEnrollment(s, `race-decide-${i}.example`, { submit: true });
      await act(vera.cookie, p.caseId!, 'claim');
      const results = await Promise.all([act(vera.cookie, p.caseId!, 'approve', {}), act(vera.cookie, p.caseId!, 'reject', { reasonCode: 'OTHER', note: 'race' })]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expectProblem(results.find((r) => r.statusCode === 409)!, 409, 'INVALID_TRANSITION');
      const won = results.findIndex((r) => r.statusCode === 200) === 0 ? 'APPROVED' : 'REJECTED';
      expect((await caseRow(p.caseId!)).state).toBe(won);
      expect((await enrollment(p.cookie, p.enrollmentId)).state).toBe(won === 'APPROVED' ? 'QUALIFIED' : 'REJECTED');
      const decided = [...(await mails(p.organizationId, 'verificationApproved')), ...(await mails(p.organizationId, 'verificationRejected'))];
      expect(decided).toHaveLength(1);
      const events = await db().selectFrom('enrollmentEvent').select('action').where('enrollmentId', '=', p.enrollmentId).execute();
      expect(events.map((e) => e.action).sort()).toEqual(['CREATE', won === 'APPROVED' ? 'APPROVE' : 'REJECT', 'SUBMIT'].sort());
    }
  });
});

describe('partner responses and documents', () => {
  it('stores a PNG uploaded as "scan.pdf" as a PNG (type by content), and a JPEG as a JPEG', async () => {
    const p = await caseAwaitingAnswer('sniff-tw.example');
    const r = await respond(p.cookie, 'Two scans.', [
      { filename: 'scan.pdf', contentType: 'application/pdf', content: PNG_BYTES },
      { filename: 'photo', contentType: 'application/octet-stream', content: JPEG_BYTES },
    ]);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().documents.map((d: { filename: string; contentType: string }) => [d.filename, d.contentType])).toEqual([
      ['scan.png', 'image/png'],
      ['photo.jpg', 'image/jpeg'],
    ]);
    const stored = await db().selectFrom('document').select(['contentType', 'content']).where('id', '=', r.json().documents[0].id).executeTakeFirstOrThrow();
    expect(stored.contentType).toBe('image/png');
    expect(Buffer.from(stored.content).equals(PNG_BYTES)).toBe(true);
    const file = await s.app.inject({ method: 'GET', url: `/api/v1/documents/${r.json().documents[0].id}`, headers: { cookie: p.cookie } });
    expect(file.headers['content-type']).toBe('image/png');
  });

  it('keeps a UTF-8 file name and offers it for download with an ASCII fallback', async () => {
    const p = await caseAwaitingAnswer('utf8-tw.example');
    const r = await respond(p.cookie, '附上營業登記。', [{ filename: '營業登記 2026.pdf', contentType: 'application/pdf', content: PDF_BYTES }]);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().documents[0].filename).toBe('營業登記 2026.pdf');
    const file = await s.app.inject({ method: 'GET', url: `/api/v1/documents/${r.json().documents[0].id}`, headers: { cookie: vera.cookie } });
    expect(file.headers['content-disposition']).toBe(`attachment; filename="____ 2026.pdf"; filename*=UTF-8''${encodeURIComponent('營業登記 2026.pdf')}`);
    expect((await ownVerification(p.cookie)).json().responses[0].message).toBe('附上營業登記。');
  });

  it('refuses an executable or a text file whatever it is called with 415 DOCUMENT_TYPE_NOT_ALLOWED, storing nothing', async () => {
    const p = await caseAwaitingAnswer('exe-tw.example');
    const before = await counts();
    for (const [filename, content] of [['invoice.pdf', EXE_BYTES], ['notes.txt', Buffer.from('just some text')], ['empty.pdf', Buffer.alloc(0)]] as const) {
      const r = await respond(p.cookie, 'Please accept.', [
        { filename: 'ok.pdf', contentType: 'application/pdf', content: PDF_BYTES },
        { filename, contentType: 'application/pdf', content },
      ]);
      expect(expectProblem(r, 415, 'DOCUMENT_TYPE_NOT_ALLOWED').details).toMatchObject({ filename, index: 1 });
    }
    expect(await counts()).toEqual(before);
    expect((await caseRow(p.caseId!)).state).toBe('INFORMATION_REQUESTED');
  });

  it('refuses a document over the size limit with 413 DOCUMENT_TOO_LARGE, accepting one exactly at it', async () => {
    const p = await caseAwaitingAnswer('large-tw.example');
    const before = await counts();
    const tooBig = Buffer.concat([PDF_BYTES, Buffer.alloc(MAX_DOCUMENT_BYTES + 1 - PDF_BYTES.length)]);
    expectProblem(await respond(p.cookie, 'Big one.', [{ filename: 'big.pdf', contentType: 'application/pdf', content: tooBig }]), 413, 'DOCUMENT_TOO_LARGE');
    expect(await counts()).toEqual(before);
    const atLimit = tooBig.subarray(0, MAX_DOCUMENT_BYTES);
    const r = await respond(p.cookie, 'Exactly at the limit.', [{ filename: 'limit.pdf', contentType: 'application/pdf', content: atLimit }]);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().documents[0].sizeBytes).toBe(MAX_DOCUMENT_BYTES);
  });

  it('refuses more than five documents, a missing message and a stray field with 400 VALIDATION_FAILED', async () => {
    const p = await caseAwaitingAnswer('many-tw.example');
    const before = await counts();
    const six = Array.from({ length: 6 }, (_, i) => ({ filename: `p${i}.pdf`, contentType: 'application/pdf', content: PDF_BYTES }));
    expect(expectProblem(await respond(p.cookie, 'Six.', six), 400, 'VALIDATION_FAILED').details).toMatchObject({ issues: [{ path: 'body.documents' }] });
    expect(expectProblem(await respond(p.cookie, undefined, []), 400, 'VALIDATION_FAILED').details).toMatchObject({ issues: [{ path: 'body.message' }] });
    expect(expectProblem(await respond(p.cookie, '   ', []), 400, 'VALIDATION_FAILED').details).toMatchObject({ issues: [{ path: 'body.message' }] });
    const stray = multipart({ message: 'Hi', isAdmin: 'true' }, []);
    expectProblem(await s.app.inject({ method: 'POST', url: '/api/v1/verification/responses', headers: { cookie: p.cookie, ...stray.headers }, payload: stray.payload }), 400, 'VALIDATION_FAILED');
    const wrongField = await respond(p.cookie, 'Hi', [{ field: 'attachment', filename: 'a.pdf', contentType: 'application/pdf', content: PDF_BYTES }]);
    expectProblem(wrongField, 400, 'VALIDATION_FAILED');
    expectProblem(await s.app.inject({ method: 'POST', url: '/api/v1/verification/responses', headers: { cookie: p.cookie }, payload: { message: 'json' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const broken = await s.app.inject({ method: 'POST', url: '/api/v1/verification/responses', headers: { cookie: p.cookie, 'content-type': 'multipart/form-data; boundary=zzz' }, payload: '--zzz\r\nContent-Disposition: form-data; name="message"\r\n\r\nunterminated' });
    expect([400, 415]).toContain(broken.statusCode);
    expectProblem(broken, broken.statusCode);
    expect(await counts()).toEqual(before);
    // Five is fine, and a message alone is fine too.
    expect((await respond(p.cookie, 'Five.', six.slice(0, 5))).statusCode).toBe(201);
  });

  it('answers 409 INVALID_TRANSITION when nothing was requested and 404 before any submission', async () => {
    const p = await partnerWithEnrollment(s, 'unasked-tw.example', { submit: true });
    expectProblem(await respond(p.cookie, 'Unasked.', []), 409, 'INVALID_TRANSITION');
    const draft = await partnerWithEnrollment(s, 'draft-tw.example');
    expectProblem(await respond(draft.cookie, 'Nothing yet.', []), 404, 'NOT_FOUND');
    expectProblem(await ownVerification(draft.cookie), 404, 'NOT_FOUND');
  });

  it('lets only global and account admins respond (403 FORBIDDEN); members read the status but not the documents', async () => {
    const p = await caseAwaitingAnswer('member-tw.example');
    const member = await signInInvited(s, p.cookie, 'mo@member-tw.example', 'member');
    expectProblem(await respond(member.cookie, 'I am a member.', []), 403, 'FORBIDDEN');
    expect((await ownVerification(member.cookie)).json()).toMatchObject({ state: 'INFORMATION_REQUESTED', availableActions: [] });
    const r = await respond(p.cookie, 'Answer.', [{ filename: 'a.pdf', contentType: 'application/pdf', content: PDF_BYTES }]);
    expectProblem(await s.app.inject({ method: 'GET', url: `/api/v1/documents/${r.json().documents[0].id}`, headers: { cookie: member.cookie } }), 403, 'FORBIDDEN');
  });

  it('gives every response a distinct receipt id', async () => {
    const receipts = new Set<string>();
    const p = await caseAwaitingAnswer('receipts-tw.example');
    for (let i = 0; i < 3; i++) {
      const r = await respond(p.cookie, `Answer ${i}`, []);
      expect(r.statusCode, r.body).toBe(201);
      receipts.add(r.json().receiptId);
      await act(vera.cookie, p.caseId!, 'request-information', { items: [{ kind: 'OTHER', message: `More ${i}` }] });
    }
    expect(receipts.size).toBe(3);
  });
});

describe('tenant isolation', () => {
  it("never shows organization A organization B's verification, documents or enrollments", async () => {
    const b = await caseAwaitingAnswer('iso-b-tw.example');
    const bReceipt = (await respond(b.cookie, 'B secret answer', [{ filename: 'b-secret.pdf', contentType: 'application/pdf', content: PDF_BYTES }])).json();
    const a = await caseAwaitingAnswer('iso-a-tw.example');
    const check = (r: LightMyRequestResponse) => {
      for (const marker of [b.organizationId, b.caseId!, b.enrollmentId, bReceipt.receiptId, 'b-secret', 'B secret answer']) expect(r.body).not.toContain(marker);
    };
    const own = await ownVerification(a.cookie);
    expect(own.json().caseId).toBe(a.caseId);
    check(own);
    const doc = await s.app.inject({ method: 'GET', url: `/api/v1/documents/${bReceipt.documents[0].id}`, headers: { cookie: a.cookie } });
    expectProblem(doc, 404, 'NOT_FOUND');
    check(doc);
    const enr = await s.app.inject({ method: 'GET', url: `/api/v1/enrollments/${b.enrollmentId}`, headers: { cookie: a.cookie } });
    expectProblem(enr, 404, 'NOT_FOUND');
    check(enr);
    // A's answer lands on A's case, never on B's.
    const answer = await respond(a.cookie, 'A answer', []);
    expect(answer.statusCode).toBe(201);
    expect((await caseRow(b.caseId!)).state).toBe('IN_REVIEW');
    expect((await db().selectFrom('verificationResponse').select('caseId').where('receiptId', '=', answer.json().receiptId).executeTakeFirstOrThrow()).caseId).toBe(a.caseId);
  });
});

describe('the staff queue', () => {
  it('filters by state, overdue, country and assignee, sorted by due date, with paging', async () => {
    // Fresh cases opened a day apart (due dates follow), one per filter to find.
    const first = await partnerWithEnrollment(s, 'queue-1.example', { submit: true });
    clock.advance(24 * 3600_000);
    const second = await partnerWithEnrollment(s, 'queue-2.example', { submit: true, country: 'US' });
    clock.advance(24 * 3600_000);
    const third = await partnerWithEnrollment(s, 'queue-3.example', { submit: true });
    await act(victor.cookie, third.caseId!, 'claim');
    const ids = [first.caseId, second.caseId, third.caseId];
    const list = async (q: string, cookie = vera.cookie) => {
      const r = await s.app.inject({ method: 'GET', url: `/api/v1/admin/verification-cases?limit=200&${q}`, headers: { cookie } });
      expect(r.statusCode, r.body).toBe(200);
      return r.json().items as Array<{ id: string; dueAt: string; overdue: boolean; businessDaysOverdue: number; state: string }>;
    };
    const ours = (items: Array<{ id: string }>) => items.map((i) => i.id).filter((id) => ids.includes(id));

    const all = await list('');
    expect(ours(all)).toEqual(ids);
    const dues = all.map((i) => i.dueAt);
    expect(dues).toEqual([...dues].sort());
    expect(ours(await list('country=US'))).toEqual([second.caseId]);
    expect(ours(await list('country=tw'))).toEqual([first.caseId, third.caseId]);
    expect(ours(await list('state=IN_REVIEW'))).toEqual([third.caseId]);
    expect(ours(await list('assignee=unassigned'))).toEqual([first.caseId, second.caseId]);
    expect(ours(await list('assignee=me', victor.cookie))).toEqual([third.caseId]);
    expect(ours(await list(`assignee=${victor.userId}`))).toEqual([third.caseId]);
    expect(ours(await list('overdue=true'))).toEqual([]);

    // A week later all three are overdue; decided cases never are.
    clock.advance(7 * 24 * 3600_000);
    const overdue = await list('overdue=true');
    expect(ours(overdue)).toEqual(ids);
    expect(overdue.find((i) => i.id === first.caseId)).toMatchObject({ overdue: true });
    expect(overdue.find((i) => i.id === first.caseId)!.businessDaysOverdue).toBeGreaterThan(0);
    expect(overdue.every((i) => i.state !== 'APPROVED' && i.state !== 'REJECTED')).toBe(true);
    expect(ours(await list('overdue=false'))).toEqual([]);

    // Paging walks the same order without repeats.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await s.app.inject({ method: 'GET', url: `/api/v1/admin/verification-cases?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: { cookie: vera.cookie } });
      const page = r.json() as { items: Array<{ id: string }>; nextCursor: string | null };
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 500);
    expect(seen).toEqual(all.map((i) => i.id));
    expect(new Set(seen).size).toBe(seen.length);

    for (const bad of ['cursor=not-a-cursor', 'state=PENDING', 'overdue=yes', 'country=TWN', 'assignee=someone', 'limit=0']) {
      expectProblem(await s.app.inject({ method: 'GET', url: `/api/v1/admin/verification-cases?${bad}`, headers: { cookie: vera.cookie } }), 400, 'VALIDATION_FAILED');
    }
  });
});

describe('program settings', () => {
  const url = '/api/v1/admin/program-settings/verification';
  it('defaults to 3 business days with Saturday and Sunday off, and lets a program admin change it (audited)', async () => {
    const admin = await staffSession(s, 'pa@program.example', 'program_admin');
    const read = await s.app.inject({ method: 'GET', url, headers: { cookie: vera.cookie } });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ targetBusinessDays: 3, weekend: [6, 7], holidays: [] });
    const put = await s.app.inject({ method: 'PUT', url, headers: { cookie: admin.cookie }, payload: { targetBusinessDays: 10, weekend: [7, 6, 6], holidays: ['2026-12-25', '2026-01-01', '2026-12-25'] } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({ targetBusinessDays: 10, weekend: [6, 7], holidays: ['2026-01-01', '2026-12-25'], updatedAt: clock.now().toISOString() });
    expect((await s.app.inject({ method: 'GET', url, headers: { cookie: sam.cookie } })).json()).toMatchObject({ targetBusinessDays: 10 });
    const audit = await db().selectFrom('auditEvent').selectAll().where('action', '=', 'PROGRAM_SETTINGS_CHANGED').execute();
    expect(audit.at(-1)).toMatchObject({ actorUserId: admin.userId, data: { from: { targetBusinessDays: 3 }, to: { targetBusinessDays: 10 } } });
    await s.app.inject({ method: 'PUT', url, headers: { cookie: admin.cookie }, payload: { targetBusinessDays: 3, weekend: [6, 7], holidays: [] } });
  });

  it('refuses out-of-range values with 400 and anyone but a program admin with 403', async () => {
    const admin = await staffSession(s, 'pa2@program.example', 'program_admin');
    const put = (cookie: string, payload: unknown) => s.app.inject({ method: 'PUT', url, headers: { cookie }, payload: payload as object });
    const valid = { targetBusinessDays: 3, weekend: [6, 7], holidays: [] };
    for (const bad of [
      { ...valid, targetBusinessDays: 0 },
      { ...valid, targetBusinessDays: 31 },
      { ...valid, targetBusinessDays: 2.5 },
      { ...valid, weekend: [0] },
      { ...valid, weekend: [8] },
      { ...valid, weekend: [1, 2, 3, 4, 5, 6, 7] },
      { ...valid, weekend: [1, 1, 2, 3, 4, 5, 6, 7] },
      { ...valid, holidays: ['2026-02-30'] },
      { ...valid, holidays: ['25/12/2026'] },
      { ...valid, holidays: ['2026-12-25T00:00:00Z'] },
    ]) {
      expectProblem(await put(admin.cookie, bad), 400, 'VALIDATION_FAILED');
    }
    expectProblem(await put(vera.cookie, valid), 403, 'FORBIDDEN');
    const partner = await signIn(s, 'admin@settings-partner.example');
    expectProblem(await put(partner.cookie, valid), 403, 'FORBIDDEN');
    expectProblem(await s.app.inject({ method: 'GET', url, headers: { cookie: partner.cookie } }), 403, 'FORBIDDEN');
  });
});

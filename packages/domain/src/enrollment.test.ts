import { describe, expect, it } from 'vitest';
import {
  ENROLLMENT_ACTIONS,
  ENROLLMENT_STATES,
  INDIRECT_ENROLLMENT,
  INDIRECT_STATES,
  PROFILE_PARTS,
  profileMissing,
  TERMINAL_ENROLLMENT_STATES,
  TERMINAL_VERIFICATION_STATES,
  VERIFICATION_ACTIONS,
  VERIFICATION_CASE,
  VERIFICATION_STATES,
  type EnrollmentAction,
  type EnrollmentContext,
  type EnrollmentState,
  type VerificationAction,
  type VerificationContext,
  type VerificationState,
} from './enrollment.ts';
import { availableActions, decide, type TransitionTable } from './machine.ts';
import type { Role } from './roles.ts';

/** A refusal because the state does not allow the action. */
const X = 'INVALID_TRANSITION';

const partner = (...roles: Role[]) => ({ userId: 'u-partner', roles });
const staff = (userId: string, ...roles: Role[]) => ({ userId, roles });

/** The context in which each enrollment action is allowed by its guards (right role, complete profile). */
const ALLOWED_ENROLLMENT_CTX: Record<EnrollmentAction, EnrollmentContext> = {
  SUBMIT: { actor: partner('account_admin'), missing: [] },
  REQUEST_INFORMATION: { actor: staff('v1', 'verifier'), missing: [] },
  RESPOND: { actor: partner('global_admin'), missing: [] },
  APPROVE: { actor: staff('v1', 'verifier'), missing: [] },
  REJECT: { actor: staff('v1', 'program_admin'), missing: [] },
  ACCEPT_AGREEMENT: { actor: partner('global_admin'), missing: [] },
};

/** Every (state × action) of the indirect enrollment: the target state, or X. */
const ENROLLMENT_EXPECTED: Record<EnrollmentState, Record<EnrollmentAction, EnrollmentState | typeof X>> = {
  DRAFT: { SUBMIT: 'SUBMITTED', REQUEST_INFORMATION: X, RESPOND: X, APPROVE: X, REJECT: X, ACCEPT_AGREEMENT: X },
  SUBMITTED: { SUBMIT: X, REQUEST_INFORMATION: 'INFORMATION_REQUESTED', RESPOND: X, APPROVE: 'QUALIFIED', REJECT: 'REJECTED', ACCEPT_AGREEMENT: X },
  INFORMATION_REQUESTED: { SUBMIT: X, REQUEST_INFORMATION: X, RESPOND: 'SUBMITTED', APPROVE: X, REJECT: 'REJECTED', ACCEPT_AGREEMENT: X },
  QUALIFIED: { SUBMIT: X, REQUEST_INFORMATION: X, RESPOND: X, APPROVE: X, REJECT: X, ACCEPT_AGREEMENT: 'ACTIVE' },
  ACTIVE: { SUBMIT: X, REQUEST_INFORMATION: X, RESPOND: X, APPROVE: X, REJECT: X, ACCEPT_AGREEMENT: X },
  REJECTED: { SUBMIT: X, REQUEST_INFORMATION: X, RESPOND: X, APPROVE: X, REJECT: X, ACCEPT_AGREEMENT: X },
  // Direct bill states: the indirect machine never enters or leaves them.
  RESTRICTED: { SUBMIT: X, REQUEST_INFORMATION: X, RESPOND: X, APPROVE: X, REJECT: X, ACCEPT_AGREEMENT: X },
  ELIGIBILITY_REVIEW: { SUBMIT: X, REQUEST_INFORMATION: X, RESPOND: X, APPROVE: X, REJECT: X, ACCEPT_AGREEMENT: X },
  NOT_ELIGIBLE: { SUBMIT: X, REQUEST_INFORMATION: X, RESPOND: X, APPROVE: X, REJECT: X, ACCEPT_AGREEMENT: X },
  CREDIT_REVIEW: { SUBMIT: X, REQUEST_INFORMATION: X, RESPOND: X, APPROVE: X, REJECT: X, ACCEPT_AGREEMENT: X },
  CREDIT_FAILED: { SUBMIT: X, REQUEST_INFORMATION: X, RESPOND: X, APPROVE: X, REJECT: X, ACCEPT_AGREEMENT: X },
  SUPPORT_PLAN_REQUIRED: { SUBMIT: X, REQUEST_INFORMATION: X, RESPOND: X, APPROVE: X, REJECT: X, ACCEPT_AGREEMENT: X },
};

/** The context in which each case action is allowed: v1 acts; claims need an unclaimed case, decisions v1's own. */
const ALLOWED_CASE_CTX: Record<VerificationAction, VerificationContext> = {
  CLAIM: { actor: staff('v1', 'verifier'), assigneeId: null },
  REQUEST_INFORMATION: { actor: staff('v1', 'verifier'), assigneeId: 'v1' },
  RESPOND: { actor: partner('global_admin'), assigneeId: 'v1' },
  APPROVE: { actor: staff('v1', 'verifier'), assigneeId: 'v1' },
  REJECT: { actor: staff('v1', 'program_admin'), assigneeId: 'v1' },
};

const CASE_EXPECTED: Record<VerificationState, Record<VerificationAction, VerificationState | typeof X>> = {
  OPEN: { CLAIM: 'IN_REVIEW', REQUEST_INFORMATION: X, RESPOND: X, APPROVE: X, REJECT: X },
  IN_REVIEW: { CLAIM: 'IN_REVIEW', REQUEST_INFORMATION: 'INFORMATION_REQUESTED', RESPOND: X, APPROVE: 'APPROVED', REJECT: 'REJECTED' },
  // Waiting for the partner: a claim would desynchronise case and enrollment.
  INFORMATION_REQUESTED: { CLAIM: X, REQUEST_INFORMATION: X, RESPOND: 'IN_REVIEW', APPROVE: X, REJECT: 'REJECTED' },
  APPROVED: { CLAIM: X, REQUEST_INFORMATION: X, RESPOND: X, APPROVE: X, REJECT: X },
  REJECTED: { CLAIM: X, REQUEST_INFORMATION: X, RESPOND: X, APPROVE: X, REJECT: X },
};

/** States reachable from `start` by following the table's edges. */
function reachable<S extends string, A extends string, C>(table: TransitionTable<S, A, C>, start: S): Set<S> {
  const seen = new Set<S>([start]);
  const queue: S[] = [start];
  while (queue.length) {
    const s = queue.shift()!;
    for (const t of Object.values(table) as Array<{ from: readonly S[]; to: S }>) {
      if (t.from.includes(s) && !seen.has(t.to)) {
        seen.add(t.to);
        queue.push(t.to);
      }
    }
  }
  return seen;
}

const allRoles: Role[] = ['global_admin', 'account_admin', 'billing_admin', 'admin_agent', 'sales_agent', 'member', 'program_admin', 'verifier', 'credit_analyst', 'support'];

describe('indirect enrollment machine', () => {
  for (const state of ENROLLMENT_STATES) {
    for (const action of ENROLLMENT_ACTIONS) {
      const expected = ENROLLMENT_EXPECTED[state][action];
      it(`${state} × ${action} → ${expected}`, () => {
        const d = decide(INDIRECT_ENROLLMENT, action, state, ALLOWED_ENROLLMENT_CTX[action]);
        if (expected === X) expect(d).toEqual({ ok: false, code: X, details: { action, state } });
        else expect(d).toEqual({ ok: true, to: expected });
      });
    }
  }

  it('reaches every indirect state from DRAFT', () => {
    expect([...reachable(INDIRECT_ENROLLMENT, 'DRAFT')].sort()).toEqual([...INDIRECT_STATES].sort());
  });

  it('has no way out of a terminal state, for any role', () => {
    for (const state of TERMINAL_ENROLLMENT_STATES) {
      for (const action of ENROLLMENT_ACTIONS) {
        for (const role of allRoles) expect(decide(INDIRECT_ENROLLMENT, action, state, { actor: partner(role), missing: [] }).ok).toBe(false);
      }
      expect(availableActions(INDIRECT_ENROLLMENT, state, ALLOWED_ENROLLMENT_CTX.SUBMIT)).toEqual([]);
    }
  });

  it('lets only a global or account admin submit and respond (FORBIDDEN otherwise)', () => {
    for (const role of allRoles) {
      const ok = role === 'global_admin' || role === 'account_admin';
      const submit = decide(INDIRECT_ENROLLMENT, 'SUBMIT', 'DRAFT', { actor: partner(role), missing: [] });
      const respond = decide(INDIRECT_ENROLLMENT, 'RESPOND', 'INFORMATION_REQUESTED', { actor: partner(role), missing: [] });
      expect(submit, role).toEqual(ok ? { ok: true, to: 'SUBMITTED' } : { ok: false, code: 'FORBIDDEN' });
      expect(respond, role).toEqual(ok ? { ok: true, to: 'SUBMITTED' } : { ok: false, code: 'FORBIDDEN' });
    }
  });

  it('refuses to submit an incomplete profile with PROFILE_INCOMPLETE listing the missing parts', () => {
    const d = decide(INDIRECT_ENROLLMENT, 'SUBMIT', 'DRAFT', { actor: partner('global_admin'), missing: ['billingProfile', 'partnerId'] });
    expect(d).toEqual({ ok: false, code: 'PROFILE_INCOMPLETE', details: { missing: ['billingProfile', 'partnerId'] } });
    // The role is checked first: a member learns nothing about the profile.
    expect(decide(INDIRECT_ENROLLMENT, 'SUBMIT', 'DRAFT', { actor: partner('member'), missing: ['partnerId'] })).toEqual({ ok: false, code: 'FORBIDDEN' });
  });

  it('lets only program verifiers and admins request information, approve and reject', () => {
    for (const action of ['REQUEST_INFORMATION', 'APPROVE', 'REJECT'] as const) {
      for (const role of allRoles) {
        const ok = role === 'verifier' || role === 'program_admin';
        expect(decide(INDIRECT_ENROLLMENT, action, 'SUBMITTED', { actor: partner(role), missing: [] }).ok, `${action} ${role}`).toBe(ok);
      }
    }
  });

  it('refuses ACCEPT_AGREEMENT by anyone but a global admin with AGREEMENT_SIGNER_NOT_AUTHORIZED', () => {
    for (const role of allRoles) {
      const d = decide(INDIRECT_ENROLLMENT, 'ACCEPT_AGREEMENT', 'QUALIFIED', { actor: partner(role), missing: [] });
      expect(d, role).toEqual(role === 'global_admin' ? { ok: true, to: 'ACTIVE' } : { ok: false, code: 'AGREEMENT_SIGNER_NOT_AUTHORIZED' });
    }
  });

  it('offers each caller exactly the actions decide allows', () => {
    expect(availableActions(INDIRECT_ENROLLMENT, 'DRAFT', { actor: partner('global_admin'), missing: [] })).toEqual(['SUBMIT']);
    expect(availableActions(INDIRECT_ENROLLMENT, 'DRAFT', { actor: partner('global_admin'), missing: ['partnerId'] })).toEqual([]);
    expect(availableActions(INDIRECT_ENROLLMENT, 'SUBMITTED', { actor: partner('global_admin'), missing: [] })).toEqual([]);
    expect(availableActions(INDIRECT_ENROLLMENT, 'SUBMITTED', { actor: staff('v1', 'verifier'), missing: [] })).toEqual(['REQUEST_INFORMATION', 'APPROVE', 'REJECT']);
    expect(availableActions(INDIRECT_ENROLLMENT, 'INFORMATION_REQUESTED', { actor: partner('account_admin'), missing: [] })).toEqual(['RESPOND']);
    expect(availableActions(INDIRECT_ENROLLMENT, 'QUALIFIED', { actor: partner('global_admin'), missing: [] })).toEqual(['ACCEPT_AGREEMENT']);
    expect(availableActions(INDIRECT_ENROLLMENT, 'QUALIFIED', { actor: partner('account_admin'), missing: [] })).toEqual([]);
  });
});

describe('verification case machine', () => {
  for (const state of VERIFICATION_STATES) {
    for (const action of VERIFICATION_ACTIONS) {
      const expected = CASE_EXPECTED[state][action];
      it(`${state} × ${action} → ${expected}`, () => {
        const d = decide(VERIFICATION_CASE, action, state, ALLOWED_CASE_CTX[action]);
        if (expected === X) expect(d).toEqual({ ok: false, code: X, details: { action, state } });
        else expect(d).toEqual({ ok: true, to: expected });
      });
    }
  }

  it('reaches every state from OPEN', () => {
    expect([...reachable(VERIFICATION_CASE, 'OPEN')].sort()).toEqual([...VERIFICATION_STATES].sort());
  });

  it('has no way out of APPROVED or REJECTED', () => {
    for (const state of TERMINAL_VERIFICATION_STATES) {
      for (const action of VERIFICATION_ACTIONS) {
        for (const ctx of Object.values(ALLOWED_CASE_CTX)) expect(decide(VERIFICATION_CASE, action, state, ctx).ok).toBe(false);
      }
      for (const t of Object.values(VERIFICATION_CASE)) expect(t.from).not.toContain(state);
    }
  });

  it("refuses to claim another verifier's case with CASE_ALREADY_CLAIMED", () => {
    expect(decide(VERIFICATION_CASE, 'CLAIM', 'IN_REVIEW', { actor: staff('v2', 'verifier'), assigneeId: 'v1' })).toEqual({ ok: false, code: 'CASE_ALREADY_CLAIMED', details: { assigneeId: 'v1' } });
    expect(decide(VERIFICATION_CASE, 'CLAIM', 'IN_REVIEW', { actor: staff('v1', 'verifier'), assigneeId: 'v1' })).toEqual({ ok: true, to: 'IN_REVIEW' });
  });

  it('refuses decisions on a case not claimed by the caller with CASE_NOT_ASSIGNED_TO_YOU', () => {
    for (const action of ['REQUEST_INFORMATION', 'APPROVE', 'REJECT'] as const) {
      for (const assigneeId of [null, 'v1']) {
        expect(decide(VERIFICATION_CASE, action, 'IN_REVIEW', { actor: staff('v2', 'verifier'), assigneeId }), `${action} ${assigneeId}`).toEqual({ ok: false, code: 'CASE_NOT_ASSIGNED_TO_YOU', details: { assigneeId } });
      }
    }
  });

  it('lets only verifiers and program admins act as staff, and only partner admins respond (FORBIDDEN)', () => {
    for (const role of allRoles) {
      const isVerifier = role === 'verifier' || role === 'program_admin';
      const isResponder = role === 'global_admin' || role === 'account_admin';
      expect(decide(VERIFICATION_CASE, 'CLAIM', 'OPEN', { actor: staff('x', role), assigneeId: null }), role).toEqual(isVerifier ? { ok: true, to: 'IN_REVIEW' } : { ok: false, code: 'FORBIDDEN' });
      expect(decide(VERIFICATION_CASE, 'RESPOND', 'INFORMATION_REQUESTED', { actor: partner(role), assigneeId: 'v1' }), role).toEqual(isResponder ? { ok: true, to: 'IN_REVIEW' } : { ok: false, code: 'FORBIDDEN' });
    }
  });

  it('offers a verifier the actions of the case they hold, and nothing on a colleague’s', () => {
    expect(availableActions(VERIFICATION_CASE, 'OPEN', { actor: staff('v1', 'verifier'), assigneeId: null })).toEqual(['CLAIM']);
    expect(availableActions(VERIFICATION_CASE, 'IN_REVIEW', { actor: staff('v1', 'verifier'), assigneeId: 'v1' })).toEqual(['CLAIM', 'REQUEST_INFORMATION', 'APPROVE', 'REJECT']);
    expect(availableActions(VERIFICATION_CASE, 'IN_REVIEW', { actor: staff('v2', 'verifier'), assigneeId: 'v1' })).toEqual([]);
    expect(availableActions(VERIFICATION_CASE, 'INFORMATION_REQUESTED', { actor: staff('v1', 'verifier'), assigneeId: 'v1' })).toEqual(['REJECT']);
    expect(availableActions(VERIFICATION_CASE, 'INFORMATION_REQUESTED', { actor: partner('global_admin'), assigneeId: 'v1' })).toEqual(['RESPOND']);
  });

  it('keeps each staff decision mirrorable onto the enrollment (case and enrollment move together)', () => {
    // Case state ↔ enrollment state while the review runs.
    const pairs: Array<[VerificationState, EnrollmentState]> = [['OPEN', 'SUBMITTED'], ['IN_REVIEW', 'SUBMITTED'], ['INFORMATION_REQUESTED', 'INFORMATION_REQUESTED']];
    const mirror: Partial<Record<VerificationAction, EnrollmentAction>> = { REQUEST_INFORMATION: 'REQUEST_INFORMATION', RESPOND: 'RESPOND', APPROVE: 'APPROVE', REJECT: 'REJECT' };
    for (const [caseState, enrollmentState] of pairs) {
      for (const action of VERIFICATION_ACTIONS) {
        const c = decide(VERIFICATION_CASE, action, caseState, ALLOWED_CASE_CTX[action]);
        const m = mirror[action];
        if (!c.ok || !m) continue;
        const e = decide(INDIRECT_ENROLLMENT, m, enrollmentState, { actor: ALLOWED_CASE_CTX[action].actor, missing: [] });
        expect(e.ok, `${caseState}/${enrollmentState} ${action}`).toBe(true);
      }
    }
  });
});

describe('profileMissing', () => {
  it('lists exactly the parts not yet provided, in a stable order', () => {
    expect(profileMissing({ legalBusiness: true, supportProfile: true, billingProfile: true, partnerId: true })).toEqual([]);
    expect(profileMissing({ legalBusiness: false, supportProfile: true, billingProfile: false, partnerId: true })).toEqual(['legalBusiness', 'billingProfile']);
    expect(profileMissing({ legalBusiness: false, supportProfile: false, billingProfile: false, partnerId: false })).toEqual([...PROFILE_PARTS]);
  });
});

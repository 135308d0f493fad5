import { describe, expect, it } from 'vitest';
import { ENROLLMENT_ACTIONS, ENROLLMENT_STATES, ERROR_CODES, INFORMATION_KINDS, PARTNER_ID_KINDS, PROFILE_PARTS, REJECTION_REASONS, VERIFICATION_ACTIONS, VERIFICATION_STATES, currentMarketPolicy } from '@csp-center/domain';
import { LOCALES, resources } from '@csp-center/i18n';

const CHECK_KINDS = ['EMAIL_OWNERSHIP', 'EMPLOYMENT', 'PARTNER_ID', 'BUSINESS'] as const;
const CHECK_STATUSES = ['PASSED', 'FAILED', 'PENDING'] as const;
// The enrollment actions a partner can take from the status page.
const PARTNER_ACTIONS = ['SUBMIT', 'RESPOND', 'ACCEPT_AGREEMENT'] as const;
const PARTNER_ID_REFUSALS = ['PARTNER_ID_NOT_FOUND', 'PARTNER_ID_INACTIVE', 'PARTNER_ID_NOT_LOCATION', 'PARTNER_ID_COUNTRY_MISMATCH', 'PARTNER_ID_ALREADY_ASSOCIATED'] as const;

describe('UI labels for every domain code', () => {
  for (const locale of LOCALES) {
    const r = resources[locale];
    it(`labels states, actions, reasons, kinds and checks in ${locale}`, () => {
      for (const s of ENROLLMENT_STATES) {
        expect(r.enrollment.states[s], s).toBeTruthy();
        expect(r.enrollment.stateDescriptions[s], s).toBeTruthy();
      }
      for (const a of ENROLLMENT_ACTIONS) expect(r.enrollment.timelineActions[a], a).toBeTruthy();
      for (const a of PARTNER_ACTIONS) expect(r.enrollment.actions[a], a).toBeTruthy();
      for (const s of VERIFICATION_STATES) expect(r.verification.states[s], s).toBeTruthy();
      for (const a of VERIFICATION_ACTIONS) {
        expect(r.verification.actions[a], a).toBeTruthy();
        expect(r.verification.history[a], a).toBeTruthy();
      }
      for (const reason of REJECTION_REASONS) expect(r.verification.reasons[reason], reason).toBeTruthy();
      for (const kind of INFORMATION_KINDS) expect(r.verification.kinds[kind], kind).toBeTruthy();
      for (const kind of CHECK_KINDS) {
        expect(r.verification.checks.kinds[kind], kind).toBeTruthy();
        for (const status of CHECK_STATUSES) expect(r.verification.checks.details[kind][status], `${kind} ${status}`).toBeTruthy();
      }
      for (const status of CHECK_STATUSES) expect(r.verification.checks.status[status], status).toBeTruthy();
      for (const kind of PARTNER_ID_KINDS) expect(r.registry.kinds[kind], kind).toBeTruthy();
      for (const part of PROFILE_PARTS) expect(r.profile.review.missing[part], part).toBeTruthy();
      for (const code of PARTNER_ID_REFUSALS) expect(r.profile.partnerId.refusals[code], code).toContain('{{partnerId}}');
      for (const code of ERROR_CODES) expect(r.errors[code], code).toBeTruthy();
    });

    it(`names every market of the current policy in ${locale}`, () => {
      for (const m of currentMarketPolicy(new Date()).markets) expect((r.common.markets as Record<string, string>)[m.id], m.id).toBeTruthy();
    });
  }

  it('uses the glossary terms in zh-TW', () => {
    const zh = resources['zh-TW'];
    expect(zh.profile.page.title).toBe('合作夥伴設定檔');
    expect(zh.profile.partnerId.label).toContain('合作夥伴識別碼');
    expect(zh.profile.partnerId.label).toContain('MPN 識別碼');
    expect(zh.profile.legal.email).toBe('工作電子郵件');
    expect(zh.profile.legal.addressTitle).toBe('營業地址');
    expect(zh.profile.review.missing.billingProfile).toContain('銀行帳戶資訊');
    expect(zh.agreements.types.INDIRECT_RESELLER_TERMS).toBe('間接轉銷商條款協議');
    expect(zh.agreements.accept.submit).toContain('接受');
    expect(zh.agreements.accept.authority).toContain('簽署的權限');
    expect(zh.enrollment.status.title).toBe('註冊');
    expect(zh.profile.legal.market).toBe('市場');
    expect(zh.profile.legal.currency).toContain('貨幣');
    expect(zh.verification.queue.title).toContain('驗證');
    expect(zh.common.roles.global_admin).toBe('全域管理員');
  });
});

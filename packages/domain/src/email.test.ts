import { describe, expect, it } from 'vitest';
import { assertWorkEmail, emailDomain, isConsumerEmailDomain } from './email.ts';
import { isDomainError } from './errors.ts';

describe('work email rule', () => {
  it.each(['gmail.com', 'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'yahoo.com', 'yahoo.com.tw', 'icloud.com', 'aol.com', 'qq.com', '163.com'])(
    'refuses the consumer domain %s',
    (d) => expect(isConsumerEmailDomain(d)).toBe(true),
  );
  it.each(['contoso.com', 'fabrikam.com.tw', 'yahoo-partners.com', 'mygmail.com', 'outlookconsulting.com'])(
    'accepts the company domain %s',
    (d) => expect(isConsumerEmailDomain(d)).toBe(false),
  );
  it('refuses a consumer address with WORK_EMAIL_REQUIRED regardless of case', () => {
    try {
      assertWorkEmail('Someone@GMAIL.com');
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e) && e.code).toBe('WORK_EMAIL_REQUIRED');
    }
  });
  it('takes the domain after the last @', () => expect(emailDomain(' A@Contoso.COM ')).toBe('contoso.com'));
});

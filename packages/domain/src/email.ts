import { DomainError } from './errors.ts';

/**
 * Free-mail providers whose addresses cannot identify a company (the seed: "use your work
 * email"). Entries ending in `.*` match every top-level domain (yahoo.co.uk, yahoo.com.tw…).
 * Extend this list as data; tests in email.test.ts cover each pattern kind.
 */
export const CONSUMER_EMAIL_DOMAINS: readonly string[] = [
  'gmail.com', 'googlemail.com', 'outlook.com', 'outlook.*', 'hotmail.*', 'live.*', 'msn.com',
  'yahoo.*', 'ymail.com', 'rocketmail.com', 'icloud.com', 'me.com', 'mac.com', 'aol.*', 'aim.com',
  'qq.com', 'foxmail.com', '163.com', '126.com', 'yeah.net', 'sina.com', 'sina.cn', 'sohu.com',
  'aliyun.com', '139.com', 'gmx.*', 'web.de', 'mail.com', 'mail.ru', 'yandex.*', 'proton.me',
  'protonmail.com', 'pm.me', 'zoho.com', 'tutanota.com', 'hinet.net', 'pchome.com.tw',
  'seed.net.tw', 'naver.com', 'daum.net', 'hanmail.net', 'rediffmail.com', 'fastmail.com',
];

/** Normalizes an address for comparison: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The domain part of an address, lower-cased. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return normalizeEmail(email.slice(at + 1));
}

/** True for a free-mail domain from CONSUMER_EMAIL_DOMAINS (including `name.*` patterns). */
export function isConsumerEmailDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  return CONSUMER_EMAIL_DOMAINS.some((entry) => {
    if (entry.endsWith('.*')) {
      const base = entry.slice(0, -2);
      return d.startsWith(base + '.') && !d.slice(base.length + 1).includes('@');
    }
    return d === entry;
  });
}

/** Throws WORK_EMAIL_REQUIRED for a consumer address. */
export function assertWorkEmail(email: string): void {
  if (isConsumerEmailDomain(emailDomain(email))) {
    throw new DomainError('WORK_EMAIL_REQUIRED', 'Sign in with your work email address, not a personal one.', { domain: emailDomain(email) });
  }
}

import crypto from 'node:crypto';

/** SHA-256 hex: how tokens, session ids and sign-in codes are stored (never in plaintext). */
export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

/** A random bearer secret with a readable prefix (`csp_` for API tokens). */
export function randomToken(prefix = ''): string {
  return prefix + crypto.randomBytes(32).toString('base64url');
}

/** A uniformly random 6-digit code. */
export function randomCode(): string {
  return crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** Hash of a sign-in code bound to its address, so equal codes of two users hash differently. */
export function hashCode(email: string, code: string): string {
  return sha256(`${email}\u0000${code}`);
}

/** Constant-time comparison of two hex digests. */
export function safeEqualHex(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ba.length === bb.length && crypto.timingSafeEqual(ba, bb);
}

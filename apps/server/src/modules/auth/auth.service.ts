import { assertWorkEmail, DomainError, normalizeEmail, resolveLocale, type Actor, type Role } from '@csp-center/domain';
import type { Deps } from '../../deps.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { hashCode, randomCode, randomToken, safeEqualHex, sha256 } from '../../lib/secrets.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { enqueueEmail } from '../notifications/index.ts';
import { getOrganization, organizationView, resolveMembershipAtSignIn } from '../organizations/index.ts';
import {
  countSignInRequestsSince,
  findApiTokensByUser,
  findOldestSignInCodeSince,
  findPrincipalByApiTokenHash,
  findPrincipalBySessionHash,
  findUserByEmail,
  findUserById,
  insertApiToken,
  insertSession,
  insertSignInCode,
  insertSignInRequest,
  insertUser,
  lockEmail,
  lockLatestSignInCode,
  updateApiTokenLastUsed,
  updateApiTokenRevoked,
  updateSessionRevoked,
  updateSignInCodeAttempts,
  updateSignInCodeConsumed,
  updateUser,
} from './auth.repository.ts';

/** A sign-in code is valid this long. */
export const CODE_TTL_MS = 10 * 60 * 1000;
/** Wrong entries allowed per code; the fifth wrong one locks it. */
export const CODE_MAX_ATTEMPTS = 5;
const EMAIL_WINDOW_MS = 15 * 60 * 1000;
const IP_WINDOW_MS = 60 * 1000;

/** The signed-in caller, resolved once per request. */
export interface Principal extends Actor {
  email: string;
  displayName: string | null;
  locale: string;
  createdAt: Date;
  via: 'session' | 'api-token';
  credentialId: string;
}

/**
 * Step 1 of sign-in: emails a 6-digit code. Answers the same whether or not the address is
 * known. Raises WORK_EMAIL_REQUIRED (consumer domain) and RATE_LIMITED (per IP per minute, per
 * address per 15 minutes; `details.retryAfterSeconds`).
 */
export async function requestSignInCode(deps: Deps, input: { email: string; locale?: string; ip: string }) {
  const email = normalizeEmail(input.email);
  assertWorkEmail(email);
  const now = deps.clock.now();
  const { signInRequestsPerIp, signInCodesPerEmail } = deps.config;
  const ipCount = await countSignInRequestsSince(deps.db, input.ip, new Date(now.getTime() - IP_WINDOW_MS));
  if (ipCount >= signInRequestsPerIp) throw new DomainError('RATE_LIMITED', 'Too many sign-in requests from this network.', { retryAfterSeconds: 60 });
  await insertSignInRequest(deps.db, input.ip, now);

  const user = await findUserByEmail(deps.db, email);
  const locale = resolveLocale(input.locale ?? user?.locale);
  await deps.db.transaction().execute(async (trx) => {
    await lockEmail(trx, email);
    const recent = await findOldestSignInCodeSince(trx, email, new Date(now.getTime() - EMAIL_WINDOW_MS));
    if (recent.length >= signInCodesPerEmail) {
      const retryAfterSeconds = Math.ceil((recent[0]!.createdAt.getTime() + EMAIL_WINDOW_MS - now.getTime()) / 1000);
      throw new DomainError('RATE_LIMITED', 'Too many codes requested for this address.', { retryAfterSeconds });
    }
    const code = randomCode();
    await insertSignInCode(trx, { id: uuidv7(now.getTime()), email, codeHash: hashCode(email, code), locale, ip: input.ip, createdAt: now, expiresAt: new Date(now.getTime() + CODE_TTL_MS) });
    await enqueueEmail(trx, deps.queue, { to: email, locale, template: 'signInCode', data: { code, minutes: CODE_TTL_MS / 60000 }, organizationId: user?.organizationId ?? null });
  });
  return { status: 'CODE_SENT' as const, expiresInSeconds: CODE_TTL_MS / 1000 };
}

/**
 * Inside a sign-in transaction: finds or creates the user (joining or creating the
 * organization), opens a session under `sessionToken` and audits the sign-in.
 */
async function openSession(
  deps: Deps,
  trx: Deps['db'],
  a: { email: string; locale: string; method: string; ip: string; userAgent: string | null; requestId: string; sessionToken: string; now: Date },
) {
  const ctx: AuditContext = { actorUserId: null, organizationId: null, requestId: a.requestId };
  let user = await findUserByEmail(trx, a.email);
  if (!user) {
    const userId = uuidv7(a.now.getTime());
    const { organizationId, role } = await resolveMembershipAtSignIn(trx, ctx, a.email, userId, a.now);
    await insertUser(trx, { id: userId, email: a.email, organizationId, role, staffRole: null, displayName: null, locale: a.locale, createdAt: a.now, lastSignInAt: null });
    await recordAudit(trx, { ...ctx, actorUserId: userId }, { action: 'USER_CREATED', subjectType: 'user', subjectId: userId, organizationId, data: { email: a.email, role } }, a.now);
    user = (await findUserById(trx, userId))!;
  }
  await updateUser(trx, user.id, { lastSignInAt: a.now });
  const ttl = deps.config.sessionTtlHours * 3600_000;
  await insertSession(trx, { id: uuidv7(a.now.getTime()), tokenHash: sha256(a.sessionToken), userId: user.id, createdAt: a.now, expiresAt: new Date(a.now.getTime() + ttl) });
  await recordAudit(trx, { ...ctx, actorUserId: user.id, organizationId: user.organizationId }, { action: 'USER_SIGNED_IN', subjectType: 'user', subjectId: user.id, data: { method: a.method, ip: a.ip, userAgent: a.userAgent } }, a.now);
  return user;
}

type CodeCheck = { ok: true; codeId: string; locale: string } | { ok: false; code: 'SIGN_IN_CODE_INVALID' | 'SIGN_IN_CODE_EXPIRED' | 'RATE_LIMITED' };

/**
 * Step 2: checks the code and opens a session. A first-time address joins or creates its
 * organization (see resolveMembershipAtSignIn). Raises SIGN_IN_CODE_INVALID,
 * SIGN_IN_CODE_EXPIRED, RATE_LIMITED (5 wrong tries), INVITATION_REQUIRED.
 */
export async function verifySignInCode(deps: Deps, input: { email: string; code: string; ip: string; userAgent: string | null; requestId: string }) {
  const email = normalizeEmail(input.email);
  const now = deps.clock.now();
  // The attempt counter must persist even when the answer is a refusal, so checking the code
  // commits on its own before the sign-in itself.
  const check = await deps.db.transaction().execute(async (trx): Promise<CodeCheck> => {
    await lockEmail(trx, email);
    const row = await lockLatestSignInCode(trx, email);
    if (!row) return { ok: false, code: 'SIGN_IN_CODE_INVALID' };
    if (row.attempts >= CODE_MAX_ATTEMPTS) return { ok: false, code: 'RATE_LIMITED' };
    if (row.expiresAt <= now) return { ok: false, code: 'SIGN_IN_CODE_EXPIRED' };
    if (!safeEqualHex(row.codeHash, hashCode(email, input.code))) {
      const attempts = row.attempts + 1;
      await updateSignInCodeAttempts(trx, row.id, attempts);
      return { ok: false, code: attempts >= CODE_MAX_ATTEMPTS ? 'RATE_LIMITED' : 'SIGN_IN_CODE_INVALID' };
    }
    return { ok: true, codeId: row.id, locale: row.locale };
  });
  if (!check.ok) {
    throw new DomainError(check.code, undefined, check.code === 'RATE_LIMITED' ? { retryAfterSeconds: CODE_TTL_MS / 1000 } : undefined);
  }

  const sessionToken = randomToken();
  const result = await deps.db.transaction().execute(async (trx) => {
    await lockEmail(trx, email);
    const again = await lockLatestSignInCode(trx, email);
    // A parallel verify consumed it first: the code is single-use.
    if (!again || again.id !== check.codeId) throw new DomainError('SIGN_IN_CODE_INVALID');
    await updateSignInCodeConsumed(trx, check.codeId, now);
    const user = await openSession(deps, trx, { email, locale: check.locale, method: 'EMAIL_CODE', ip: input.ip, userAgent: input.userAgent, requestId: input.requestId, sessionToken, now });
    const organization = user.organizationId ? organizationView(await getOrganization(trx, user.organizationId)) : null;
    return { user: userView(user), organization };
  });
  return { ...result, sessionToken };
}

/**
 * Signs in an address proven by the OIDC provider (email_verified): same organization rules
 * as the code flow. Returns the new session token.
 */
export async function signInVerifiedEmail(deps: Deps, input: { email: string; ip: string; userAgent: string | null; requestId: string; method: string; locale?: string }) {
  const email = normalizeEmail(input.email);
  assertWorkEmail(email);
  const now = deps.clock.now();
  const sessionToken = randomToken();
  await deps.db.transaction().execute(async (trx) => {
    await lockEmail(trx, email);
    await openSession(deps, trx, { email, locale: resolveLocale(input.locale), method: input.method, ip: input.ip, userAgent: input.userAgent, requestId: input.requestId, sessionToken, now });
  });
  return { sessionToken };
}

export function userView(u: { id: string; email: string; displayName: string | null; locale: string; createdAt: Date }) {
  return { id: u.id, email: u.email, displayName: u.displayName, locale: resolveLocale(u.locale), createdAt: u.createdAt.toISOString() };
}

function toPrincipal(
  row: { userId: string; email: string; organizationId: string | null; role: string | null; staffRole: string | null; displayName: string | null; locale: string; createdAt: Date; credentialId: string },
  via: Principal['via'],
): Principal {
  const roles = [row.role, row.staffRole].filter((r): r is Role => r !== null);
  return { userId: row.userId, organizationId: row.organizationId, roles, email: row.email, displayName: row.displayName, locale: row.locale, createdAt: row.createdAt, via, credentialId: row.credentialId };
}

/** Resolves a session cookie value to its principal, or undefined. */
export async function authenticateSession(deps: Deps, token: string): Promise<Principal | undefined> {
  const row = await findPrincipalBySessionHash(deps.db, sha256(token), deps.clock.now());
  return row && toPrincipal(row, 'session');
}

/** Resolves a bearer API token; records its use at most once a minute (keeps reads cheap). */
export async function authenticateApiToken(deps: Deps, token: string): Promise<Principal | undefined> {
  const row = await findPrincipalByApiTokenHash(deps.db, sha256(token));
  if (!row) return undefined;
  const now = deps.clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    updateApiTokenLastUsed(deps.db, row.credentialId, now).catch((e: unknown) => deps.log.warn({ err: e }, 'could not record token use'));
  }
  return toPrincipal(row, 'api-token');
}

export async function signOut(deps: Deps, sessionToken: string, ctx: AuditContext): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await updateSessionRevoked(trx, sha256(sessionToken), now);
    if (ctx.actorUserId) await recordAudit(trx, ctx, { action: 'USER_SIGNED_OUT', subjectType: 'user', subjectId: ctx.actorUserId }, now);
  });
}

/** `GET /me`: the user, the organization (null for staff) and the roles. */
export async function getMe(deps: Deps, p: Principal) {
  const organization = p.organizationId ? organizationView(await getOrganization(deps.db, p.organizationId)) : null;
  return { user: userView({ id: p.userId, email: p.email, displayName: p.displayName, locale: p.locale, createdAt: p.createdAt }), organization, roles: [...p.roles] };
}

/** Updates the caller's language (remembered per user) and display name. */
export async function updateMe(deps: Deps, p: Principal, ctx: AuditContext, input: { locale?: string; displayName?: string | null }) {
  const set: { locale?: string; displayName?: string | null } = {};
  if (input.locale !== undefined) set.locale = resolveLocale(input.locale);
  if (input.displayName !== undefined) set.displayName = input.displayName?.trim() || null;
  if (Object.keys(set).length) {
    await deps.db.transaction().execute(async (trx) => {
      await updateUser(trx, p.userId, set);
      await recordAudit(trx, ctx, { action: 'USER_PROFILE_UPDATED', subjectType: 'user', subjectId: p.userId, data: set }, deps.clock.now());
    });
  }
  return getMe(deps, { ...p, ...set } as Principal);
}

/** Creates an API token for the caller; the secret is returned once and stored hashed. */
export async function createApiToken(deps: Deps, p: Principal, ctx: AuditContext, name: string) {
  const now = deps.clock.now();
  const token = randomToken('csp_');
  const id = uuidv7(now.getTime());
  await deps.db.transaction().execute(async (trx) => {
    await insertApiToken(trx, { id, userId: p.userId, name, tokenHash: sha256(token), createdAt: now });
    await recordAudit(trx, ctx, { action: 'API_TOKEN_CREATED', subjectType: 'api_token', subjectId: id, data: { name } }, now);
  });
  return { id, name, token, createdAt: now.toISOString() };
}

export async function findApiTokens(deps: Deps, p: Principal) {
  const rows = await findApiTokensByUser(deps.db, p.userId);
  return { items: rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.createdAt.toISOString(), lastUsedAt: r.lastUsedAt?.toISOString() ?? null })), nextCursor: null };
}

/** Revokes one of the caller's tokens; NOT_FOUND for anyone else's. */
export async function revokeApiToken(deps: Deps, p: Principal, ctx: AuditContext, id: string) {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await updateApiTokenRevoked(trx, p.userId, id, now))) throw new DomainError('NOT_FOUND');
    await recordAudit(trx, ctx, { action: 'API_TOKEN_REVOKED', subjectType: 'api_token', subjectId: id }, now);
  });
}

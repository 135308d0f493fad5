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

type PrincipalRow = {
  userId: string;
  email: string;
  organizationId: string | null;
  role: string | null;
  staffRole: string | null;
  displayName: string | null;
  locale: string;
  createdAt: Date;
  credentialId: string;
  organizationName: string | null;
  organizationDomain: string | null;
  organizationCreatedAt: Date | null;
};

type OrganizationRow = { id: string; name: string; domain: string; createdAt: Date };

/**
 * The organization read with the principal, in the same query as the credential (so the same
 * snapshot), for `getMe`. Keyed by the principal object: a principal built any other way (or
 * copied) has no entry and `getMe` reads the organization itself.
 */
const organizationOfPrincipal = new WeakMap<Principal, OrganizationRow>();

function toPrincipal(row: PrincipalRow, via: Principal['via']): Principal {
  const roles = [row.role, row.staffRole].filter((r): r is Role => r !== null);
  const principal: Principal = { userId: row.userId, organizationId: row.organizationId, roles, email: row.email, displayName: row.displayName, locale: row.locale, createdAt: row.createdAt, via, credentialId: row.credentialId };
  if (row.organizationId && row.organizationName !== null && row.organizationDomain !== null && row.organizationCreatedAt !== null) {
    organizationOfPrincipal.set(principal, { id: row.organizationId, name: row.organizationName, domain: row.organizationDomain, createdAt: row.organizationCreatedAt });
  }
  return principal;
}

/** Resolves a session cookie value to its principal, or undefined. */
export async function authenticateSession(deps: Deps, token: string): Promise<Principal | undefined> {
  const row = await findPrincipalBySessionHash(deps.db, sha256(token), deps.clock.now());
  return row && toPrincipal(row, 'session');
}

/**
 * API-token principals are kept in process for at most this long, so a client hammering the API
 * costs one database lookup per token per second instead of one per request. See
 * `apiTokenCache` for what may be stale and for how long.
 */
export const API_TOKEN_CACHE_TTL_MS = 1000;
const API_TOKEN_CACHE_MAX = 10_000;

type ApiTokenRow = NonNullable<Awaited<ReturnType<typeof findPrincipalByApiTokenHash>>>;
interface ApiTokenCacheEntry {
  /** The lookup, shared by the requests that arrive while it runs; undefined: no such live token. */
  lookup: Promise<ApiTokenRow | undefined>;
  /** Set once the lookup has found the token (for invalidation by credential or user). */
  row?: ApiTokenRow;
  expiresAt: number;
}

/**
 * token hash → principal row, per database (tests run several apps in one process).
 *
 * - Only found tokens are kept; an unknown or revoked token is looked up on every request.
 * - Revoking a token (`revokeApiToken`) and editing the profile (`updateMe`) in this process drop
 *   the affected entries after their transaction commits, so both take effect on the very next
 *   request. Entries whose lookup is still running are dropped too (they may predate the commit).
 * - Changes made elsewhere — another server process, the CLI, or other modules of this process
 *   (a role change, an organization rename) — show on API-token requests after at most
 *   API_TOKEN_CACHE_TTL_MS, unless that code calls `dropCachedApiTokensOfUser`. Cookie sessions
 *   are not cached.
 * - Measured with real time (not `deps.clock`), so a frozen test clock cannot keep an entry alive.
 */
const apiTokenCaches = new WeakMap<Deps['db'], Map<string, ApiTokenCacheEntry>>();

function apiTokenCache(deps: Deps): Map<string, ApiTokenCacheEntry> {
  let cache = apiTokenCaches.get(deps.db);
  if (!cache) apiTokenCaches.set(deps.db, (cache = new Map()));
  return cache;
}

function dropCachedApiTokens(deps: Deps, match: (row: ApiTokenRow) => boolean): void {
  const cache = apiTokenCaches.get(deps.db);
  if (!cache) return;
  for (const [hash, entry] of cache) if (!entry.row || match(entry.row)) cache.delete(hash);
}

/**
 * Drops the cached API-token principals of a user, so a change to the user (role, organization)
 * made in this process shows on the next request instead of after API_TOKEN_CACHE_TTL_MS. Call it
 * after the changing transaction has committed.
 */
export function dropCachedApiTokensOfUser(deps: Deps, userId: string): void {
  dropCachedApiTokens(deps, (row) => row.userId === userId);
}

async function lookUpApiToken(deps: Deps, tokenHash: string): Promise<ApiTokenRow | undefined> {
  const cache = apiTokenCache(deps);
  const now = performance.now();
  const cached = cache.get(tokenHash);
  if (cached && cached.expiresAt > now) return cached.lookup;
  if (cached) cache.delete(tokenHash);
  if (cache.size >= API_TOKEN_CACHE_MAX) cache.delete(cache.keys().next().value!); // the oldest
  const entry: ApiTokenCacheEntry = { lookup: findPrincipalByApiTokenHash(deps.db, tokenHash), expiresAt: now + API_TOKEN_CACHE_TTL_MS };
  cache.set(tokenHash, entry);
  try {
    const row = await entry.lookup;
    if (row) entry.row = row;
    else if (cache.get(tokenHash) === entry) cache.delete(tokenHash);
    return row;
  } catch (e) {
    if (cache.get(tokenHash) === entry) cache.delete(tokenHash);
    throw e;
  }
}

/** Resolves a bearer API token; records its use at most once a minute (keeps reads cheap). */
export async function authenticateApiToken(deps: Deps, token: string): Promise<Principal | undefined> {
  const row = await lookUpApiToken(deps, sha256(token));
  if (!row) return undefined;
  const now = deps.clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    // The row may be a cached one shared with other requests: mark it so they do not repeat the write.
    row.lastUsedAt = now;
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
  const organization = p.organizationId ? organizationView(organizationOfPrincipal.get(p) ?? (await getOrganization(deps.db, p.organizationId))) : null;
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
    dropCachedApiTokensOfUser(deps, p.userId);
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
  // After the commit: a lookup starting now sees the revocation; older entries are dropped.
  dropCachedApiTokens(deps, (row) => row.credentialId === id);
}

import { ERROR_CODES } from '@csp-center/domain';
import type { ErrorCode, Locale, PartnerRole, Role } from '@csp-center/domain';

/** The API's base path; the web is served by the same origin as the API. */
export const API_BASE = '/api/v1';

/** An RFC 9457 problem body as the server sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  details?: Record<string, unknown>;
  requestId?: string;
}

/**
 * A refused or failed API call. `code` is always a catalogue code so the UI can show
 * `t('errors:' + code)`; a network failure is SERVICE_UNAVAILABLE, a body without a known code
 * INTERNAL.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly requestId: string | undefined;
  /** Seconds from `Retry-After`, when the server sent one. */
  readonly retryAfter: number | undefined;
  constructor(status: number, code: ErrorCode, problem: Problem = {}, retryAfter?: number) {
    super(problem.detail ?? problem.title ?? code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = problem.details;
    this.requestId = problem.requestId;
    this.retryAfter = retryAfter;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

function toErrorCode(code: unknown, status: number): ErrorCode {
  if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)) return code as ErrorCode;
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503 || status === 502 || status === 504) return 'SERVICE_UNAVAILABLE';
  return 'INTERNAL';
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One JSON call. Sends `Content-Type: application/json` only with a body (the server refuses a
 * JSON content type on an empty body), the session cookie same-origin, and returns `undefined`
 * for 204.
 */
export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(API_BASE + path, init);
  } catch {
    throw new ApiError(0, 'SERVICE_UNAVAILABLE');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!res.ok) {
    const problem = (parsed && typeof parsed === 'object' ? parsed : {}) as Problem;
    const retry = Number(res.headers.get('Retry-After'));
    throw new ApiError(res.status, toErrorCode(problem.code, res.status), problem, Number.isFinite(retry) && retry > 0 ? retry : undefined);
  }
  return parsed as T;
}

// ---- Types of the contract (shared/design/api.md) ----

export interface User {
  id: string;
  email: string;
  displayName: string | null;
  locale: Locale | string;
  createdAt: string;
}

export interface Organization {
  id: string;
  name: string;
  domain: string;
  createdAt: string;
}

export interface Me {
  user: User;
  /** Null for program staff. */
  organization: Organization | null;
  roles: Role[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SignInResult {
  status: 'CODE_SENT';
  expiresInSeconds: number;
}

export interface VerifyResult {
  user: User;
  organization: Organization | null;
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface CreatedApiToken {
  id: string;
  name: string;
  /** The secret; returned only by the create call. */
  token: string;
  createdAt: string;
}

export interface OrganizationUser {
  id: string;
  email: string;
  displayName: string | null;
  role: PartnerRole;
  createdAt: string;
  lastSignInAt: string | null;
}

export interface Invitation {
  id: string;
  email: string;
  role: PartnerRole;
  status: string;
  createdAt: string;
  expiresAt: string;
}

// ---- Endpoints ----

export const api = {
  auth: {
    signIn: (email: string, locale?: Locale) => request<SignInResult>('POST', '/auth/sign-in', locale ? { email, locale } : { email }),
    verify: (email: string, code: string) => request<VerifyResult>('POST', '/auth/verify', { email, code }),
    signOut: () => request<void>('POST', '/auth/sign-out'),
    oidc: () => request<{ enabled: boolean }>('GET', '/auth/oidc'),
  },
  me: {
    get: () => request<Me>('GET', '/me'),
    update: (patch: { locale?: Locale; displayName?: string }) => request<Me>('PATCH', '/me', patch),
  },
  tokens: {
    list: () => request<Page<ApiToken>>('GET', '/me/api-tokens?limit=200'),
    create: (name: string) => request<CreatedApiToken>('POST', '/me/api-tokens', { name }),
    revoke: (id: string) => request<void>('DELETE', `/me/api-tokens/${encodeURIComponent(id)}`),
  },
  organization: {
    users: () => request<Page<OrganizationUser>>('GET', '/organization/users?limit=200'),
    updateUser: (id: string, role: PartnerRole) => request<OrganizationUser>('PATCH', `/organization/users/${encodeURIComponent(id)}`, { role }),
    invitations: () => request<Page<Invitation>>('GET', '/organization/invitations?limit=200'),
    invite: (email: string, role: PartnerRole) => request<Invitation>('POST', '/organization/invitations', { email, role }),
    revokeInvitation: (id: string) => request<void>('DELETE', `/organization/invitations/${encodeURIComponent(id)}`),
  },
};

/** The URL that starts single sign-on (a full-page navigation, not a fetch). */
export const OIDC_START_URL = `${API_BASE}/auth/oidc/start`;

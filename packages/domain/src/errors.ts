/**
 * The closed catalogue of error codes the API returns. Every code has exactly one HTTP status
 * (ERROR_STATUS) and one localized message per language (packages/i18n `errors.<CODE>`).
 * Add codes freely; never rename or remove one: clients are written against them.
 */
export const ERROR_CODES = [
  /** The request body, query or params failed schema validation; `details.issues[]` says where. */
  'VALIDATION_FAILED',
  /** No valid session cookie or API token. */
  'UNAUTHENTICATED',
  /** Signed in, but the role does not allow this action. */
  'FORBIDDEN',
  /** The resource does not exist, or belongs to another organization. */
  'NOT_FOUND',
  /** The state does not allow this action now. */
  'INVALID_TRANSITION',
  /** Someone else changed the resource first (concurrent action). */
  'CONFLICT',
  /** `If-Match` did not match the current ETag. */
  'PRECONDITION_FAILED',
  /** Too many requests or tries; `Retry-After` says when to try again. */
  'RATE_LIMITED',
  /** Sign-in with a consumer (free-mail) address; a work email is required. */
  'WORK_EMAIL_REQUIRED',
  /** The one-time sign-in code is wrong. */
  'SIGN_IN_CODE_INVALID',
  /** The one-time sign-in code is older than its validity period. */
  'SIGN_IN_CODE_EXPIRED',
  /** The address is on an existing organization's domain and has no open invitation. */
  'INVITATION_REQUIRED',
  /** The address already belongs to a user (of this or another organization). */
  'USER_ALREADY_EXISTS',
  /** An open invitation for this address already exists. */
  'INVITATION_ALREADY_EXISTS',
  /** Invited address is not on the organization's email domain. */
  'INVITATION_DOMAIN_MISMATCH',
  /** The organization would be left without a global admin. */
  'LAST_GLOBAL_ADMIN',
  /** The same Idempotency-Key was reused with a different request. */
  'IDEMPOTENCY_KEY_REUSED',
  /** Request body larger than the configured limit. */
  'PAYLOAD_TOO_LARGE',
  /** Content type not accepted by this endpoint. */
  'UNSUPPORTED_MEDIA_TYPE',
  /** A cookie-authenticated write came from another origin. */
  'CROSS_SITE_REQUEST',
  /** Single sign-on failed or is not configured. */
  'SSO_FAILED',
  /** The endpoint is only available in development mode (no SMTP configured). */
  'DEV_ONLY',
  /** The database is not reachable. */
  'SERVICE_UNAVAILABLE',
  /** Unexpected server error; logged with the request id. */
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** HTTP status for every code. `satisfies` makes a new code without a status fail to compile. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  RATE_LIMITED: 429,
  WORK_EMAIL_REQUIRED: 422,
  SIGN_IN_CODE_INVALID: 401,
  SIGN_IN_CODE_EXPIRED: 401,
  INVITATION_REQUIRED: 403,
  USER_ALREADY_EXISTS: 409,
  INVITATION_ALREADY_EXISTS: 409,
  INVITATION_DOMAIN_MISMATCH: 422,
  LAST_GLOBAL_ADMIN: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CROSS_SITE_REQUEST: 403,
  SSO_FAILED: 401,
  DEV_ONLY: 404,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const satisfies Record<ErrorCode, number>;

/** English titles used in problem responses (the UI localizes by code instead). */
export const ERROR_TITLE: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid',
  UNAUTHENTICATED: 'Sign-in required',
  FORBIDDEN: 'Not allowed for your role',
  NOT_FOUND: 'Not found',
  INVALID_TRANSITION: 'Not possible in the current state',
  CONFLICT: 'Changed by someone else',
  PRECONDITION_FAILED: 'The resource changed since you read it',
  RATE_LIMITED: 'Too many requests',
  WORK_EMAIL_REQUIRED: 'Use your work email address',
  SIGN_IN_CODE_INVALID: 'The sign-in code is not correct',
  SIGN_IN_CODE_EXPIRED: 'The sign-in code has expired',
  INVITATION_REQUIRED: 'Ask your administrator for an invitation',
  USER_ALREADY_EXISTS: 'A user with this email already exists',
  INVITATION_ALREADY_EXISTS: 'This address already has an open invitation',
  INVITATION_DOMAIN_MISMATCH: "The address is not on your organization's email domain",
  LAST_GLOBAL_ADMIN: 'The organization needs at least one global admin',
  IDEMPOTENCY_KEY_REUSED: 'The Idempotency-Key was used for a different request',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported content type',
  CROSS_SITE_REQUEST: 'Cross-site request refused',
  SSO_FAILED: 'Single sign-on failed',
  DEV_ONLY: 'Not available',
  SERVICE_UNAVAILABLE: 'Service unavailable',
  INTERNAL: 'Internal error',
};

/** An expected refusal: carries a catalogue code and optional machine-readable details. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, detail?: string, details?: Record<string, unknown>) {
    super(detail ?? ERROR_TITLE[code]);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

/** Type guard usable across package boundaries (instanceof can fail with duplicated modules). */
export function isDomainError(e: unknown): e is DomainError {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'DomainError';
}

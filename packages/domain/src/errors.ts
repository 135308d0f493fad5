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
  /** The partner profile is missing parts; `details.missing[]` lists them. */
  'PROFILE_INCOMPLETE',
  /** The legal country cannot change after the profile was submitted. */
  'LEGAL_COUNTRY_LOCKED',
  /** The country is not in any market of the current policy. */
  'COUNTRY_NOT_IN_PROGRAM',
  /** No such partner ID in the program's registry. */
  'PARTNER_ID_NOT_FOUND',
  /** The partner ID exists but is not active. */
  'PARTNER_ID_INACTIVE',
  /** A global (headquarters) ID was given; a location ID is required. */
  'PARTNER_ID_NOT_LOCATION',
  /** The partner ID belongs to another country than the legal address. */
  'PARTNER_ID_COUNTRY_MISMATCH',
  /** The partner ID is associated with another organization. */
  'PARTNER_ID_ALREADY_ASSOCIATED',
  /** The registry already holds this partner ID. */
  'PARTNER_ID_EXISTS',
  /** The organization already has an enrollment in this program. */
  'ENROLLMENT_EXISTS',
  /** Another verifier has claimed the case. */
  'CASE_ALREADY_CLAIMED',
  /** Claim the case before acting on it. */
  'CASE_NOT_ASSIGNED_TO_YOU',
  /** Uploads must be PDF, PNG or JPEG (checked by content). */
  'DOCUMENT_TYPE_NOT_ALLOWED',
  /** An uploaded document exceeds the size limit. */
  'DOCUMENT_TOO_LARGE',
  /** Only the organization's global admin can accept agreements. */
  'AGREEMENT_SIGNER_NOT_AUTHORIZED',
  /** A newer version of the agreement is in effect. */
  'AGREEMENT_VERSION_SUPERSEDED',
  /** A template with this type, version and language exists. */
  'AGREEMENT_TEMPLATE_EXISTS',
  /** The signer did not confirm the authority to sign for the organization. */
  'AUTHORITY_NOT_CONFIRMED',
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
  PROFILE_INCOMPLETE: 422,
  LEGAL_COUNTRY_LOCKED: 409,
  COUNTRY_NOT_IN_PROGRAM: 422,
  PARTNER_ID_NOT_FOUND: 422,
  PARTNER_ID_INACTIVE: 422,
  PARTNER_ID_NOT_LOCATION: 422,
  PARTNER_ID_COUNTRY_MISMATCH: 422,
  PARTNER_ID_ALREADY_ASSOCIATED: 409,
  PARTNER_ID_EXISTS: 409,
  ENROLLMENT_EXISTS: 409,
  CASE_ALREADY_CLAIMED: 409,
  CASE_NOT_ASSIGNED_TO_YOU: 409,
  DOCUMENT_TYPE_NOT_ALLOWED: 415,
  DOCUMENT_TOO_LARGE: 413,
  AGREEMENT_SIGNER_NOT_AUTHORIZED: 403,
  AGREEMENT_VERSION_SUPERSEDED: 409,
  AGREEMENT_TEMPLATE_EXISTS: 409,
  AUTHORITY_NOT_CONFIRMED: 422,
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
  PROFILE_INCOMPLETE: 'The partner profile is incomplete',
  LEGAL_COUNTRY_LOCKED: 'The legal country can no longer change',
  COUNTRY_NOT_IN_PROGRAM: 'The program does not operate in this country',
  PARTNER_ID_NOT_FOUND: 'Partner ID not found',
  PARTNER_ID_INACTIVE: 'The partner ID is not active',
  PARTNER_ID_NOT_LOCATION: 'Use the partner ID of your business location',
  PARTNER_ID_COUNTRY_MISMATCH: 'The partner ID is registered in another country',
  PARTNER_ID_ALREADY_ASSOCIATED: 'The partner ID belongs to another organization',
  PARTNER_ID_EXISTS: 'The partner ID is already in the registry',
  ENROLLMENT_EXISTS: 'You are already enrolled in this program',
  CASE_ALREADY_CLAIMED: 'Another verifier is working on this case',
  CASE_NOT_ASSIGNED_TO_YOU: 'Claim the case first',
  DOCUMENT_TYPE_NOT_ALLOWED: 'Upload a PDF, PNG or JPEG file',
  DOCUMENT_TOO_LARGE: 'The document is too large',
  AGREEMENT_SIGNER_NOT_AUTHORIZED: 'Only a global admin can accept agreements',
  AGREEMENT_VERSION_SUPERSEDED: 'A newer version of the agreement is in effect',
  AGREEMENT_TEMPLATE_EXISTS: 'This agreement version already exists',
  AUTHORITY_NOT_CONFIRMED: 'Confirm that you may sign for your organization',
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

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

/** Extra request options: headers such as `If-Match`, or a body that is not JSON. */
export interface RequestOptions {
  headers?: Record<string, string>;
  /** A body sent as is (multipart `FormData`, or text with `contentType`). */
  raw?: BodyInit;
  /** The content type of a text `raw` body; omitted for `FormData` (the browser sets the boundary). */
  contentType?: string;
}

/** A response body with the `ETag` the server sent (for `If-Match` on the next write). */
export interface Versioned<T> {
  data: T;
  etag: string | null;
}

async function send(method: Method, path: string, body: unknown, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (opts.raw !== undefined) {
    if (opts.contentType) headers['Content-Type'] = opts.contentType;
    init.body = opts.raw;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(API_BASE + path, init);
  } catch {
    throw new ApiError(0, 'SERVICE_UNAVAILABLE');
  }
  return res;
}

async function readBody<T>(res: Response): Promise<T> {
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

/**
 * One JSON call. Sends `Content-Type: application/json` only with a body (the server refuses a
 * JSON content type on an empty body), the session cookie same-origin, and returns `undefined`
 * for 204.
 */
export async function request<T>(method: Method, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  return readBody<T>(await send(method, path, body, opts));
}

/** Like `request`, and also returns the response's `ETag`. */
export async function requestVersioned<T>(method: Method, path: string, body?: unknown, opts: RequestOptions = {}): Promise<Versioned<T>> {
  const res = await send(method, path, body, opts);
  const data = await readBody<T>(res);
  return { data, etag: res.headers.get('ETag') };
}

/** A GET of a resource that may not exist yet: `null` data on 404. */
async function getOptional<T>(path: string): Promise<Versioned<T | null>> {
  try {
    return await requestVersioned<T>('GET', path);
  } catch (e) {
    if (isApiError(e) && e.status === 404) return { data: null, etag: null };
    throw e;
  }
}

function ifMatch(etag: string | null | undefined): RequestOptions {
  return etag ? { headers: { 'If-Match': etag } } : {};
}

function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
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

// ---- Enrollment milestone (docs/enrollment-api-plan.md) ----

export interface MarketRef {
  id: string;
  name: string;
  currency?: string;
}

export interface CountryInfo {
  iso2: string;
  name: string;
  market: string | MarketRef;
  currency: string;
  postalCodeRequired?: boolean;
  stateRequired?: boolean;
  registrationId?: { name: string; example: string } | null;
  usesIban?: boolean;
}

export interface MarketsResponse {
  policyVersion: string;
  effectiveFrom: string;
  items: { id: string; name: string; currencies: string[]; countries: { iso2: string; name: string; currency: string }[] }[];
}

export interface AddressBody {
  line1: string;
  line2?: string | null;
  city: string;
  state?: string | null;
  postalCode?: string | null;
  country: string;
}

export interface LegalBusinessBody {
  companyName: string;
  address: AddressBody;
  primaryContact: { firstName: string; lastName: string; email: string; phone?: string | null };
  registrationId?: string | null;
}

export interface LegalBusiness extends LegalBusinessBody {
  market: MarketRef | null;
  billingCurrency: string | null;
  countryLocked: boolean;
  version?: number;
  updatedAt?: string;
}

export interface SupportProfile {
  email: string;
  phone?: string | null;
  website?: string | null;
  version?: number;
  updatedAt?: string;
}

export interface BankAccountBody {
  holderName: string;
  iban?: string;
  bic?: string;
  accountNumber?: string;
  routingNumber?: string;
  bankCountry: string;
}

export interface BillingBody {
  bankAccount: BankAccountBody;
  taxId?: string | null;
}

export interface BillingProfile {
  bankAccount: { holderName: string | null; bankCountry: string; masked: string; scheme: 'IBAN' | 'ACCOUNT' };
  taxId: string | null;
  billingCurrency: string | null;
  market: MarketRef | null;
  version?: number;
  updatedAt?: string;
}

export interface PartnerIdAssociation {
  partnerId: string;
  legalName: string;
  country: string;
  associatedAt: string;
}

export interface ProfileOverview {
  legalBusiness: LegalBusiness | null;
  support: SupportProfile | null;
  billing: BillingProfile | null;
  partnerId: PartnerIdAssociation | null;
  market: MarketRef | null;
  missing: string[];
  countryLocked: boolean;
}

export interface InformationItem {
  kind: string;
  message: string;
}

export interface InformationRequest {
  id: string;
  items: InformationItem[];
  createdAt: string;
  answeredAt?: string | null;
}

export interface DocumentRef {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

export interface VerificationResponseRecord {
  id?: string;
  receiptId: string;
  message: string;
  createdAt: string;
  documents: DocumentRef[];
}

export interface Acceptance {
  id: string;
  templateId: string;
  type: string;
  version: string;
  locale: string;
  contentSha256: string;
  signerName: string;
  signerTitle: string;
  signerEmail: string;
  acceptedAt: string;
  ip: string;
  userAgent: string | null;
}

export interface TimelineEntry {
  action: string;
  fromState: string | null;
  toState: string;
  at: string;
  by: 'PARTNER' | 'PROGRAM' | 'SYSTEM' | string;
  note: string | null;
}

export interface Enrollment {
  id: string;
  program: string;
  state: string;
  market: MarketRef | null;
  currency: string | null;
  createdAt: string;
  submittedAt: string | null;
  qualifiedAt: string | null;
  activatedAt: string | null;
  rejectedAt?: string | null;
  timeline: TimelineEntry[];
  profileMissing?: string[];
  availableActions: string[];
  estimatedDecisionAt: string | null;
  /** Not in the plan; used when the server sends it. */
  targetBusinessDays?: number;
  verification: { caseId: string; state: string; openRequest: InformationRequest | null } | null;
  agreement: Acceptance | null;
}

export interface PartnerVerification {
  caseId: string;
  enrollmentId: string;
  state: string;
  estimatedDecisionAt: string | null;
  openedAt?: string;
  decidedAt?: string | null;
  reasonCode?: string | null;
  decisionNote?: string | null;
  openRequest: InformationRequest | null;
  requests: InformationRequest[];
  responses: VerificationResponseRecord[];
  availableActions?: string[];
}

export interface ResponseReceipt {
  receiptId: string;
  responseId: string;
  state?: string;
  documents: DocumentRef[];
}

export interface AgreementTemplate {
  id: string;
  type: string;
  version: string;
  locale: string;
  title: string;
  body: string;
  bodyHtml?: string;
  contentSha256: string;
  effectiveAt: string;
  requiresReacceptance: boolean;
  createdAt?: string;
  /** Admin list only: the version in effect now for its type and language. */
  current?: boolean;
  publishedBy?: string | null;
}

export interface AgreementTemplateBody {
  type: string;
  version: string;
  locale: string;
  title: string;
  body: string;
  effectiveAt: string;
  requiresReacceptance: boolean;
}

export interface AcceptanceBody {
  templateId: string;
  signer: { name: string; title: string };
  authorityConfirmed: boolean;
}

export interface RegistryEntry {
  partnerId: string;
  legalName: string;
  country: string;
  kind: 'LOCATION' | 'GLOBAL' | string;
  active: boolean;
  associatedOrganizationId: string | null;
  associatedAt: string | null;
}

export interface ImportLineError {
  line: number;
  field?: string;
  code?: string;
  message: string;
}

export interface ImportResult {
  created: number;
  updated: number;
  /** Server addition (not in the plan): lines that matched the registry already. */
  unchanged?: number;
  errors: ImportLineError[];
}

export interface CaseSummary {
  id: string;
  enrollmentId: string;
  organization: { id: string; name: string; domain: string };
  companyName: string | null;
  country: string;
  state: string;
  assignee: { id: string; email: string } | null;
  openedAt: string;
  dueAt: string;
  overdue: boolean;
  businessDaysOverdue: number;
}

export interface CaseCheck {
  kind: string;
  status: 'PASSED' | 'FAILED' | 'PENDING' | string;
  detail: string | null;
  code?: string;
}

export interface CaseDetail extends CaseSummary {
  checks: CaseCheck[];
  profile: {
    legalBusiness: LegalBusiness | null;
    support: SupportProfile | null;
    billing: BillingProfile | null;
    partnerId: PartnerIdAssociation | null;
    registryEntry: RegistryEntry | null;
  };
  requests: InformationRequest[];
  responses: VerificationResponseRecord[];
  history: { action: string; at: string; actorEmail: string | null; note: string | null }[];
  /** Server addition (not in the plan): who changed which profile fields, oldest first. */
  profileHistory?: { action: string; at: string; actorEmail: string | null; fields: string[] }[];
  availableActions: string[];
  decidedAt?: string | null;
  reasonCode?: string | null;
  decisionNote?: string | null;
}

export interface CaseFilters {
  state?: string;
  overdue?: 'true' | 'false';
  country?: string;
  assignee?: string;
  limit?: number;
  cursor?: string | null;
}

export interface VerificationSettings {
  targetBusinessDays: number;
  weekend: number[];
  holidays: string[];
  updatedAt?: string | null;
}

/** The URL of an uploaded document (opened as a download link, not fetched as JSON). */
export function documentUrl(id: string): string {
  return `${API_BASE}/documents/${encodeURIComponent(id)}`;
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
  markets: {
    list: () => request<MarketsResponse>('GET', '/markets'),
    countries: () => request<Page<CountryInfo> | { items: CountryInfo[] }>('GET', '/countries'),
  },
  profile: {
    overview: () => request<ProfileOverview>('GET', '/profile'),
    legal: () => getOptional<LegalBusiness>('/profile/legal-business'),
    saveLegal: (body: LegalBusinessBody, etag: string | null) => requestVersioned<LegalBusiness>('PUT', '/profile/legal-business', body, ifMatch(etag)),
    support: () => getOptional<SupportProfile>('/profile/support'),
    saveSupport: (body: SupportProfile, etag: string | null) => requestVersioned<SupportProfile>('PUT', '/profile/support', body, ifMatch(etag)),
    billing: () => getOptional<BillingProfile>('/profile/billing'),
    saveBilling: (body: BillingBody, etag: string | null) => requestVersioned<BillingProfile>('PUT', '/profile/billing', body, ifMatch(etag)),
    partnerId: async () => (await getOptional<PartnerIdAssociation>('/profile/partner-id')).data,
    associatePartnerId: (partnerId: string) => request<PartnerIdAssociation>('PUT', '/profile/partner-id', { partnerId }),
  },
  enrollments: {
    list: () => request<Page<Enrollment> | { items: Enrollment[] }>('GET', '/enrollments'),
    get: (id: string) => request<Enrollment>('GET', `/enrollments/${encodeURIComponent(id)}`),
    create: () => request<Enrollment>('POST', '/enrollments', { program: 'INDIRECT_RESELLER' }),
    submit: (id: string) => request<Enrollment>('POST', `/enrollments/${encodeURIComponent(id)}/submit`),
    accept: (id: string, body: AcceptanceBody) =>
      request<{ acceptance: Acceptance; enrollment: Enrollment }>('POST', `/enrollments/${encodeURIComponent(id)}/agreement-acceptances`, body),
    acceptances: (id: string) => request<{ items: Acceptance[] }>('GET', `/enrollments/${encodeURIComponent(id)}/agreement-acceptances`),
  },
  verification: {
    mine: async () => {
      try {
        return await request<PartnerVerification>('GET', '/verification');
      } catch (e) {
        if (isApiError(e) && e.status === 404) return null;
        throw e;
      }
    },
    respond: (message: string, files: readonly File[]) => {
      const form = new FormData();
      form.append('message', message);
      for (const f of files) form.append('documents', f, f.name);
      return request<ResponseReceipt>('POST', '/verification/responses', undefined, { raw: form });
    },
  },
  agreements: {
    current: (type: string, locale: string) => request<{ items: AgreementTemplate[] }>('GET', `/agreement-templates${query({ type, locale })}`),
  },
  admin: {
    cases: (f: CaseFilters) => request<Page<CaseSummary>>('GET', `/admin/verification-cases${query({ ...f })}`),
    case: (id: string) => request<CaseDetail>('GET', `/admin/verification-cases/${encodeURIComponent(id)}`),
    claim: (id: string) => request<CaseDetail>('POST', `/admin/verification-cases/${encodeURIComponent(id)}/claim`),
    approve: (id: string, note?: string) => request<CaseDetail>('POST', `/admin/verification-cases/${encodeURIComponent(id)}/approve`, note ? { note } : {}),
    reject: (id: string, reasonCode: string, note: string) =>
      request<CaseDetail>('POST', `/admin/verification-cases/${encodeURIComponent(id)}/reject`, { reasonCode, note }),
    requestInformation: (id: string, items: InformationItem[]) =>
      request<CaseDetail>('POST', `/admin/verification-cases/${encodeURIComponent(id)}/request-information`, { items }),
    partnerIds: (params: { q?: string; country?: string; kind?: string; active?: string; limit?: number; cursor?: string | null }) =>
      request<Page<RegistryEntry>>('GET', `/admin/partner-ids${query(params)}`),
    addPartnerId: (body: { partnerId: string; legalName: string; country: string; kind: string; active: boolean }) =>
      request<RegistryEntry>('POST', '/admin/partner-ids', body),
    updatePartnerId: (partnerId: string, patch: Partial<Pick<RegistryEntry, 'legalName' | 'country' | 'kind' | 'active'>>) =>
      request<RegistryEntry>('PATCH', `/admin/partner-ids/${encodeURIComponent(partnerId)}`, patch),
    importPartnerIds: (csv: string) => request<ImportResult>('POST', '/admin/partner-ids/import', undefined, { raw: csv, contentType: 'text/csv' }),
    templates: (cursor?: string | null) => request<Page<AgreementTemplate>>('GET', `/admin/agreement-templates${query({ limit: 200, cursor })}`),
    publishTemplate: (body: AgreementTemplateBody) => request<AgreementTemplate>('POST', '/admin/agreement-templates', body),
    verificationSettings: () => request<VerificationSettings>('GET', '/admin/program-settings/verification'),
    saveVerificationSettings: (body: Omit<VerificationSettings, 'updatedAt'>) => request<VerificationSettings>('PUT', '/admin/program-settings/verification', body),
  },
};

/** The URL that starts single sign-on (a full-page navigation, not a fetch). */
export const OIDC_START_URL = `${API_BASE}/auth/oidc/start`;

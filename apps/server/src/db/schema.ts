import type { ColumnType, Generated } from 'kysely';

/** Kysely table types (camelCase; CamelCasePlugin maps to snake_case columns). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OrganizationTable {
  id: string;
  name: string;
  domain: string;
  createdAt: Timestamp;
}

export interface AppUserTable {
  id: string;
  email: string;
  organizationId: string | null;
  /** Partner role inside the organization; null for staff. */
  role: string | null;
  /** Program role; null for partner users. */
  staffRole: string | null;
  displayName: string | null;
  locale: string;
  createdAt: Timestamp;
  lastSignInAt: Date | null;
}

export interface SignInCodeTable {
  id: string;
  email: string;
  codeHash: string;
  locale: string;
  ip: string;
  attempts: Generated<number>;
  createdAt: Timestamp;
  expiresAt: Date;
  consumedAt: Date | null;
}

export interface SignInRequestTable {
  id: Generated<string>;
  ip: string;
  createdAt: Timestamp;
}

export interface SessionTable {
  id: string;
  tokenHash: string;
  userId: string;
  createdAt: Timestamp;
  expiresAt: Date;
  revokedAt: Date | null;
}

export interface ApiTokenTable {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: Timestamp;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface InvitationTable {
  id: string;
  organizationId: string;
  email: string;
  role: string;
  invitedBy: string;
  createdAt: Timestamp;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

export interface AuditEventTable {
  seq: Generated<string>;
  id: string;
  actorUserId: string | null;
  organizationId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  data: unknown;
  requestId: string | null;
  createdAt: Date;
  prevHash: string;
  hash: string;
}

export interface NotificationTable {
  id: string;
  organizationId: string | null;
  toEmail: string;
  locale: string;
  template: string;
  subject: string;
  text: string;
  html: string;
  createdAt: Timestamp;
  sentAt: Date | null;
  attempts: Generated<number>;
  lastError: string | null;
}

export interface DevMailTable {
  id: string;
  notificationId: string;
  toEmail: string;
  subject: string;
  text: string;
  html: string;
  createdAt: Timestamp;
}

export interface IdempotencyKeyTable {
  key: string;
  userId: string;
  method: string;
  path: string;
  requestHash: string;
  statusCode: number;
  body: unknown;
  createdAt: Timestamp;
}

export interface ProgramSettingTable {
  key: string;
  value: unknown;
  updatedAt: Timestamp;
  updatedBy: string | null;
}

export interface LegalBusinessProfileTable {
  organizationId: string;
  companyName: string;
  address: unknown;
  country: string;
  primaryContact: unknown;
  registrationId: string | null;
  marketId: string;
  currency: string;
  marketPolicyVersion: string;
  countryLockedAt: Date | null;
  version: Generated<number>;
  updatedAt: Date;
  updatedBy: string;
}

export interface SupportProfileTable {
  organizationId: string;
  email: string;
  phone: string | null;
  website: string | null;
  version: Generated<number>;
  updatedAt: Date;
  updatedBy: string;
}

export interface BillingProfileTable {
  organizationId: string;
  holderNameEnc: string;
  bankCountry: string;
  ibanEnc: string | null;
  bicEnc: string | null;
  accountNumberEnc: string | null;
  routingNumberEnc: string | null;
  masked: string;
  taxId: string | null;
  keyId: string;
  version: Generated<number>;
  updatedAt: Date;
  updatedBy: string;
}

export interface PartnerIdRegistryTable {
  partnerId: string;
  legalName: string;
  country: string;
  kind: string;
  active: boolean;
  associatedOrganizationId: string | null;
  associatedAt: Date | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface EnrollmentTable {
  id: string;
  organizationId: string;
  program: string;
  state: string;
  marketId: string | null;
  currency: string | null;
  submittedAt: Date | null;
  qualifiedAt: Date | null;
  activatedAt: Date | null;
  rejectedAt: Date | null;
  version: Generated<number>;
  createdAt: Date;
  updatedAt: Date;
}

export interface EnrollmentEventTable {
  id: string;
  enrollmentId: string;
  organizationId: string;
  action: string;
  fromState: string | null;
  toState: string;
  actorUserId: string | null;
  note: string | null;
  data: unknown;
  createdAt: Date;
}

export interface VerificationCaseTable {
  id: string;
  enrollmentId: string;
  organizationId: string;
  state: string;
  country: string;
  assigneeId: string | null;
  openedAt: Date;
  dueAt: Date;
  decidedAt: Date | null;
  businessCheck: Generated<string>;
  reasonCode: string | null;
  decisionNote: string | null;
  overdueNotifiedAt: Date | null;
  version: Generated<number>;
  updatedAt: Date;
}

export interface InformationRequestTable {
  id: string;
  caseId: string;
  organizationId: string;
  items: unknown;
  requestedBy: string;
  createdAt: Date;
  answeredAt: Date | null;
}

export interface VerificationResponseTable {
  id: string;
  caseId: string;
  organizationId: string;
  informationRequestId: string | null;
  receiptId: string;
  message: string;
  createdBy: string;
  createdAt: Date;
}

export interface DocumentTable {
  id: string;
  organizationId: string;
  responseId: string | null;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  content: Buffer;
  createdBy: string;
  createdAt: Date;
}

export interface AgreementTemplateTable {
  id: string;
  type: string;
  version: string;
  locale: string;
  title: string;
  body: string;
  contentSha256: string;
  effectiveAt: Date;
  requiresReacceptance: boolean;
  publishedBy: string | null;
  createdAt: Date;
}

export interface AgreementAcceptanceTable {
  id: string;
  organizationId: string;
  enrollmentId: string;
  templateId: string;
  type: string;
  version: string;
  locale: string;
  contentSha256: string;
  marketId: string | null;
  signerUserId: string;
  signerName: string;
  signerTitle: string;
  signerEmail: string;
  ip: string;
  userAgent: string | null;
  acceptedAt: Date;
}

export interface Database {
  organization: OrganizationTable;
  appUser: AppUserTable;
  signInCode: SignInCodeTable;
  signInRequest: SignInRequestTable;
  session: SessionTable;
  apiToken: ApiTokenTable;
  invitation: InvitationTable;
  auditEvent: AuditEventTable;
  notification: NotificationTable;
  devMail: DevMailTable;
  idempotencyKey: IdempotencyKeyTable;
  programSetting: ProgramSettingTable;
  legalBusinessProfile: LegalBusinessProfileTable;
  supportProfile: SupportProfileTable;
  billingProfile: BillingProfileTable;
  partnerIdRegistry: PartnerIdRegistryTable;
  enrollment: EnrollmentTable;
  enrollmentEvent: EnrollmentEventTable;
  verificationCase: VerificationCaseTable;
  informationRequest: InformationRequestTable;
  verificationResponse: VerificationResponseTable;
  document: DocumentTable;
  agreementTemplate: AgreementTemplateTable;
  agreementAcceptance: AgreementAcceptanceTable;
}

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
}

import { INFORMATION_KINDS, PARTNER_ID_KINDS, REJECTION_REASONS, VERIFICATION_ACTIONS, VERIFICATION_STATES } from '@csp-center/domain';
import { z } from 'zod';
import { PageQuery, Timestamp } from '../../http/schemas.ts';
import { MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_RESPONSE } from './verification.documents.ts';

export const VerificationStateSchema = z.enum(VERIFICATION_STATES).meta({ id: 'VerificationState' });
export const InformationItemSchema = z
  .strictObject({ kind: z.enum(INFORMATION_KINDS), message: z.string().trim().min(1).max(1000) })
  .meta({ id: 'InformationItem' });

export const InformationRequestSchema = z
  .object({ id: z.string(), items: z.array(InformationItemSchema), createdAt: Timestamp, answeredAt: Timestamp.nullable() })
  .meta({ id: 'InformationRequest' });
export const OpenRequestSchema = z.object({ id: z.string(), items: z.array(InformationItemSchema), createdAt: Timestamp }).meta({ id: 'OpenInformationRequest' });

export const DocumentMetaSchema = z
  .object({ id: z.string(), filename: z.string(), contentType: z.enum(['application/pdf', 'image/png', 'image/jpeg']), sizeBytes: z.number().int() })
  .meta({ id: 'DocumentMeta' });

export const VerificationResponseSchema = z
  .object({ id: z.string(), receiptId: z.string(), informationRequestId: z.string().nullable(), message: z.string(), createdAt: Timestamp, documents: z.array(DocumentMetaSchema) })
  .meta({ id: 'VerificationResponse' });

const Actions = z.array(z.enum(VERIFICATION_ACTIONS));

export const OwnVerificationSchema = z
  .object({
    caseId: z.string(),
    enrollmentId: z.string(),
    state: VerificationStateSchema,
    openedAt: Timestamp,
    estimatedDecisionAt: Timestamp.nullable().describe('Due date while under review; null while waiting for your answer or once decided'),
    decidedAt: Timestamp.nullable(),
    reasonCode: z.enum(REJECTION_REASONS).nullable(),
    decisionNote: z.string().nullable(),
    openRequest: OpenRequestSchema.nullable(),
    requests: z.array(InformationRequestSchema),
    responses: z.array(VerificationResponseSchema),
    availableActions: Actions,
  })
  .meta({ id: 'OwnVerification' });

export const ResponseReceiptSchema = z
  .object({ receiptId: z.string().describe('Quote it to the program, e.g. VR-2026-7K3M9Q'), responseId: z.string(), state: VerificationStateSchema, availableActions: Actions, documents: z.array(DocumentMetaSchema) })
  .meta({ id: 'VerificationResponseReceipt' });

export const RESPONSE_UPLOAD_DESCRIPTION = `multipart/form-data with a text field \`message\` (1–5000 characters) and up to ${MAX_DOCUMENTS_PER_RESPONSE} files in \`documents\` (PDF, PNG or JPEG, recognised by content; at most ${MAX_DOCUMENT_BYTES} bytes each). Answers the open information request.`;

export const CaseQuerySchema = PageQuery.extend({
  state: VerificationStateSchema.optional(),
  overdue: z.enum(['true', 'false']).optional().describe('true: due date passed on an undecided case'),
  country: z.string().regex(/^[A-Za-z]{2}$/).transform((s) => s.toUpperCase()).optional(),
  assignee: z.union([z.enum(['me', 'unassigned']), z.uuid()]).optional(),
});

const CaseItemShape = {
  id: z.string(),
  enrollmentId: z.string(),
  organization: z.object({ id: z.string(), name: z.string(), domain: z.string() }),
  companyName: z.string(),
  country: z.string(),
  state: VerificationStateSchema,
  assignee: z.object({ id: z.string(), email: z.string() }).nullable(),
  openedAt: Timestamp,
  dueAt: Timestamp,
  overdue: z.boolean(),
  businessDaysOverdue: z.number().int(),
};
export const CaseItemSchema = z.object(CaseItemShape).meta({ id: 'VerificationCaseItem' });

export const CheckSchema = z
  .object({ kind: z.enum(['EMAIL_OWNERSHIP', 'EMPLOYMENT', 'PARTNER_ID', 'BUSINESS']), status: z.enum(['PASSED', 'FAILED', 'PENDING']), detail: z.string(), code: z.string().optional() })
  .meta({ id: 'VerificationCheck' });

export const CaseDetailSchema = z
  .object({
    ...CaseItemShape,
    decidedAt: Timestamp.nullable(),
    reasonCode: z.enum(REJECTION_REASONS).nullable(),
    decisionNote: z.string().nullable(),
    checks: z.array(CheckSchema),
    profile: z.object({
      legalBusiness: z.unknown(),
      support: z.unknown(),
      billing: z.unknown(),
      partnerId: z.unknown(),
      registryEntry: z
        .object({ partnerId: z.string(), legalName: z.string(), country: z.string(), kind: z.enum(PARTNER_ID_KINDS), active: z.boolean(), associatedOrganizationId: z.string().nullable(), associatedAt: Timestamp.nullable() })
        .nullable(),
    }),
    requests: z.array(InformationRequestSchema),
    responses: z.array(VerificationResponseSchema),
    history: z.array(z.object({ action: z.string(), at: Timestamp, actorEmail: z.string().nullable(), note: z.string().nullable() })),
    profileHistory: z.array(z.object({ action: z.string(), at: Timestamp, actorEmail: z.string().nullable(), fields: z.array(z.string()) })).describe('Changes to the partner profile and partner ID, oldest first'),
    availableActions: Actions,
  })
  .meta({ id: 'VerificationCase' });

export const ApproveBody = z.strictObject({ note: z.string().trim().max(2000).optional() });
export const RejectBody = z.strictObject({ reasonCode: z.enum(REJECTION_REASONS), note: z.string().trim().min(1).max(2000) });
export const RequestInformationBody = z.strictObject({ items: z.array(InformationItemSchema).min(1).max(10) });

export const CalendarBody = z.strictObject({
  targetBusinessDays: z.number().int().min(1).max(30),
  weekend: z.array(z.number().int().min(1).max(7)).max(6).describe('ISO weekdays that are not business days: 1 = Monday … 7 = Sunday'),
  holidays: z.array(z.iso.date()).max(400).describe('YYYY-MM-DD (UTC days)'),
});
export const CalendarSchema = z
  .object({ targetBusinessDays: z.number().int(), weekend: z.array(z.number().int()), holidays: z.array(z.string()), updatedAt: Timestamp.nullable() })
  .meta({ id: 'VerificationSettings' });

import type { Program } from '@csp-center/domain';
import { z } from 'zod';
import { LocaleSchema, Timestamp } from '../../http/schemas.ts';

/**
 * Agreement types the program publishes. The indirect reseller terms are accepted to activate an
 * indirect reseller enrollment; the direct bill terms come with the direct bill milestone.
 */
export const AGREEMENT_TYPES = ['INDIRECT_RESELLER_TERMS', 'DIRECT_BILL_TERMS'] as const;
export type AgreementType = (typeof AGREEMENT_TYPES)[number];

/** The agreement an enrollment of each program must accept before it becomes active. */
export const PROGRAM_AGREEMENT_TYPE: Record<Program, AgreementType> = {
  INDIRECT_RESELLER: 'INDIRECT_RESELLER_TERMS',
  DIRECT_BILL: 'DIRECT_BILL_TERMS',
};

/** Longest accepted agreement body (characters): generous for a full legal text, far below BODY_LIMIT's default. */
export const MAX_AGREEMENT_BODY = 200_000;

export const AgreementTypeSchema = z.enum(AGREEMENT_TYPES);

export const AgreementTemplateSchema = z
  .object({
    id: z.string(),
    type: AgreementTypeSchema,
    version: z.string(),
    locale: LocaleSchema,
    title: z.string(),
    body: z.string().describe('The Markdown source, exactly as published (the hash is over this text).'),
    bodyHtml: z.string().describe('The body rendered to HTML: raw HTML is shown as text, links are http, https or mailto only.'),
    contentSha256: z.string().describe('SHA-256 (hex) of the UTF-8 body.'),
    effectiveAt: Timestamp,
    requiresReacceptance: z.boolean(),
  })
  .meta({ id: 'AgreementTemplate' });

export const AdminAgreementTemplateSchema = AgreementTemplateSchema.extend({
  current: z.boolean().describe('This is the version in effect now for its type and language.'),
  publishedBy: z.string().nullable(),
  createdAt: Timestamp,
}).meta({ id: 'AdminAgreementTemplate' });

export const PublishTemplateBody = z.strictObject({
  type: AgreementTypeSchema,
  version: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/, 'Letters, digits, dot, dash or underscore; at most 40 characters')
    .describe('Version label, e.g. `2026-01`; unique per type and language.'),
  locale: LocaleSchema,
  title: z.string().trim().min(1).max(200),
  body: z.string().min(1).max(MAX_AGREEMENT_BODY).refine((s) => s.trim().length > 0, 'The body is empty').describe('Markdown (GFM). Hashed exactly as sent.'),
  effectiveAt: z.iso.datetime({ offset: true }).describe('When this version takes effect; the latest effective version of a type and language is the current one.'),
  requiresReacceptance: z.boolean().default(false),
});
export type PublishTemplateInput = z.infer<typeof PublishTemplateBody>;

export const TemplateQuery = z.strictObject({
  type: AgreementTypeSchema.optional(),
  locale: LocaleSchema.optional(),
});

export const AdminTemplateQuery = TemplateQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

export const AcceptanceSchema = z
  .object({
    id: z.string(),
    enrollmentId: z.string(),
    templateId: z.string(),
    type: AgreementTypeSchema,
    version: z.string(),
    locale: LocaleSchema,
    contentSha256: z.string(),
    marketId: z.string().nullable().describe('The market the acceptance applies to (the enrollment’s market).'),
    signerUserId: z.string(),
    signerName: z.string(),
    signerTitle: z.string(),
    signerEmail: z.string(),
    acceptedAt: Timestamp,
    ip: z.string(),
    userAgent: z.string().nullable(),
  })
  .meta({ id: 'AgreementAcceptance' });
export type Acceptance = z.infer<typeof AcceptanceSchema>;

export const AcceptBody = z.strictObject({
  templateId: z.uuid(),
  signer: z.strictObject({
    name: z.string().trim().min(1).max(200),
    title: z.string().trim().min(1).max(200),
  }),
  authorityConfirmed: z.boolean().describe('Must be true: the signer confirms the authority to sign for the organization.'),
});
export type AcceptInput = z.infer<typeof AcceptBody>;

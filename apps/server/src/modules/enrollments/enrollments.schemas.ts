import { ENROLLMENT_ACTIONS, ENROLLMENT_STATES, PROFILE_PARTS, PROGRAMS, VERIFICATION_STATES } from '@csp-center/domain';
import { z } from 'zod';
import { Timestamp } from '../../http/schemas.ts';
import { AcceptanceSchema } from '../agreements/index.ts';

export const CreateEnrollmentBody = z.strictObject({ program: z.enum(PROGRAMS).describe('DIRECT_BILL comes with a later milestone') });

const InformationItem = z.object({ kind: z.string(), message: z.string() });

export const EnrollmentSchema = z
  .object({
    id: z.string(),
    program: z.enum(PROGRAMS),
    state: z.enum(ENROLLMENT_STATES),
    market: z.object({ id: z.string(), name: z.string() }).nullable(),
    currency: z.string().nullable(),
    createdAt: Timestamp,
    submittedAt: Timestamp.nullable(),
    qualifiedAt: Timestamp.nullable(),
    activatedAt: Timestamp.nullable(),
    rejectedAt: Timestamp.nullable(),
    timeline: z.array(
      z.object({
        action: z.string().describe('CREATE, or an enrollment action (SUBMIT, REQUEST_INFORMATION, RESPOND, APPROVE, REJECT, ACCEPT_AGREEMENT)'),
        fromState: z.enum(ENROLLMENT_STATES).nullable(),
        toState: z.enum(ENROLLMENT_STATES),
        at: Timestamp,
        by: z.enum(['PARTNER', 'PROGRAM', 'SYSTEM']),
        note: z.string().nullable(),
      }),
    ),
    availableActions: z.array(z.enum(ENROLLMENT_ACTIONS)).describe("What the caller may do now (the domain's decision for the caller's roles)"),
    profileMissing: z.array(z.enum(PROFILE_PARTS)).describe('Profile parts still missing; SUBMIT needs none'),
    estimatedDecisionAt: Timestamp.nullable(),
    verification: z
      .object({
        caseId: z.string(),
        state: z.enum(VERIFICATION_STATES),
        openRequest: z.object({ id: z.string(), items: z.array(InformationItem), createdAt: Timestamp }).nullable(),
      })
      .nullable(),
    // Lazy: the agreements module imports this module too; the schema is resolved on first use.
    agreement: z
      .lazy(() => AcceptanceSchema)
      .nullable()
      .describe('The accepted agreement, once accepted'),
  })
  .meta({ id: 'Enrollment' });

import { ERROR_CODES, LOCALES, PARTNER_ROLES, STAFF_ROLES } from '@csp-center/domain';
import { z } from 'zod';

/** RFC 9457 problem body, referenced by every route's error responses. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(ERROR_CODES),
    detail: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
    requestId: z.string(),
  })
  .meta({ id: 'Problem' });

/** Error responses a route can give, for the OpenAPI document. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, ProblemSchema])) as Record<number, typeof ProblemSchema>;
}

export const IdParams = z.strictObject({ id: z.uuid() });
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});
export const Email = z.string().trim().max(254).pipe(z.email());
export const LocaleSchema = z.enum(LOCALES);
export const PartnerRoleSchema = z.enum(PARTNER_ROLES);
export const RoleSchema = z.enum([...PARTNER_ROLES, ...STAFF_ROLES]);
export const Timestamp = z.string().meta({ format: 'date-time' });

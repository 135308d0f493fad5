import { z } from 'zod';
import { Email, LocaleSchema, RoleSchema, Timestamp } from '../../http/schemas.ts';

export const SignInBody = z.strictObject({ email: Email, locale: LocaleSchema.optional() });
export const SignInResponse = z.object({ status: z.literal('CODE_SENT'), expiresInSeconds: z.number().int() });
export const VerifyBody = z.strictObject({ email: Email, code: z.string().regex(/^\d{6}$/, 'six digits') });

export const UserSchema = z
  .object({ id: z.string(), email: z.string(), displayName: z.string().nullable(), locale: LocaleSchema, createdAt: Timestamp })
  .meta({ id: 'User' });
export const OrganizationSchema = z
  .object({ id: z.string(), name: z.string(), domain: z.string(), createdAt: Timestamp })
  .meta({ id: 'Organization' });
export const VerifyResponse = z.object({ user: UserSchema, organization: OrganizationSchema.nullable() });
export const MeResponse = z.object({ user: UserSchema, organization: OrganizationSchema.nullable(), roles: z.array(RoleSchema) }).meta({ id: 'Me' });
export const MePatchBody = z.strictObject({ locale: LocaleSchema.optional(), displayName: z.string().trim().max(120).nullable().optional() });

export const ApiTokenSchema = z.object({ id: z.string(), name: z.string(), createdAt: Timestamp, lastUsedAt: Timestamp.nullable() }).meta({ id: 'ApiToken' });
export const ApiTokenList = z.object({ items: z.array(ApiTokenSchema), nextCursor: z.string().nullable() });
export const ApiTokenCreateBody = z.strictObject({ name: z.string().trim().min(1).max(100) });
export const ApiTokenCreated = z.object({ id: z.string(), name: z.string(), token: z.string(), createdAt: Timestamp });
export const OidcStatus = z.object({ enabled: z.boolean() });

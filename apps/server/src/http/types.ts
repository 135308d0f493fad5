import type { Permission } from '@csp-center/domain';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Principal } from '../modules/auth/auth.service.ts';
import type { AuditContext } from '../modules/audit/index.ts';

/** The Fastify instance every module registers its routes on (zod-typed). */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/**
 * Every API route declares who may call it: `public`, `signed-in` (any principal) or a
 * permission from the domain policy. The auth plugin refuses routes that declare nothing.
 */
export type RouteAccess = 'public' | 'signed-in' | Permission;

/**
 * One registered route, as collected by buildApp: lets tests walk every route (tenant
 * isolation, validation) so a new route cannot slip past them.
 */
export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  hasBody: boolean;
  hasParams: boolean;
  hasQuerystring: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Every route registered on the app (HEAD twins left out), in registration order. */
    routeTable: readonly RouteEntry[];
  }
}

/** The principal of a route that requires sign-in (the auth plugin guarantees it). */
export function principalOf(req: { principal: Principal | null }): Principal {
  if (!req.principal) throw new Error('principalOf on a public route');
  return req.principal;
}

/** Audit context of the current request. */
export function auditContext(req: { principal: Principal | null; id: string }): AuditContext {
  return { actorUserId: req.principal?.userId ?? null, organizationId: req.principal?.organizationId ?? null, requestId: req.id };
}

import { DomainError } from './errors.ts';
import type { Actor, Role } from './roles.ts';

/**
 * Every permission the API checks, with the roles that hold it. Routes declare a permission;
 * the server's auth plugin calls `authorize`, and the web calls `can` to show only what the
 * server will allow.
 */
export const PERMISSIONS = {
  'me.read': ['global_admin', 'account_admin', 'billing_admin', 'admin_agent', 'sales_agent', 'member', 'program_admin', 'verifier', 'credit_analyst', 'support'],
  'organization.users.read': ['global_admin', 'account_admin', 'billing_admin', 'admin_agent', 'sales_agent', 'member'],
  'organization.users.manage': ['global_admin'],
  'organization.invitations.manage': ['global_admin'],
  'audit.read.own': ['global_admin'],
  'audit.read.all': ['program_admin', 'support'],
  'audit.verify': ['program_admin'],
  'profile.read': ['global_admin', 'account_admin', 'billing_admin', 'admin_agent', 'sales_agent', 'member'],
  'profile.write': ['global_admin', 'account_admin'],
  'profile.billing.read': ['global_admin', 'billing_admin', 'account_admin'],
  'profile.billing.write': ['global_admin', 'billing_admin'],
  'partnerId.associate': ['global_admin', 'account_admin'],
  'enrollment.read': ['global_admin', 'account_admin', 'billing_admin', 'admin_agent', 'sales_agent', 'member'],
  'enrollment.manage': ['global_admin', 'account_admin'],
  'agreement.accept': ['global_admin'],
  'verification.respond': ['global_admin', 'account_admin'],
  'verification.read': ['program_admin', 'verifier', 'support'],
  'verification.decide': ['program_admin', 'verifier'],
  'registry.read': ['program_admin', 'verifier', 'support'],
  'registry.manage': ['program_admin'],
  'agreements.publish': ['program_admin'],
  'program.configure': ['program_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** True when one of the actor's roles holds the permission. */
export function can(actor: Pick<Actor, 'roles'>, permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return actor.roles.some((r) => allowed.includes(r));
}

/** Throws FORBIDDEN unless the actor holds the permission. */
export function authorize(actor: Pick<Actor, 'roles'>, permission: Permission): void {
  if (!can(actor, permission)) throw new DomainError('FORBIDDEN', `Requires permission ${permission}`);
}

/**
 * Tenant isolation: a partner may only touch rows of its own organization. A row of another
 * organization is reported as NOT_FOUND so its existence is never revealed.
 */
export function assertSameOrganization(actor: Pick<Actor, 'organizationId'>, resourceOrganizationId: string | null): void {
  if (actor.organizationId === null || actor.organizationId !== resourceOrganizationId) {
    throw new DomainError('NOT_FOUND');
  }
}

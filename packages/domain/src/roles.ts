/** Roles inside a partner organization (product.md "Who uses it"). */
export const PARTNER_ROLES = ['global_admin', 'account_admin', 'billing_admin', 'admin_agent', 'sales_agent', 'member'] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];

/** Roles of the program's own staff; staff belong to no partner organization. */
export const STAFF_ROLES = ['program_admin', 'verifier', 'credit_analyst', 'support'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export type Role = PartnerRole | StaffRole;

/** Who is acting: the policy layer decides from this alone (no I/O). */
export interface Actor {
  userId: string;
  /** Null for program staff. */
  organizationId: string | null;
  roles: readonly Role[];
}

export function isStaff(actor: Actor): boolean {
  return actor.roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r));
}

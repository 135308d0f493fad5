import { describe, expect, it } from 'vitest';
import { assertSameOrganization, can, PERMISSIONS } from './policy.ts';
import { PARTNER_ROLES, STAFF_ROLES } from './roles.ts';

describe('policy', () => {
  it('lets only a global admin manage users and invitations', () => {
    for (const role of [...PARTNER_ROLES, ...STAFF_ROLES]) {
      expect(can({ roles: [role] }, 'organization.invitations.manage')).toBe(role === 'global_admin');
    }
  });
  it('gives staff no access to partner organization users', () => {
    for (const role of STAFF_ROLES) expect(can({ roles: [role] }, 'organization.users.read')).toBe(false);
  });
  it('names only known roles', () => {
    const known = new Set<string>([...PARTNER_ROLES, ...STAFF_ROLES]);
    for (const roles of Object.values(PERMISSIONS)) for (const r of roles) expect(known.has(r)).toBe(true);
  });
  it('reports another organization as not found', () => {
    expect(() => assertSameOrganization({ organizationId: 'a' }, 'b')).toThrow(/Not found/);
    expect(() => assertSameOrganization({ organizationId: null }, 'b')).toThrow();
    expect(() => assertSameOrganization({ organizationId: 'a' }, 'a')).not.toThrow();
  });
});

export { renameOrganization, resolveMembershipAtSignIn, getOrganization, organizationView, findOrganizationUsers, changeUserRole, createInvitation, findInvitations, revokeInvitation } from './organizations.service.ts';
export { organizationRoutes } from './organizations.routes.ts';

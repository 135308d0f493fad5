import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export const USERS_QUERY_KEY = ['organization', 'users'] as const;
export const INVITATIONS_QUERY_KEY = ['organization', 'invitations'] as const;

/** Invitation statuses that are no longer open: not listed on the Users page. */
const CLOSED_INVITATION_STATUSES = new Set(['ACCEPTED', 'REVOKED', 'CANCELLED', 'CANCELED']);

export function isOpenInvitation(status: string): boolean {
  return !CLOSED_INVITATION_STATUSES.has(status.toUpperCase());
}

export function useOrganizationUsers(enabled = true) {
  return useQuery({ queryKey: USERS_QUERY_KEY, queryFn: api.organization.users, enabled });
}

export function useInvitations(enabled: boolean) {
  return useQuery({ queryKey: INVITATIONS_QUERY_KEY, queryFn: api.organization.invitations, enabled });
}

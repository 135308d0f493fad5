import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Enrollment } from '../../api/client.ts';

/** Every profile query starts with this key, so one invalidation refreshes them all. */
export const PROFILE_KEY = ['profile'] as const;
export const ENROLLMENTS_KEY = ['enrollments'] as const;
export const VERIFICATION_KEY = ['verification'] as const;

export function useProfileOverview(enabled = true) {
  return useQuery({ queryKey: [...PROFILE_KEY, 'overview'], queryFn: api.profile.overview, enabled });
}

export function useLegalProfile(enabled = true) {
  return useQuery({ queryKey: [...PROFILE_KEY, 'legal'], queryFn: api.profile.legal, enabled });
}

export function useSupportProfile(enabled = true) {
  return useQuery({ queryKey: [...PROFILE_KEY, 'support'], queryFn: api.profile.support, enabled });
}

export function useBillingProfile(enabled = true) {
  return useQuery({ queryKey: [...PROFILE_KEY, 'billing'], queryFn: api.profile.billing, enabled });
}

export function usePartnerIdAssociation(enabled = true) {
  return useQuery({ queryKey: [...PROFILE_KEY, 'partner-id'], queryFn: api.profile.partnerId, enabled });
}

/** The organization's indirect reseller enrollment, or null before it was started. */
export function useEnrollment(enabled = true) {
  return useQuery({
    queryKey: ENROLLMENTS_KEY,
    enabled,
    queryFn: async (): Promise<Enrollment | null> => {
      const list = await api.enrollments.list();
      return list.items.find((e) => e.program === 'INDIRECT_RESELLER') ?? null;
    },
  });
}

/** The partner's verification case (requests, responses), or null before submission. */
export function usePartnerVerification(enabled = true) {
  return useQuery({ queryKey: VERIFICATION_KEY, queryFn: api.verification.mine, enabled });
}

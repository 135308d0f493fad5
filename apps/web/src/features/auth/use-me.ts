import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Me } from '../../api/client.ts';

export const ME_QUERY_KEY = ['me'] as const;

/** The signed-in user, organization and roles; fails with UNAUTHENTICATED when signed out. */
export function useMe() {
  return useQuery<Me>({ queryKey: ME_QUERY_KEY, queryFn: api.me.get, retry: false, staleTime: 60_000 });
}

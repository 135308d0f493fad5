import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { CaseFilters } from '../../api/client.ts';

export const CASES_KEY = ['admin', 'verification-cases'] as const;
export const REGISTRY_KEY = ['admin', 'partner-ids'] as const;
export const TEMPLATES_KEY = ['admin', 'agreement-templates'] as const;
export const SETTINGS_KEY = ['admin', 'settings', 'verification'] as const;

export function useCases(filters: CaseFilters) {
  return useInfiniteQuery({
    queryKey: [...CASES_KEY, 'list', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api.admin.cases({ ...filters, limit: 50, cursor: pageParam }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useCase(id: string) {
  return useQuery({ queryKey: [...CASES_KEY, 'detail', id], queryFn: () => api.admin.case(id) });
}

export function useRegistry(params: { q?: string; country?: string }) {
  return useInfiniteQuery({
    queryKey: [...REGISTRY_KEY, params],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api.admin.partnerIds({ ...params, limit: 50, cursor: pageParam }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

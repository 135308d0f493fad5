import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Locale } from '@csp-center/i18n';
import { api } from '../../api/client.ts';
import type { Me } from '../../api/client.ts';
import { useNotify } from '../../components/notify.tsx';
import { storeLocale } from '../../i18n.ts';
import { ME_QUERY_KEY } from './use-me.ts';

/**
 * Switches the UI language at once. Signed in, the choice is saved on the user (PATCH /me) so
 * it follows them to other browsers and to emails; signed out it is kept in localStorage and
 * sent with the next sign-in.
 */
export function useChangeLocale(): (locale: Locale) => void {
  const { i18n, t } = useTranslation();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const save = useMutation({
    mutationFn: (locale: Locale) => api.me.update({ locale }),
    onSuccess: (me) => queryClient.setQueryData<Me>(ME_QUERY_KEY, me),
    onError: () => notify(t('language.saveFailed'), 'warning'),
  });
  return (locale) => {
    storeLocale(locale);
    void i18n.changeLanguage(locale);
    const me = queryClient.getQueryData<Me>(ME_QUERY_KEY);
    if (me && me.user.locale !== locale) save.mutate(locale);
  };
}

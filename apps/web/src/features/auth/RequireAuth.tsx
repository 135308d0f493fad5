import { Spinner } from '@fluentui/react-components';
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { isLocale } from '@csp-center/i18n';
import { isApiError } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { storeLocale } from '../../i18n.ts';
import { useMe } from './use-me.ts';

/** Renders its children for a signed-in user and sends everyone else to the sign-in page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const { t, i18n } = useTranslation();
  const userLocale = me.data?.user.locale;

  // The language saved on the user wins over the browser's once signed in.
  useEffect(() => {
    if (isLocale(userLocale) && userLocale !== i18n.language) {
      storeLocale(userLocale);
      void i18n.changeLanguage(userLocale);
    }
    // Only when the saved value changes; a local switch must not be undone before it is saved.
  }, [userLocale]);

  if (me.isPending) return <Spinner label={t('loading')} style={{ marginTop: '20vh' }} />;
  if (me.isError) {
    if (isApiError(me.error) && me.error.code === 'UNAUTHENTICATED') {
      // The query survives: a failed single sign-on comes back as `/?signInError=CODE`.
      return <Navigate to={`/sign-in${location.search}`} replace state={{ from: location.pathname }} />;
    }
    return (
      <div style={{ maxWidth: 640, margin: '20vh auto' }}>
        <ErrorMessage error={me.error} />
      </div>
    );
  }
  return <>{children}</>;
}

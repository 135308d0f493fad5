import { FluentProvider, Toaster } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { Navigate, RouterProvider, createBrowserRouter } from 'react-router';
import { isLocale } from '@csp-center/i18n';
import type { Locale } from '@csp-center/i18n';
import { isApiError } from './api/client.ts';
import { AppShell } from './components/AppShell.tsx';
import { NotFoundPage } from './components/NotFoundPage.tsx';
import { TOASTER_ID } from './components/notify.tsx';
import { themeFor } from './components/theme.ts';
import { AgreementTemplatesPage } from './features/admin/AgreementTemplatesPage.tsx';
import { PartnerIdsPage } from './features/admin/PartnerIdsPage.tsx';
import { SettingsPage } from './features/admin/SettingsPage.tsx';
import { VerificationCasePage } from './features/admin/VerificationCasePage.tsx';
import { VerificationQueuePage } from './features/admin/VerificationQueuePage.tsx';
import { AgreementPage } from './features/agreements/AgreementPage.tsx';
import { RequireAuth } from './features/auth/RequireAuth.tsx';
import { RequirePermission } from './features/auth/RequirePermission.tsx';
import { EnrollWizard } from './features/enrollment/EnrollWizard.tsx';
import { EnrollmentStatusPage } from './features/enrollment/EnrollmentStatusPage.tsx';
import { ProfilePage } from './features/enrollment/ProfilePage.tsx';
import { RespondPage } from './features/enrollment/RespondPage.tsx';
import { SignInPage } from './features/auth/SignInPage.tsx';
import { HomePage } from './features/organization/HomePage.tsx';
import { UsersPage } from './features/organization/UsersPage.tsx';
import { TokensPage } from './features/tokens/TokensPage.tsx';
import { currentLocale, i18next } from './i18n.ts';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) will not change on retry; a network blip might.
      retry: (count, error) => count < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

// A session that ends while the app is open (expiry, sign-out elsewhere) leads back to sign-in.
queryClient.getQueryCache().subscribe((event) => {
  if (event.type !== 'updated' || event.action.type !== 'error') return;
  const error = event.action.error;
  if (isApiError(error) && error.code === 'UNAUTHENTICATED' && event.query.queryKey[0] !== 'me') {
    void queryClient.invalidateQueries({ queryKey: ['me'] });
  }
});

const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <HomePage /> },
      { path: 'users', element: <UsersPage /> },
      { path: 'api-tokens', element: <TokensPage /> },
      { path: 'enroll', element: <Navigate to="/enroll/legal" replace /> },
      { path: 'enroll/:step', element: <RequirePermission any={['profile.read']} partner><EnrollWizard /></RequirePermission> },
      { path: 'profile', element: <RequirePermission any={['profile.read']} partner><ProfilePage /></RequirePermission> },
      { path: 'enrollment', element: <RequirePermission any={['enrollment.read']} partner><EnrollmentStatusPage /></RequirePermission> },
      { path: 'enrollment/respond', element: <RequirePermission any={['enrollment.read']} partner><RespondPage /></RequirePermission> },
      { path: 'enrollment/agreement', element: <RequirePermission any={['enrollment.read']} partner><AgreementPage /></RequirePermission> },
      { path: 'admin/verification', element: <RequirePermission any={['verification.read']}><VerificationQueuePage /></RequirePermission> },
      { path: 'admin/verification/:id', element: <RequirePermission any={['verification.read']}><VerificationCasePage /></RequirePermission> },
      { path: 'admin/partner-ids', element: <RequirePermission any={['registry.read']}><PartnerIdsPage /></RequirePermission> },
      { path: 'admin/agreements', element: <RequirePermission any={['agreements.publish']}><AgreementTemplatesPage /></RequirePermission> },
      { path: 'admin/settings', element: <RequirePermission any={['verification.read', 'program.configure']}><SettingsPage /></RequirePermission> },
      { path: 'home', element: <Navigate to="/" replace /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

/** Follows i18next's language so the theme's font stack matches the text. */
function useLocale(): Locale {
  const [locale, setLocale] = useState<Locale>(currentLocale());
  useEffect(() => {
    const onChange = (lng: string) => setLocale(isLocale(lng) ? lng : 'en-US');
    i18next.on('languageChanged', onChange);
    return () => i18next.off('languageChanged', onChange);
  }, []);
  return locale;
}

export function App() {
  const locale = useLocale();
  const theme = useMemo(() => themeFor(locale), [locale]);
  return (
    <I18nextProvider i18n={i18next}>
      <FluentProvider theme={theme} lang={locale} style={{ minHeight: '100%' }}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
          <Toaster toasterId={TOASTER_ID} position="bottom-end" />
        </QueryClientProvider>
      </FluentProvider>
    </I18nextProvider>
  );
}

import {
  Body1,
  Button,
  Caption1,
  Card,
  Divider,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowLeftRegular, MailRegular, ShieldCheckmarkRegular } from '@fluentui/react-icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { ERROR_CODES } from '@csp-center/domain';
import type { ErrorCode } from '@csp-center/domain';
import { OIDC_START_URL, api } from '../../api/client.ts';
import type { Me } from '../../api/client.ts';
import { BrandMark } from '../../components/BrandMark.tsx';
import { useErrorText } from '../../components/ErrorMessage.tsx';
import { PendingButton } from '../../components/FormDialog.tsx';
import { LanguageSwitcher } from '../../components/LanguageSwitcher.tsx';
import { currentLocale, storedLocale } from '../../i18n.ts';
import { ME_QUERY_KEY, useMe } from './use-me.ts';

const useStyles = makeStyles({
  root: { display: 'flex', minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2 },
  hero: {
    flex: '0 0 42%',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXL,
    padding: '48px 56px',
    color: tokens.colorNeutralForegroundOnBrand,
    backgroundImage: 'linear-gradient(160deg, #0b3a75 0%, #0f6cbd 60%, #2886de 100%)',
    '@media (max-width: 900px)': { display: 'none' },
  },
  heroSubtitle: { color: 'rgba(255,255,255,0.85)' },
  heroTitle: { color: tokens.colorNeutralForegroundOnBrand, marginTop: '8vh', marginBottom: 0 },
  steps: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  step: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalM, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  stepNumber: {
    flex: '0 0 28px',
    height: '28px',
    borderRadius: tokens.borderRadiusCircular,
    border: '1px solid rgba(255,255,255,0.7)',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase300,
  },
  heroNote: { marginTop: 'auto', color: 'rgba(255,255,255,0.85)' },
  main: { flex: '1 1 auto', display: 'flex', flexDirection: 'column', padding: '16px 24px' },
  topBar: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', minHeight: '40px' },
  mobileBrand: { '@media (min-width: 901px)': { visibility: 'hidden' } },
  center: { flex: '1 1 auto', display: 'flex', alignItems: 'center', justifyContent: 'center', paddingBottom: '8vh' },
  card: { width: '100%', maxWidth: '440px', padding: '32px' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  heading: { margin: 0 },
  intro: { color: tokens.colorNeutralForeground2, marginTop: `-${tokens.spacingVerticalS}` },
  row: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  codeInput: { fontSize: tokens.fontSizeBase500, letterSpacing: '0.3em', fontFamily: tokens.fontFamilyMonospace },
  or: { color: tokens.colorNeutralForeground3 },
});

type Step = { kind: 'email' } | { kind: 'code'; email: string; expiresInSeconds: number };

/** The server's OIDC callback reports a failure as `?signInError=CODE`. */
function ssoErrorFrom(params: URLSearchParams): ErrorCode | null {
  const code = params.get('signInError');
  return code && (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : null;
}

/**
 * Work-email sign-in: the address, then the 6-digit code emailed to it. Errors show inline in
 * the chosen language; the language chosen here is sent with the request and kept for the user.
 */
export function SignInPage() {
  const styles = useStyles();
  const { t } = useTranslation(['auth', 'common', 'errors']);
  const errorText = useErrorText();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const me = useMe();
  const [step, setStep] = useState<Step>({ kind: 'email' });
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [resent, setResent] = useState(false);
  const ssoError = ssoErrorFrom(params);
  const signedOut = (location.state as { signedOut?: unknown } | null)?.signedOut === true;
  const oidc = useQuery({ queryKey: ['auth', 'oidc'], queryFn: api.auth.oidc, retry: false, staleTime: Infinity });

  const sendCode = useMutation({
    mutationFn: (address: string) => api.auth.signIn(address, currentLocale()),
    onSuccess: (result, address) => {
      setStep({ kind: 'code', email: address, expiresInSeconds: result.expiresInSeconds });
    },
  });

  const verify = useMutation({
    mutationFn: async ({ address, value }: { address: string; value: string }) => {
      await api.auth.verify(address, value);
      let current = await api.me.get();
      // A language chosen on this browser before sign-in becomes the user's saved language.
      const chosen = storedLocale();
      if (chosen && current.user.locale !== chosen) {
        try {
          current = await api.me.update({ locale: chosen });
        } catch {
          // Signing in matters more than saving the preference; the switcher can retry.
        }
      }
      return current;
    },
    onSuccess: (current) => {
      queryClient.setQueryData<Me>(ME_QUERY_KEY, current);
      const from = (location.state as { from?: unknown } | null)?.from;
      void navigate(typeof from === 'string' && from !== '/sign-in' ? from : '/', { replace: true });
    },
  });

  if (me.isSuccess && !verify.isPending) return <Navigate to="/" replace />;

  const onEmail = (e: FormEvent) => {
    e.preventDefault();
    const address = email.trim();
    if (!address) return;
    setResent(false);
    sendCode.mutate(address);
  };

  const onCode = (e: FormEvent) => {
    e.preventDefault();
    if (step.kind !== 'code') return;
    verify.mutate({ address: step.email, value: code.trim() });
  };

  const backToEmail = () => {
    sendCode.reset();
    verify.reset();
    setCode('');
    setResent(false);
    setStep({ kind: 'email' });
  };

  const resend = () => {
    if (step.kind !== 'code') return;
    verify.reset();
    setCode('');
    sendCode.mutate(step.email, { onSuccess: () => setResent(true) });
  };

  const minutes = step.kind === 'code' ? Math.max(1, Math.ceil(step.expiresInSeconds / 60)) : 0;

  return (
    <div className={styles.root}>
      <aside className={styles.hero}>
        <BrandMark onDark subtitle />
        <Title2 as="p" className={styles.heroTitle}>
          {t('journey.title')}
        </Title2>
        <ol className={styles.steps}>
          {(['step1', 'step2', 'step3', 'step4'] as const).map((s, i) => (
            <li key={s} className={styles.step}>
              <span className={styles.stepNumber} aria-hidden>
                {i + 1}
              </span>
              <span>{t(`journey.${s}`)}</span>
            </li>
          ))}
        </ol>
        <Body1 className={styles.heroNote}>{t('signIn.firstUserNote')}</Body1>
      </aside>
      <main className={styles.main}>
        <div className={styles.topBar}>
          <div className={styles.mobileBrand}>
            <BrandMark />
          </div>
          <LanguageSwitcher />
        </div>
        <div className={styles.center}>
          <Card className={styles.card}>
            {step.kind === 'email' ? (
              <form className={styles.form} onSubmit={onEmail} noValidate>
                <Title2 as="h1" className={styles.heading}>
                  {t('signIn.title')}
                </Title2>
                <Body1 className={styles.intro}>{t('signIn.intro')}</Body1>
                {signedOut && !sendCode.isError ? (
                  <MessageBar intent="info">
                    <MessageBarBody>{t('signIn.signedOut')}</MessageBarBody>
                  </MessageBar>
                ) : null}
                {ssoError ? (
                  <MessageBar intent="error" role="alert">
                    <MessageBarBody>{t(`errors:${ssoError}`)}</MessageBarBody>
                  </MessageBar>
                ) : null}
                <Field
                  label={t('signIn.emailLabel')}
                  hint={t('signIn.emailHint')}
                  validationState={sendCode.isError ? 'error' : 'none'}
                  validationMessage={sendCode.isError ? errorText(sendCode.error) : undefined}
                  required
                >
                  <Input
                    type="email"
                    name="email"
                    autoComplete="email"
                    autoFocus
                    contentBefore={<MailRegular />}
                    placeholder={t('signIn.emailPlaceholder')}
                    value={email}
                    onChange={(_e, data) => {
                      setEmail(data.value);
                      if (sendCode.isError) sendCode.reset();
                    }}
                  />
                </Field>
                <PendingButton type="submit" size="large" disabled={sendCode.isPending || !email.trim()} pending={sendCode.isPending} label={t('signIn.sendCode')} pendingLabel={t('signIn.sending')} />
                {oidc.data?.enabled ? (
                  <>
                    <Divider className={styles.or}>{t('signIn.or')}</Divider>
                    <Button as="a" href={OIDC_START_URL} appearance="outline" size="large" icon={<ShieldCheckmarkRegular />}>
                      {t('signIn.sso')}
                    </Button>
                  </>
                ) : null}
              </form>
            ) : (
              <form className={styles.form} onSubmit={onCode} noValidate>
                <Title2 as="h1" className={styles.heading}>
                  {t('signIn.codeTitle')}
                </Title2>
                <Body1 className={styles.intro}>{t('signIn.codeSent', { email: step.email, minutes })}</Body1>
                {resent && !sendCode.isError ? (
                  <MessageBar intent="success">
                    <MessageBarBody>{t('signIn.codeResent')}</MessageBarBody>
                  </MessageBar>
                ) : null}
                {sendCode.isError ? (
                  <MessageBar intent="error" role="alert">
                    <MessageBarBody>{errorText(sendCode.error)}</MessageBarBody>
                  </MessageBar>
                ) : null}
                <Field
                  label={t('signIn.codeLabel')}
                  hint={t('signIn.codeHint')}
                  validationState={verify.isError ? 'error' : 'none'}
                  validationMessage={verify.isError ? errorText(verify.error) : undefined}
                  required
                >
                  <Input
                    className={styles.codeInput}
                    name="code"
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    autoFocus
                    maxLength={6}
                    value={code}
                    onChange={(_e, data) => {
                      setCode(data.value.replace(/\D/g, '').slice(0, 6));
                      if (verify.isError) verify.reset();
                    }}
                  />
                </Field>
                <PendingButton type="submit" size="large" disabled={verify.isPending || code.length !== 6} pending={verify.isPending} label={t('signIn.verify')} pendingLabel={t('signIn.verifying')} />
                <div className={styles.row}>
                  <Button appearance="subtle" icon={<ArrowLeftRegular />} onClick={backToEmail}>
                    {t('signIn.useDifferentEmail')}
                  </Button>
                  <Link as="button" type="button" onClick={resend} disabled={sendCode.isPending}>
                    {t('signIn.resendCode')}
                  </Link>
                </div>
              </form>
            )}
          </Card>
        </div>
        <Caption1 align="center" className={styles.or}>
          {t('common:footer')}
        </Caption1>
      </main>
    </div>
  );
}


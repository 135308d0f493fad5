import { Body1, Caption1, Card, Checkbox, Field, Spinner, Subtitle1, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { DocumentSignatureRegular } from '@fluentui/react-icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '@csp-center/domain';
import { api, isApiError } from '../../api/client.ts';
import type { AgreementTemplate, Enrollment, Me } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PendingButton } from '../../components/FormDialog.tsx';
import { TextField } from '../../components/FormField.tsx';
import { useFormatDateTime } from '../../components/format.ts';
import { useLabels } from '../../components/labels.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StateBadge } from '../../components/StateBadge.tsx';
import { currentLocale } from '../../i18n.ts';
import { useMe } from '../auth/use-me.ts';
import { useGlobalAdminNames } from '../enrollment/EnrollmentStatusPage.tsx';
import { ENROLLMENTS_KEY, useEnrollment, useProfileOverview } from '../enrollment/queries.ts';
import { InfoBar } from '../enrollment/ui.tsx';
import { AcceptanceRecord } from './AcceptanceRecord.tsx';

export const AGREEMENT_TYPE = 'INDIRECT_RESELLER_TERMS';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(300px, 2fr)', gap: tokens.spacingHorizontalXL, alignItems: 'start', '@media (max-width: 1000px)': { gridTemplateColumns: '1fr' } },
  card: { padding: '20px 24px', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: 0 },
  meta: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', color: tokens.colorNeutralForeground3 },
  doc: {
    maxHeight: '520px',
    overflowY: 'auto',
    padding: '4px 20px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    lineHeight: tokens.lineHeightBase400,
    overflowWrap: 'anywhere',
    '& h1': { fontSize: tokens.fontSizeBase500 },
    '& h2': { fontSize: tokens.fontSizeBase400 },
    '& h3': { fontSize: tokens.fontSizeBase300 },
  },
  plain: { whiteSpace: 'pre-wrap' },
  hash: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase100, overflowWrap: 'anywhere' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  stateRow: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
});

/** The current template in the UI language; falls back to en-US when none exists in it. */
function useCurrentTemplate(locale: string) {
  return useQuery({
    queryKey: ['agreement-template', AGREEMENT_TYPE, locale],
    queryFn: async (): Promise<AgreementTemplate | null> => {
      const own = await api.agreements.current(AGREEMENT_TYPE, locale);
      const hit = own.items.find((x) => x.locale === locale) ?? own.items[0];
      if (hit || locale === 'en-US') return hit ?? null;
      const fallback = await api.agreements.current(AGREEMENT_TYPE, 'en-US');
      return fallback.items[0] ?? null;
    },
  });
}

function SignForm({ me, enrollment, template, organization }: { me: Me; enrollment: Enrollment; template: AgreementTemplate; organization: string }) {
  const { t } = useTranslation(['agreements', 'profile', 'errors']);
  const styles = useStyles();
  const queryClient = useQueryClient();
  const [name, setName] = useState(me.user.displayName ?? '');
  const [title, setTitle] = useState('');
  const [authority, setAuthority] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const accept = useMutation({
    mutationFn: () => api.enrollments.accept(enrollment.id, { templateId: template.id, signer: { name: name.trim(), title: title.trim() }, authorityConfirmed: authority }),
    onSuccess: (res) => {
      queryClient.setQueryData(ENROLLMENTS_KEY, res.enrollment);
      void queryClient.invalidateQueries({ queryKey: ENROLLMENTS_KEY });
      window.scrollTo?.(0, 0);
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'AGREEMENT_VERSION_SUPERSEDED') void queryClient.invalidateQueries({ queryKey: ['agreement-template'] });
    },
  });
  const required = { path: '', code: 'REQUIRED', message: '' };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    if (!name.trim() || !title.trim() || !authority) return;
    accept.mutate();
  };
  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate>
      <TextField label={t('accept.signerName')} required autoComplete="name" value={name} onChange={setName} issue={attempted && !name.trim() ? required : undefined} />
      <TextField
        label={t('accept.signerTitle')}
        placeholder={t('accept.signerTitlePlaceholder')}
        required
        autoComplete="organization-title"
        value={title}
        onChange={setTitle}
        issue={attempted && !title.trim() ? required : undefined}
      />
      <Field
        hint={t('accept.authorityHint')}
        validationState={attempted && !authority ? 'error' : 'none'}
        validationMessage={attempted && !authority ? t('errors:AUTHORITY_NOT_CONFIRMED') : undefined}
      >
        <Checkbox checked={authority} onChange={(_e, d) => setAuthority(d.checked === true)} label={t('accept.authority', { organization })} />
      </Field>
      {accept.isError ? <ErrorMessage error={accept.error} /> : null}
      <div>
        <PendingButton type="submit" size="large" icon={<DocumentSignatureRegular />} disabled={accept.isPending} pending={accept.isPending} label={t('accept.submit')} pendingLabel={t('accept.submitting')} />
      </div>
    </form>
  );
}

/**
 * /enrollment/agreement — the current indirect reseller terms in the user's language, and for the
 * global admin of a verified organization the signature form; afterwards the acceptance record.
 */
export function AgreementPage() {
  const { t, i18n } = useTranslation(['agreements', 'common', 'enrollment']);
  const styles = useStyles();
  const labels = useLabels();
  const format = useFormatDateTime();
  const { data: me } = useMe();
  const locale = currentLocale();
  const template = useCurrentTemplate(locale);
  const enrollment = useEnrollment(Boolean(me?.organization));
  const overview = useProfileOverview(Boolean(me?.organization));
  const admins = useGlobalAdminNames(me);
  if (!me) return null;
  const organization = overview.data?.legalBusiness?.companyName ?? me.organization?.name ?? '';
  const header = <PageHeader title={t('accept.title')} intro={t('accept.intro', { organization })} />;
  if (template.isPending || enrollment.isPending) return (<>{header}<Spinner label={t('common:loading')} /></>);
  if (template.isError) return (<>{header}<ErrorMessage error={template.error} /></>);
  const tpl = template.data;
  const e = enrollment.data ?? null;
  const acceptance = e?.agreement ?? null;
  const canAccept = can(me, 'agreement.accept');

  const side = (() => {
    if (acceptance) {
      return (
        <Card className={styles.card}>
          <div className={styles.stateRow}>
            <Subtitle1 as="h2" className={styles.heading}>
              {t('record.title')}
            </Subtitle1>
            {e ? (
              <span data-testid="enrollment-state">
                <StateBadge state={e.state} labelKey="enrollment:states" size="large" />
              </span>
            ) : null}
          </div>
          <AcceptanceRecord acceptance={acceptance} />
        </Card>
      );
    }
    if (!tpl) return null;
    if (!e || e.state !== 'QUALIFIED') {
      return (
        <Card className={styles.card}>
          <InfoBar>{t('accept.notYet')}</InfoBar>
        </Card>
      );
    }
    if (!canAccept) {
      return (
        <Card className={styles.card}>
          <InfoBar>{t('accept.onlyGlobalAdmin')}</InfoBar>
          {admins ? <Body1>{t('accept.globalAdmins', { names: admins })}</Body1> : null}
        </Card>
      );
    }
    return (
      <Card className={styles.card}>
        <Subtitle2 as="h2" className={styles.heading}>
          {t('accept.signTitle')}
        </Subtitle2>
        <SignForm me={me} enrollment={e} template={tpl} organization={organization} />
      </Card>
    );
  })();

  return (
    <>
      {header}
      {!tpl ? (
        <InfoBar intent="warning">{t('accept.noTemplate')}</InfoBar>
      ) : (
        <div className={styles.grid}>
          <Card className={styles.card}>
            <Subtitle1 as="h2" className={styles.heading}>
              {tpl.title}
            </Subtitle1>
            <div className={styles.meta}>
              <Caption1>{t('accept.version', { version: tpl.version })}</Caption1>
              <Caption1>{t('accept.effective', { date: format(tpl.effectiveAt, 'date') })}</Caption1>
            </div>
            {tpl.locale !== locale ? <InfoBar>{t('accept.otherLanguage', { language: labels.code(`common:language.names.${tpl.locale}`, tpl.locale) })}</InfoBar> : null}
            {tpl.bodyHtml ? (
              // bodyHtml is rendered from Markdown and sanitized by the server; nothing else is rendered as HTML.
              <div className={styles.doc} role="document" aria-label={t('accept.documentLabel')} lang={tpl.locale} tabIndex={0} dangerouslySetInnerHTML={{ __html: tpl.bodyHtml }} />
            ) : (
              <div className={styles.doc} role="document" aria-label={t('accept.documentLabel')} lang={tpl.locale} tabIndex={0}>
                <Text className={styles.plain}>{tpl.body}</Text>
              </div>
            )}
            <Text className={styles.hash} lang={i18n.language}>
              {t('accept.sha256', { hash: tpl.contentSha256 })}
            </Text>
          </Card>
          <div>{side}</div>
        </div>
      )}
      {!tpl && acceptance ? side : null}
    </>
  );
}

import { Button, Link, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircleFilled, TagRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { can } from '@csp-center/domain';
import { api, isApiError } from '../../api/client.ts';
import type { Me, PartnerIdAssociation } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PendingButton } from '../../components/FormDialog.tsx';
import { TextField } from '../../components/FormField.tsx';
import { useFormatDateTime } from '../../components/format.ts';
import { useLabels } from '../../components/labels.ts';
import { cleanPartnerId, partnerIdFormatOk } from './form.ts';
import { PROFILE_KEY, useLegalProfile, usePartnerIdAssociation } from './queries.ts';
import { BackButton, InfoBar, NextButton, useFormStyles } from './ui.tsx';

const useStyles = makeStyles({
  current: {
    display: 'grid',
    gridTemplateColumns: '40px minmax(0, 1fr)',
    gap: tokens.spacingHorizontalM,
    padding: '16px',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorPaletteGreenBorder1}`,
    backgroundColor: tokens.colorPaletteGreenBackground1,
  },
  currentIcon: { fontSize: '32px', color: tokens.colorPaletteGreenForeground1 },
  facts: { display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`, margin: 0 },
  dt: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0 },
  idRow: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  idField: { flex: '1 1 260px', maxWidth: '360px' },
});

// The plain-words explanations of each refusal, in the partner-ID step's catalog.
const REFUSALS = new Set(['PARTNER_ID_NOT_FOUND', 'PARTNER_ID_INACTIVE', 'PARTNER_ID_NOT_LOCATION', 'PARTNER_ID_COUNTRY_MISMATCH', 'PARTNER_ID_ALREADY_ASSOCIATED', 'PROFILE_INCOMPLETE']);

export function PartnerIdFacts({ association }: { association: PartnerIdAssociation }) {
  const { t } = useTranslation('profile');
  const styles = useStyles();
  const labels = useLabels();
  const format = useFormatDateTime();
  return (
    <dl className={styles.facts}>
      <dt className={styles.dt}>{t('partnerId.label')}</dt>
      <dd className={styles.dd}>
        <Text weight="semibold">{association.partnerId}</Text>
      </dd>
      <dt className={styles.dt}>{t('partnerId.legalName')}</dt>
      <dd className={styles.dd}>{association.legalName}</dd>
      <dt className={styles.dt}>{t('partnerId.country')}</dt>
      <dd className={styles.dd}>{labels.country(association.country)}</dd>
      <dt className={styles.dt}>{t('partnerId.associatedAt')}</dt>
      <dd className={styles.dd}>{format(association.associatedAt, 'date')}</dd>
    </dl>
  );
}

/** Step 4: associate the location's partner ID; each refusal is explained in plain words. */
export function PartnerIdStep({ me, onSaved, onBack }: { me: Me; onSaved: () => void; onBack: () => void }) {
  const { t } = useTranslation(['profile', 'common', 'errors']);
  const styles = useStyles();
  const formStyles = useFormStyles();
  const labels = useLabels();
  const queryClient = useQueryClient();
  const canEdit = can(me, 'partnerId.associate');
  const current = usePartnerIdAssociation();
  const legal = useLegalProfile();
  const [value, setValue] = useState('');
  const [changing, setChanging] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [tried, setTried] = useState('');

  const associate = useMutation({
    mutationFn: (id: string) => api.profile.associatePartnerId(id),
    onSuccess: (res) => {
      queryClient.setQueryData([...PROFILE_KEY, 'partner-id'], res);
      void queryClient.invalidateQueries({ queryKey: PROFILE_KEY });
      setChanging(false);
      setValue('');
      onSaved();
    },
  });

  if (current.isPending || legal.isPending) return <Spinner label={t('common:loading')} />;
  if (current.isError) return <ErrorMessage error={current.error} />;
  const association = current.data;
  const hasLegal = Boolean(legal.data?.data);
  const formatOk = partnerIdFormatOk(value);
  const formatIssue = (attempted || value.length > 0) && !formatOk && value.trim() !== '' ? { path: 'partnerId', code: 'FORMAT', message: t('partnerId.formatError') } : undefined;
  const requiredIssue = attempted && !value.trim() ? { path: 'partnerId', code: 'REQUIRED', message: '' } : undefined;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    if (!formatOk) return;
    const id = cleanPartnerId(value);
    setTried(id);
    associate.mutate(id);
  };

  const code = isApiError(associate.error) ? associate.error.code : null;
  const refusal = code && REFUSALS.has(code) ? code : null;
  const showForm = canEdit && (!association || changing);

  return (
    <div className={formStyles.form}>
      {!canEdit ? <InfoBar>{t('wizard.readOnly')}</InfoBar> : null}
      {association ? (
        <div className={styles.current} data-testid="partner-id-current">
          <CheckmarkCircleFilled className={styles.currentIcon} aria-hidden />
          <div>
            <Text weight="semibold" block style={{ marginBottom: 8 }}>
              {t('partnerId.current')}
            </Text>
            <PartnerIdFacts association={association} />
          </div>
        </div>
      ) : null}
      {association && canEdit && !changing ? (
        <div>
          <Button icon={<TagRegular />} onClick={() => setChanging(true)}>
            {t('partnerId.change')}
          </Button>
        </div>
      ) : null}
      {showForm && !hasLegal ? (
        <InfoBar intent="warning">
          {t('partnerId.needLegal')}{' '}
          <Link as="span">
            <RouterLink to="/enroll/legal">{t('wizard.steps.legal')}</RouterLink>
          </Link>
        </InfoBar>
      ) : null}
      {showForm ? (
        <form onSubmit={onSubmit} noValidate className={formStyles.form}>
          <div className={styles.idRow}>
            <TextField
              className={styles.idField}
              label={t('partnerId.label')}
              hint={t('partnerId.hint')}
              required
              inputMode="numeric"
              maxLength={14}
              value={value}
              issue={formatIssue ?? requiredIssue}
              onChange={(v) => {
                setValue(v);
                if (associate.isError) associate.reset();
              }}
            />
            <PendingButton type="submit" disabled={associate.isPending} style={{ marginBottom: 22 }} pending={associate.isPending} label={t('partnerId.associate')} pendingLabel={t('partnerId.associating')} />
          </div>
          {refusal ? (
            <MessageBar intent="error" role="alert" layout="multiline" data-testid="partner-id-refusal" data-code={refusal}>
              <MessageBarBody>
                <MessageBarTitle>{t('partnerId.refusalTitle')}</MessageBarTitle>
                {labels.text(`profile:partnerId.refusals.${refusal}`, { partnerId: tried })}
                {refusal === 'PROFILE_INCOMPLETE' ? (
                  <>
                    {' '}
                    <RouterLink to="/enroll/legal">{t('wizard.steps.legal')}</RouterLink>
                  </>
                ) : null}
              </MessageBarBody>
            </MessageBar>
          ) : associate.isError ? (
            <ErrorMessage error={associate.error} />
          ) : null}
        </form>
      ) : null}
      <div className={formStyles.actions}>
        <BackButton onClick={onBack} />
        {association || !canEdit ? <NextButton onClick={onSaved} /> : null}
      </div>
    </div>
  );
}

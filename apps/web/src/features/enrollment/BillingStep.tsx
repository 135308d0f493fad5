import { Body1, Button, Caption1, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { BuildingBankRegular, LockClosedRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { can, usesIban } from '@csp-center/domain';
import type { FieldIssue } from '@csp-center/domain';
import { api, isApiError } from '../../api/client.ts';
import type { BillingProfile, Me, Versioned } from '../../api/client.ts';
import { CountryPicker } from '../../components/CountryPicker.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { TextField } from '../../components/FormField.tsx';
import { useLabels } from '../../components/labels.ts';
import { billingBody, billingFormFrom, issuesByPath, marketOf, serverIssues, validateBilling } from './form.ts';
import type { BillingForm } from './form.ts';
import { PROFILE_KEY, useBillingProfile, useLegalProfile } from './queries.ts';
import { BackButton, InfoBar, NextButton, StaleBanner, StepActions, etagOf, useFormStyles } from './ui.tsx';

type Field = keyof BillingForm;

const PATHS: Record<Field, string> = {
  bankCountry: 'bankAccount.bankCountry',
  holderName: 'bankAccount.holderName',
  iban: 'bankAccount.iban',
  bic: 'bankAccount.bic',
  accountNumber: 'bankAccount.accountNumber',
  routingNumber: 'bankAccount.routingNumber',
  taxId: 'taxId',
};

const useStyles = makeStyles({
  saved: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
    padding: '12px 16px',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  savedIcon: { fontSize: '28px', color: tokens.colorBrandForeground1, flex: '0 0 auto' },
  savedText: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

/** The saved account, masked: the only way bank details are ever shown. */
export function SavedAccount({ billing }: { billing: BillingProfile }) {
  const { t } = useTranslation('profile');
  const styles = useStyles();
  const labels = useLabels();
  const a = billing.bankAccount;
  return (
    <div className={styles.saved} data-testid="saved-account">
      <BuildingBankRegular className={styles.savedIcon} aria-hidden />
      <div className={styles.savedText}>
        <Caption1>{t('billing.savedAccount')}</Caption1>
        <Text weight="semibold" className={styles.mono}>
          {t('billing.savedAccountValue', { masked: a.masked, holder: a.holderName ?? '', country: labels.country(a.bankCountry) })}
        </Text>
      </div>
    </div>
  );
}

function BillingFormView(props: {
  me: Me;
  initial: BillingProfile | null;
  etag: string | null;
  legalCountry: string;
  companyName: string;
  onSaved: () => void;
  onBack: () => void;
  onReload: () => void;
}) {
  const { me, initial, etag } = props;
  const { t } = useTranslation(['profile', 'common']);
  const styles = useFormStyles();
  const own = useStyles();
  const labels = useLabels();
  const queryClient = useQueryClient();
  const canEdit = can(me, 'profile.billing.write');
  const [editing, setEditing] = useState(initial === null);
  const [form, setForm] = useState<BillingForm>(() => billingFormFrom(initial, { bankCountry: props.legalCountry, holderName: props.companyName }));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [fromServer, setFromServer] = useState<FieldIssue[]>([]);
  const local = issuesByPath(validateBilling(form));
  const server = issuesByPath(fromServer);
  const issue = (f: Field) => server[PATHS[f]] ?? (attempted || touched.has(PATHS[f]) ? local[PATHS[f]] : undefined);
  const iban = form.bankCountry ? usesIban(form.bankCountry) : false;
  const us = form.bankCountry === 'US';

  const save = useMutation({
    mutationFn: () => api.profile.saveBilling(billingBody(form), etag),
    onSuccess: (res) => {
      queryClient.setQueryData<Versioned<BillingProfile | null>>([...PROFILE_KEY, 'billing'], res);
      void queryClient.invalidateQueries({ queryKey: PROFILE_KEY });
      props.onSaved();
    },
    onError: (e) => setFromServer(serverIssues(e)),
  });
  const field = (f: Field) => ({
    value: form[f],
    onChange: (v: string) => {
      setForm((p) => ({ ...p, [f]: v }));
      setFromServer((p) => p.filter((i) => i.path !== PATHS[f]));
    },
    onBlur: () => setTouched((p) => new Set(p).add(PATHS[f])),
    issue: issue(f),
    disabled: !canEdit,
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return props.onSaved();
    setAttempted(true);
    if (Object.keys(local).length === 0) save.mutate();
  };
  const stale = isApiError(save.error) && save.error.code === 'PRECONDITION_FAILED';
  const invalid = (attempted && Object.keys(local).length > 0) || (isApiError(save.error) && save.error.code === 'VALIDATION_FAILED');
  const m = marketOf(props.legalCountry);

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate aria-labelledby="step-title">
      {!canEdit ? <InfoBar>{t('wizard.readOnlyBilling')}</InfoBar> : null}
      {initial ? <SavedAccount billing={initial} /> : null}
      {initial && canEdit && !editing ? (
        <div>
          <Button onClick={() => setEditing(true)}>{t('billing.changeAccount')}</Button>
        </div>
      ) : null}
      {editing && canEdit ? (
        <>
          {initial ? <Caption1 className={styles.muted}>{t('billing.reenter')}</Caption1> : null}
          <div className={styles.grid}>
            <CountryPicker
              label={t('billing.bankCountry')}
              required
              value={form.bankCountry}
              issue={issue('bankCountry')}
              onChange={(v) => {
                setForm((p) => ({ ...p, bankCountry: v }));
                setFromServer([]);
              }}
              hint={form.bankCountry ? t(iban ? 'billing.schemeIban' : 'billing.schemeAccount', { country: labels.country(form.bankCountry) }) : undefined}
            />
            <TextField label={t('billing.holderName')} required autoComplete="off" {...field('holderName')} />
            {iban ? (
              <>
                <TextField label={t('billing.iban')} hint={t('billing.ibanHint')} required autoComplete="off" className={own.mono} {...field('iban')} />
                <TextField label={t('billing.bic')} hint={t('billing.bicHint')} required autoComplete="off" {...field('bic')} />
              </>
            ) : (
              <>
                <TextField label={t('billing.accountNumber')} required autoComplete="off" inputMode="numeric" {...field('accountNumber')} />
                <TextField
                  label={us ? t('billing.routingNumber') : t('billing.bankCode')}
                  hint={us ? t('billing.routingNumberHint') : t('billing.bankCodeHint')}
                  required
                  autoComplete="off"
                  {...field('routingNumber')}
                />
              </>
            )}
            <TextField label={t('legal.optional', { label: t('billing.taxId') })} {...field('taxId')} />
          </div>
        </>
      ) : null}
      {m ? (
        <Body1 className={styles.muted}>
          <LockClosedRegular aria-hidden /> {t('billing.currencyNote', { currency: labels.currency(m.country.currency), market: labels.market(m.market.id, m.market.name) })}
        </Body1>
      ) : null}
      {stale ? <StaleBanner onReload={props.onReload} /> : null}
      {invalid ? <InfoBar intent="error">{t('wizard.fixErrors')}</InfoBar> : null}
      {save.isError && !stale && !invalid ? <ErrorMessage error={save.error} /> : null}
      <StepActions onBack={props.onBack} canSave={canEdit && editing} pending={save.isPending} stale={stale} onNext={props.onSaved} />
    </form>
  );
}

/** Step 3: bank information (IBAN/BIC or account + bank code by the bank's country), shown masked. */
export function BillingStep({ me, onSaved, onBack }: { me: Me; onSaved: () => void; onBack: () => void }) {
  const { t } = useTranslation(['profile', 'common']);
  const styles = useFormStyles();
  const readable = can(me, 'profile.billing.read');
  const billing = useBillingProfile(readable);
  const legal = useLegalProfile();
  if (!readable) {
    return (
      <div className={styles.form}>
        <InfoBar>{t('wizard.noBillingAccess')}</InfoBar>
        <div className={styles.actions}>
          <BackButton onClick={onBack} />
          <NextButton onClick={onSaved} />
        </div>
      </div>
    );
  }
  if (billing.isPending || legal.isPending) return <Spinner label={t('common:loading')} />;
  if (billing.isError) return <ErrorMessage error={billing.error} />;
  const v = billing.data;
  const l = legal.data?.data ?? null;
  return (
    <BillingFormView
      key={etagOf(v) ?? 'new'}
      me={me}
      initial={v.data}
      etag={etagOf(v)}
      legalCountry={l?.address.country ?? ''}
      companyName={l?.companyName ?? ''}
      onSaved={onSaved}
      onBack={onBack}
      onReload={() => void billing.refetch()}
    />
  );
}

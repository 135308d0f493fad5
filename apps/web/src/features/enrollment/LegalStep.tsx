import { Body1, Caption1, Spinner, Subtitle2, Text } from '@fluentui/react-components';
import { LockClosedRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '@csp-center/domain';
import type { FieldIssue } from '@csp-center/domain';
import { api, isApiError } from '../../api/client.ts';
import type { LegalBusiness, Me, Versioned } from '../../api/client.ts';
import { CountryPicker } from '../../components/CountryPicker.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { TextField } from '../../components/FormField.tsx';
import { useLabels } from '../../components/labels.ts';
import { addressRules, issuesByPath, legalBody, legalFormFrom, marketOf, serverIssues, validateLegal } from './form.ts';
import type { LegalForm } from './form.ts';
import { PROFILE_KEY, useLegalProfile } from './queries.ts';
import { InfoBar, StaleBanner, StepActions, etagOf, useFormStyles } from './ui.tsx';

type Field = keyof LegalForm;

const PATHS: Record<Field, string> = {
  companyName: 'companyName',
  country: 'address.country',
  line1: 'address.line1',
  line2: 'address.line2',
  city: 'address.city',
  state: 'address.state',
  postalCode: 'address.postalCode',
  registrationId: 'registrationId',
  firstName: 'primaryContact.firstName',
  lastName: 'primaryContact.lastName',
  email: 'primaryContact.email',
  phone: 'primaryContact.phone',
};

// Refusals that concern the country field rather than the whole form.
const COUNTRY_CODES = new Set(['LEGAL_COUNTRY_LOCKED', 'COUNTRY_NOT_IN_PROGRAM']);

/** The market and billing currency that follow from the legal country, with the lock note. */
export function MarketPanel({ country }: { country: string }) {
  const { t } = useTranslation('profile');
  const labels = useLabels();
  const styles = useFormStyles();
  const m = marketOf(country);
  return (
    <section className={styles.section} aria-labelledby="market-title">
      <Subtitle2 as="h3" id="market-title" className={styles.sectionTitle}>
        {t('legal.marketTitle')}
      </Subtitle2>
      {m ? (
        <div className={styles.derived} data-testid="market-panel">
          <div>
            <Caption1 className={styles.derivedLabel}>{t('legal.market')}</Caption1>
            <Text weight="semibold">{labels.market(m.market.id, m.market.name)}</Text>
          </div>
          <div>
            <Caption1 className={styles.derivedLabel}>{t('legal.currency')}</Caption1>
            <Text weight="semibold">{labels.currency(m.country.currency)}</Text>
          </div>
        </div>
      ) : (
        <Body1 className={styles.muted}>{t('legal.marketEmpty')}</Body1>
      )}
      <Caption1 className={styles.muted}>
        <LockClosedRegular aria-hidden /> {t('legal.marketNote')}
      </Caption1>
    </section>
  );
}

function LegalFormView({ me, initial, etag, onSaved, onReload }: { me: Me; initial: LegalBusiness | null; etag: string | null; onSaved: () => void; onReload: () => void }) {
  const { t } = useTranslation(['profile', 'common']);
  const styles = useFormStyles();
  const labels = useLabels();
  const queryClient = useQueryClient();
  const canEdit = can(me, 'profile.write');
  const domain = me.organization?.domain ?? null;
  const [form, setForm] = useState<LegalForm>(() => legalFormFrom(initial, { email: me.user.email }));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [fromServer, setFromServer] = useState<FieldIssue[]>([]);
  const locked = initial?.countryLocked === true;

  const local = issuesByPath(validateLegal(form, domain));
  const server = issuesByPath(fromServer);
  const issue = (f: Field) => server[PATHS[f]] ?? (attempted || touched.has(PATHS[f]) ? local[PATHS[f]] : undefined);

  const save = useMutation({
    mutationFn: () => api.profile.saveLegal(legalBody(form), etag),
    onSuccess: (res) => {
      queryClient.setQueryData<Versioned<LegalBusiness | null>>([...PROFILE_KEY, 'legal'], res);
      void queryClient.invalidateQueries({ queryKey: PROFILE_KEY });
      onSaved();
    },
    onError: (e) => {
      const issues = serverIssues(e);
      if (isApiError(e) && COUNTRY_CODES.has(e.code)) issues.push({ path: 'address.country', code: e.code, message: '' });
      setFromServer(issues);
    },
  });

  const set = (f: Field) => (value: string) => {
    setForm((prev) => ({ ...prev, [f]: value }));
    setFromServer((prev) => prev.filter((i) => i.path !== PATHS[f]));
  };
  const blur = (f: Field) => () => setTouched((prev) => new Set(prev).add(PATHS[f]));
  const field = (f: Field) => ({ value: form[f], onChange: set(f), onBlur: blur(f), issue: issue(f), disabled: !canEdit });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    if (Object.keys(local).length > 0) return;
    save.mutate();
  };

  const rules = addressRules(form.country);
  const optional = (label: string) => t('legal.optional', { label });
  const regName = rules.registrationId ? labels.code(`profile:legal.registrationIdNames.${form.country}`, rules.registrationId.name) : t('legal.registrationId');
  const stale = isApiError(save.error) && save.error.code === 'PRECONDITION_FAILED';
  const fieldErrors = isApiError(save.error) && (save.error.code === 'VALIDATION_FAILED' || COUNTRY_CODES.has(save.error.code));
  const hasLocalErrors = attempted && Object.keys(local).length > 0;

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate aria-labelledby="step-title">
      {!canEdit ? <InfoBar>{t('wizard.readOnly')}</InfoBar> : null}
      <TextField label={t('legal.companyName')} hint={t('legal.companyNameHint')} required autoComplete="organization" {...field('companyName')} />

      <section className={styles.section} aria-labelledby="address-title">
        <Subtitle2 as="h3" id="address-title" className={styles.sectionTitle}>
          {t('legal.addressTitle')}
        </Subtitle2>
        <div className={styles.grid}>
          <CountryPicker
            className={styles.full}
            label={t('legal.country')}
            hint={locked ? t('legal.countryLocked') : t('legal.countryHint')}
            required
            value={form.country}
            disabled={!canEdit || locked}
            issue={issue('country')}
            onChange={(v) => {
              set('country')(v);
              setTouched((prev) => new Set(prev).add(PATHS.country));
            }}
          />
          <TextField className={styles.full} label={t('legal.line1')} required autoComplete="address-line1" {...field('line1')} />
          <TextField className={styles.full} label={optional(t('legal.line2'))} autoComplete="address-line2" {...field('line2')} />
          <TextField label={t('legal.city')} required autoComplete="address-level2" {...field('city')} />
          <TextField
            label={rules.stateRequired ? t('legal.state') : optional(t('legal.state'))}
            required={rules.stateRequired}
            autoComplete="address-level1"
            {...field('state')}
          />
          <TextField
            label={rules.postalCodeRequired ? t('legal.postalCode') : optional(t('legal.postalCode'))}
            required={rules.postalCodeRequired}
            autoComplete="postal-code"
            {...field('postalCode')}
          />
          <TextField
            label={rules.registrationId ? regName : optional(regName)}
            required={Boolean(rules.registrationId)}
            hint={rules.registrationId ? t('legal.registrationIdHint', { country: labels.country(form.country), example: rules.registrationId.example }) : undefined}
            {...field('registrationId')}
          />
        </div>
      </section>

      <MarketPanel country={form.country} />

      <section className={styles.section} aria-labelledby="contact-title">
        <Subtitle2 as="h3" id="contact-title" className={styles.sectionTitle}>
          {t('legal.contactTitle')}
        </Subtitle2>
        <Body1 className={styles.intro}>{t('legal.contactIntro', { domain: domain ?? '' })}</Body1>
        <div className={styles.grid}>
          <TextField label={t('legal.firstName')} required autoComplete="given-name" {...field('firstName')} />
          <TextField label={t('legal.lastName')} required autoComplete="family-name" {...field('lastName')} />
          <TextField label={t('legal.email')} required type="email" autoComplete="email" {...field('email')} />
          <TextField label={optional(t('legal.phone'))} type="tel" autoComplete="tel" {...field('phone')} />
        </div>
      </section>

      {stale ? <StaleBanner onReload={onReload} /> : null}
      {hasLocalErrors || fieldErrors ? <InfoBar intent="error">{t('wizard.fixErrors')}</InfoBar> : null}
      {save.isError && !stale && !fieldErrors ? <ErrorMessage error={save.error} /> : null}
      {fieldErrors && isApiError(save.error) && save.error.code !== 'VALIDATION_FAILED' ? <ErrorMessage error={save.error} /> : null}

      <StepActions canSave={canEdit} pending={save.isPending} stale={stale} onNext={onSaved} />
    </form>
  );
}

/** Step 1: legal name, address validated per country, registration ID, primary contact; market derived. */
export function LegalStep({ me, onSaved }: { me: Me; onSaved: () => void }) {
  const { t } = useTranslation('common');
  const legal = useLegalProfile();
  if (legal.isPending) return <Spinner label={t('loading')} />;
  if (legal.isError) return <ErrorMessage error={legal.error} />;
  const v = legal.data;
  return <LegalFormView key={etagOf(v) ?? 'new'} me={me} initial={v.data} etag={etagOf(v)} onSaved={onSaved} onReload={() => void legal.refetch()} />;
}

import { Spinner } from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '@csp-center/domain';
import type { FieldIssue } from '@csp-center/domain';
import { api, isApiError } from '../../api/client.ts';
import type { Me, SupportProfile, Versioned } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { TextField } from '../../components/FormField.tsx';
import { issuesByPath, serverIssues, supportBody, supportFormFrom, validateSupport } from './form.ts';
import type { SupportForm } from './form.ts';
import { PROFILE_KEY, useSupportProfile } from './queries.ts';
import { InfoBar, StaleBanner, StepActions, etagOf, useFormStyles } from './ui.tsx';

type Field = keyof SupportForm;

function SupportFormView({ me, initial, etag, onSaved, onBack, onReload }: { me: Me; initial: SupportProfile | null; etag: string | null; onSaved: () => void; onBack: () => void; onReload: () => void }) {
  const { t } = useTranslation(['profile', 'common']);
  const styles = useFormStyles();
  const queryClient = useQueryClient();
  const canEdit = can(me, 'profile.write');
  const domain = me.organization?.domain ?? '';
  const [form, setForm] = useState<SupportForm>(() => supportFormFrom(initial, ''));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [fromServer, setFromServer] = useState<FieldIssue[]>([]);
  const local = issuesByPath(validateSupport(form));
  const server = issuesByPath(fromServer);
  const issue = (f: Field) => server[f] ?? (attempted || touched.has(f) ? local[f] : undefined);

  const save = useMutation({
    mutationFn: () => api.profile.saveSupport(supportBody(form), etag),
    onSuccess: (res) => {
      queryClient.setQueryData<Versioned<SupportProfile | null>>([...PROFILE_KEY, 'support'], res);
      void queryClient.invalidateQueries({ queryKey: PROFILE_KEY });
      onSaved();
    },
    onError: (e) => setFromServer(serverIssues(e)),
  });
  const field = (f: Field) => ({
    value: form[f],
    onChange: (v: string) => {
      setForm((p) => ({ ...p, [f]: v }));
      setFromServer((p) => p.filter((i) => i.path !== f));
    },
    onBlur: () => setTouched((p) => new Set(p).add(f)),
    issue: issue(f),
    disabled: !canEdit,
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    if (Object.keys(local).length === 0) save.mutate();
  };
  const stale = isApiError(save.error) && save.error.code === 'PRECONDITION_FAILED';
  const invalid = (attempted && Object.keys(local).length > 0) || (isApiError(save.error) && save.error.code === 'VALIDATION_FAILED');

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate aria-labelledby="step-title">
      {!canEdit ? <InfoBar>{t('wizard.readOnly')}</InfoBar> : null}
      <div className={styles.grid}>
        <TextField
          className={styles.full}
          label={t('support.email')}
          hint={t('support.emailHint', { domain })}
          required
          type="email"
          autoComplete="email"
          placeholder={domain ? `support@${domain}` : undefined}
          {...field('email')}
        />
        <TextField label={t('legal.optional', { label: t('support.phone') })} type="tel" autoComplete="tel" {...field('phone')} />
        <TextField label={t('legal.optional', { label: t('support.website') })} hint={t('support.websiteHint')} type="url" autoComplete="url" placeholder={domain ? `https://${domain}/support` : undefined} {...field('website')} />
      </div>
      {stale ? <StaleBanner onReload={onReload} /> : null}
      {invalid ? <InfoBar intent="error">{t('wizard.fixErrors')}</InfoBar> : null}
      {save.isError && !stale && !invalid ? <ErrorMessage error={save.error} /> : null}
      <StepActions onBack={onBack} canSave={canEdit} pending={save.isPending} stale={stale} onNext={onSaved} />
    </form>
  );
}

/** Step 2: how customers reach the partner's support. */
export function SupportStep({ me, onSaved, onBack }: { me: Me; onSaved: () => void; onBack: () => void }) {
  const { t } = useTranslation('common');
  const support = useSupportProfile();
  if (support.isPending) return <Spinner label={t('loading')} />;
  if (support.isError) return <ErrorMessage error={support.error} />;
  const v = support.data;
  return <SupportFormView key={etagOf(v) ?? 'new'} me={me} initial={v.data} etag={etagOf(v)} onSaved={onSaved} onBack={onBack} onReload={() => void support.refetch()} />;
}

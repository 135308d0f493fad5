import { Body1, Button, Card, Checkbox, Field, Input, SpinButton, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { AddRegular, DeleteRegular, SaveRegular } from '@fluentui/react-icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '@csp-center/domain';
import { api } from '../../api/client.ts';
import type { VerificationSettings } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PendingButton } from '../../components/FormDialog.tsx';
import { useFormatDateTime } from '../../components/format.ts';
import { useLabels } from '../../components/labels.ts';
import { useNotify } from '../../components/notify.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryStatus } from '../../components/QueryStatus.tsx';
import { useMe } from '../auth/use-me.ts';
import { InfoBar } from '../enrollment/ui.tsx';
import { SETTINGS_KEY } from './queries.ts';

const useStyles = makeStyles({
  card: { padding: '20px 24px', maxWidth: '760px' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  heading: { margin: 0 },
  weekdays: { display: 'flex', flexWrap: 'wrap', gap: `0 ${tokens.spacingHorizontalL}` },
  holidays: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  holiday: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  addRow: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  muted: { color: tokens.colorNeutralForeground3 },
  spin: { maxWidth: '160px' },
});

export const MAX_TARGET_DAYS = 30;

function SettingsForm({ initial, editable }: { initial: VerificationSettings; editable: boolean }) {
  const { t, i18n } = useTranslation(['settings', 'common']);
  const styles = useStyles();
  const labels = useLabels();
  const notify = useNotify();
  const format = useFormatDateTime();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<number | null>(initial.targetBusinessDays);
  const [weekend, setWeekend] = useState<number[]>(initial.weekend);
  const [holidays, setHolidays] = useState<string[]>([...initial.holidays].sort());
  const [newHoliday, setNewHoliday] = useState('');
  const save = useMutation({
    mutationFn: () => api.admin.saveVerificationSettings({ targetBusinessDays: target ?? 0, weekend: [...weekend].sort(), holidays }),
    onSuccess: (s) => {
      queryClient.setQueryData(SETTINGS_KEY, s);
      notify(t('saved'));
    },
  });
  const targetOk = target !== null && Number.isInteger(target) && target >= 1 && target <= MAX_TARGET_DAYS;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (targetOk) save.mutate();
  };
  const dateLabel = (d: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));
  return (
    <Card className={styles.card}>
      <form className={styles.form} onSubmit={onSubmit} noValidate>
        <Subtitle2 as="h2" className={styles.heading}>
          {t('verificationTitle')}
        </Subtitle2>
        {!editable ? <InfoBar>{t('readOnly')}</InfoBar> : null}
        <Field label={t('target')} hint={t('targetHint')} required validationState={targetOk ? 'none' : 'error'} validationMessage={targetOk ? undefined : t('targetInvalid')}>
          <SpinButton className={styles.spin} min={1} max={MAX_TARGET_DAYS} value={target} disabled={!editable} onChange={(_e, d) => setTarget(d.value ?? (d.displayValue ? Number.parseInt(d.displayValue, 10) : null))} />
        </Field>
        <Field label={t('weekend')} hint={t('weekendHint')}>
          <div className={styles.weekdays} role="group">
            {[1, 2, 3, 4, 5, 6, 7].map((d) => (
              <Checkbox key={d} disabled={!editable} label={labels.weekday(d)} checked={weekend.includes(d)} onChange={(_e, data) => setWeekend((w) => (data.checked ? [...w, d] : w.filter((x) => x !== d)))} />
            ))}
          </div>
        </Field>
        <Field label={t('holidays')} hint={t('holidaysHint')}>
          <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            {holidays.length === 0 ? <Body1 className={styles.muted}>{t('noHolidays')}</Body1> : null}
            <ul className={styles.holidays}>
              {holidays.map((h) => (
                <li key={h} className={styles.holiday}>
                  <Text>{dateLabel(h)}</Text>
                  {editable ? <Button size="small" appearance="subtle" icon={<DeleteRegular />} aria-label={t('remove', { date: h })} onClick={() => setHolidays((x) => x.filter((y) => y !== h))} /> : null}
                </li>
              ))}
            </ul>
            {editable ? (
              <div className={styles.addRow}>
                <Field label={t('holidayDate')}>
                  <Input type="date" value={newHoliday} onChange={(_e, d) => setNewHoliday(d.value)} />
                </Field>
                <Button
                  icon={<AddRegular />}
                  disabled={!/^\d{4}-\d{2}-\d{2}$/.test(newHoliday) || holidays.includes(newHoliday)}
                  onClick={() => {
                    setHolidays((x) => [...x, newHoliday].sort());
                    setNewHoliday('');
                  }}
                >
                  {t('addHoliday')}
                </Button>
              </div>
            ) : null}
          </div>
        </Field>
        {save.isError ? <ErrorMessage error={save.error} /> : null}
        {initial.updatedAt ? <Body1 className={styles.muted}>{t('lastSaved', { date: format(initial.updatedAt) })}</Body1> : null}
        {editable ? (
          <div>
            <PendingButton type="submit" icon={<SaveRegular />} disabled={!targetOk || save.isPending} pending={save.isPending} label={t('save')} pendingLabel={t('saving')} />
          </div>
        ) : null}
      </form>
    </Card>
  );
}

/** /admin/settings — the verification target in business days, weekend days and holidays. */
export function SettingsPage() {
  const { t } = useTranslation(['settings', 'common']);
  const { data: me } = useMe();
  const settings = useQuery({ queryKey: SETTINGS_KEY, queryFn: api.admin.verificationSettings });
  const editable = me ? can(me, 'program.configure') : false;
  return (
    <>
      <PageHeader title={t('title')} intro={t('intro')} />
      <QueryStatus query={settings} />
      {settings.data ? <SettingsForm key={settings.data.updatedAt ?? 'initial'} initial={settings.data} editable={editable} /> : null}
    </>
  );
}

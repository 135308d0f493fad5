import {
  Body1,
  Button,
  Field,
  Subtitle2,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, CheckmarkRegular, DeleteRegular, DismissCircleRegular, PersonRegular, QuestionCircleRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INFORMATION_KINDS, REJECTION_REASONS } from '@csp-center/domain';
import type { InformationItem } from '../../api/client.ts';
import { CodeDropdown } from '../../components/CodeDropdown.tsx';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useLabels } from '../../components/labels.ts';

const useStyles = makeStyles({
  item: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) auto', gap: tokens.spacingHorizontalS, padding: '12px', borderRadius: tokens.borderRadiusMedium, border: `1px solid ${tokens.colorNeutralStroke2}` },
  itemFields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  itemHead: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
});

export interface ActionRunner {
  pending: boolean;
  error: unknown;
  reset: () => void;
}

/** Request information: one or more items, each a kind and a message; rows can be added and removed. */
export function RequestInformationDialog({ runner, onSubmit }: { runner: ActionRunner; onSubmit: (items: InformationItem[], done: () => void) => void }) {
  const { t } = useTranslation('verification');
  const styles = useStyles();
  const labels = useLabels();
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<InformationItem[]>([{ kind: 'BUSINESS_REGISTRATION', message: '' }]);
  const valid = items.length > 0 && items.every((i) => i.message.trim());
  const update = (n: number, patch: Partial<InformationItem>) => setItems((prev) => prev.map((x, i) => (i === n ? { ...x, ...patch } : x)));
  return (
    <>
      <Button icon={<QuestionCircleRegular />} onClick={() => { setItems([{ kind: 'BUSINESS_REGISTRATION', message: '' }]); runner.reset(); setOpen(true); }}>
        {t('actions.REQUEST_INFORMATION')}
      </Button>
      <FormDialog
        open={open}
        onOpenChange={setOpen}
        title={t('requestDialog.title')}
        submitLabel={t('requestDialog.submit')}
        pendingLabel={t('requestDialog.submitting')}
        pending={runner.pending}
        error={runner.error}
        disabled={!valid}
        onSubmit={() => onSubmit(items.map((i) => ({ kind: i.kind, message: i.message.trim() })), () => setOpen(false))}
      >
        <Body1 className={styles.muted}>{t('requestDialog.intro')}</Body1>
        {items.map((item, n) => (
          <div key={n} className={styles.item} data-testid="request-item">
            <div className={styles.itemFields}>
              <Subtitle2 as="h3" className={styles.itemHead}>
                {t('requestDialog.item', { n: n + 1 })}
              </Subtitle2>
              <Field label={t('requestDialog.kind')}>
                <CodeDropdown codes={INFORMATION_KINDS} label={(k) => labels.code(`verification:kinds.${k}`)} value={item.kind} onChange={(kind) => update(n, { kind })} />
              </Field>
              <Field label={t('requestDialog.message')} required>
                <Textarea value={item.message} placeholder={t('requestDialog.messagePlaceholder')} onChange={(_e, d) => update(n, { message: d.value })} rows={3} maxLength={1000} />
              </Field>
            </div>
            <Button
              appearance="subtle"
              icon={<DeleteRegular />}
              aria-label={t('requestDialog.removeItem', { n: n + 1 })}
              disabled={items.length === 1}
              onClick={() => setItems((prev) => prev.filter((_x, i) => i !== n))}
            />
          </div>
        ))}
        <div>
          <Button icon={<AddRegular />} disabled={items.length >= 10} onClick={() => setItems((prev) => [...prev, { kind: 'OTHER', message: '' }])}>
            {t('requestDialog.addItem')}
          </Button>
        </div>
      </FormDialog>
    </>
  );
}

export function ApproveDialog({ company, runner, onSubmit }: { company: string; runner: ActionRunner; onSubmit: (note: string, done: () => void) => void }) {
  const { t } = useTranslation('verification');
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  return (
    <>
      <Button appearance="primary" icon={<CheckmarkRegular />} onClick={() => { setNote(''); runner.reset(); setOpen(true); }}>
        {t('actions.APPROVE')}
      </Button>
      <FormDialog open={open} onOpenChange={setOpen} title={t('approveDialog.title')} submitLabel={t('approveDialog.submit')} pendingLabel={t('approveDialog.submitting')} pending={runner.pending} error={runner.error} onSubmit={() => onSubmit(note.trim(), () => setOpen(false))}>
        <Body1>{t('approveDialog.body', { company })}</Body1>
        <Field label={t('approveDialog.note')}>
          <Textarea value={note} onChange={(_e, d) => setNote(d.value)} rows={3} maxLength={2000} />
        </Field>
      </FormDialog>
    </>
  );
}

export function RejectDialog({ company, runner, onSubmit }: { company: string; runner: ActionRunner; onSubmit: (reason: string, note: string, done: () => void) => void }) {
  const { t } = useTranslation('verification');
  const labels = useLabels();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  return (
    <>
      <Button icon={<DismissCircleRegular />} onClick={() => { setReason(''); setNote(''); runner.reset(); setOpen(true); }}>
        {t('actions.REJECT')}
      </Button>
      <FormDialog
        open={open}
        onOpenChange={setOpen}
        title={t('rejectDialog.title')}
        submitLabel={t('rejectDialog.submit')}
        pendingLabel={t('rejectDialog.submitting')}
        pending={runner.pending}
        error={runner.error}
        disabled={!(reason && note.trim())}
        danger
        onSubmit={() => onSubmit(reason, note.trim(), () => setOpen(false))}
      >
        <Body1>{t('rejectDialog.body', { company })}</Body1>
        <Field label={t('rejectDialog.reason')} required>
          <CodeDropdown codes={REJECTION_REASONS} label={(r) => labels.code(`verification:reasons.${r}`)} value={reason} onChange={setReason} placeholder={t('rejectDialog.reasonPlaceholder')} />
        </Field>
        <Field label={t('rejectDialog.note')} hint={t('rejectDialog.noteHint')} required>
          <Textarea value={note} onChange={(_e, d) => setNote(d.value)} rows={4} maxLength={2000} />
        </Field>
      </FormDialog>
    </>
  );
}

export function ClaimButton({ runner, onClaim }: { runner: ActionRunner; onClaim: () => void }) {
  const { t } = useTranslation('verification');
  return (
    <Button appearance="primary" icon={<PersonRegular />} disabled={runner.pending} onClick={onClaim}>
      {t('actions.CLAIM')}
    </Button>
  );
}

import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular, ArrowLeftRegular, ArrowRightRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Versioned } from '../../api/client.ts';
import { PendingButton } from '../../components/FormDialog.tsx';

export const useFormStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  sectionTitle: { margin: 0 },
  intro: { color: tokens.colorNeutralForeground2, margin: 0 },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`, '@media (max-width: 720px)': { gridTemplateColumns: '1fr' } },
  full: { gridColumn: '1 / -1' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, justifyContent: 'space-between', flexWrap: 'wrap', paddingTop: tokens.spacingVerticalS, borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
  actionsRight: { display: 'flex', gap: tokens.spacingHorizontalS, marginLeft: 'auto' },
  derived: {
    display: 'grid',
    gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    gap: tokens.spacingHorizontalL,
    padding: '12px 16px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  derivedLabel: { color: tokens.colorNeutralForeground3, display: 'block' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** The version to send as `If-Match`: the ETag header, else the body's version as a quoted ETag. */
export function etagOf(v: Versioned<{ version?: number } | null>): string | null {
  if (v.etag) return v.etag;
  return typeof v.data?.version === 'number' ? `"${v.data.version}"` : null;
}

/** 412 PRECONDITION_FAILED: someone saved first; reload to see their version. */
export function StaleBanner({ onReload }: { onReload: () => void }) {
  const { t } = useTranslation('profile');
  return (
    <MessageBar intent="warning" role="alert" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('wizard.stale.title')}</MessageBarTitle>
        {t('wizard.stale.body')}
      </MessageBarBody>
      <MessageBarActions>
        <Button icon={<ArrowClockwiseRegular />} onClick={onReload}>
          {t('wizard.stale.reload')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

export function InfoBar({ children, intent = 'info' }: { children: ReactNode; intent?: 'info' | 'warning' | 'success' | 'error' }) {
  return (
    <MessageBar intent={intent} layout="multiline">
      <MessageBarBody>{children}</MessageBarBody>
    </MessageBar>
  );
}

/** "Back" to the previous wizard step. */
export function BackButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation('profile');
  return (
    <Button icon={<ArrowLeftRegular />} onClick={onClick}>
      {t('wizard.back')}
    </Button>
  );
}

/** "Next" to the following wizard step, without saving. */
export function NextButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation('profile');
  return (
    <Button appearance="primary" icon={<ArrowRightRegular />} iconPosition="after" onClick={onClick}>
      {t('wizard.next')}
    </Button>
  );
}

/** A form step's footer: Back (if any), then "Save and continue" when it can be saved, else "Next". */
export function StepActions({ onBack, canSave, pending, stale, onNext }: { onBack?: () => void; canSave: boolean; pending: boolean; stale: boolean; onNext: () => void }) {
  const { t } = useTranslation('profile');
  const styles = useFormStyles();
  return (
    <div className={styles.actions}>
      {onBack ? <BackButton onClick={onBack} /> : <span />}
      {canSave ? (
        <PendingButton type="submit" icon={<ArrowRightRegular />} iconPosition="after" disabled={pending || stale} pending={pending} label={t('wizard.saveAndContinue')} pendingLabel={t('wizard.saving')} />
      ) : (
        <NextButton onClick={onNext} />
      )}
    </div>
  );
}

import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Acceptance } from '../../api/client.ts';
import { useFormatDateTime } from '../../components/format.ts';
import { useLabels } from '../../components/labels.ts';
import { Facts } from '../enrollment/ProfileSummary.tsx';

const useStyles = makeStyles({
  hash: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  intro: { color: tokens.colorNeutralForeground2 },
});

/** The immutable acceptance record: template version and hash, signer, email, time, IP. */
export function AcceptanceRecord({ acceptance: a }: { acceptance: Acceptance }) {
  const { t } = useTranslation('agreements');
  const styles = useStyles();
  const labels = useLabels();
  const format = useFormatDateTime();
  return (
    <div data-testid="acceptance-record">
      <Text block className={styles.intro} style={{ marginBottom: 12 }}>
        {t('record.intro')}
      </Text>
      <Facts
        rows={[
          [t('record.agreement'), labels.code(`agreements:types.${a.type}`)],
          [t('record.version'), a.version],
          [t('record.language'), labels.code(`common:language.names.${a.locale}`, a.locale)],
          [t('record.sha256'), <span className={styles.hash}>{a.contentSha256}</span>],
          [t('record.signer'), t('record.signerValue', { name: a.signerName, title: a.signerTitle })],
          [t('record.email'), a.signerEmail],
          [t('record.acceptedAt'), format(a.acceptedAt)],
          [t('record.ip'), a.ip],
          ...(a.userAgent ? ([[t('record.userAgent'), <span className={styles.hash}>{a.userAgent}</span>]] as [string, ReactNode][]) : []),
        ]}
      />
    </div>
  );
}

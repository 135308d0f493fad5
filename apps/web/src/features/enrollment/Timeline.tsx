import { Body1, Caption1, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../api/client.ts';
import { useFormatDateTime } from '../../components/format.ts';
import { useLabels } from '../../components/labels.ts';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  item: {
    position: 'relative',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: '0 0 16px 24px',
    borderLeft: `2px solid ${tokens.colorNeutralStroke2}`,
    marginLeft: '6px',
    ':last-child': { borderLeft: '2px solid transparent', paddingBottom: 0 },
    '::before': {
      content: '""',
      position: 'absolute',
      left: '-7px',
      top: '2px',
      width: '12px',
      height: '12px',
      borderRadius: '50%',
      backgroundColor: tokens.colorBrandBackground,
      border: `2px solid ${tokens.colorNeutralBackground1}`,
    },
  },
  meta: { color: tokens.colorNeutralForeground3 },
  note: { color: tokens.colorNeutralForeground2, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  empty: { color: tokens.colorNeutralForeground3 },
});

export interface TimelineItem {
  key: string;
  title: string;
  at: string;
  by?: string | null;
  note?: string | null;
}

/** A vertical list of dated events, oldest first. */
export function EventList({ items, empty }: { items: TimelineItem[]; empty: string }) {
  const styles = useStyles();
  const format = useFormatDateTime();
  if (items.length === 0) return <Body1 className={styles.empty}>{empty}</Body1>;
  return (
    <ol className={styles.list}>
      {items.map((i) => (
        <li key={i.key} className={styles.item}>
          <Text weight="semibold">{i.title}</Text>
          <Caption1 className={styles.meta}>
            {format(i.at)}
            {i.by ? ` · ${i.by}` : ''}
          </Caption1>
          {i.note ? <Caption1 className={styles.note}>{i.note}</Caption1> : null}
        </li>
      ))}
    </ol>
  );
}

/** The enrollment's timeline: each action, when, and by whom (the organization, program, system). */
export function EnrollmentTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { t } = useTranslation('enrollment');
  const labels = useLabels();
  const sorted = [...entries].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return (
    <EventList
      empty={t('status.timelineEmpty')}
      items={sorted.map((e, i) => ({
        key: `${e.at}-${i}`,
        title: labels.code(`enrollment:timelineActions.${e.action}`, labels.code(`enrollment:states.${e.toState}`)),
        at: e.at,
        by: e.by ? t('status.timelineBy', { who: labels.code(`enrollment:by.${e.by}`) }) : null,
        note: e.note,
      }))}
    />
  );
}

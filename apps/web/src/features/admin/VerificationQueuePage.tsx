import {
  Badge,
  Button,
  Card,
  Dropdown,
  Field,
  Link,
  Option,
  TableCell,
  TableCellLayout,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular, WarningFilled } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { VERIFICATION_STATES } from '@csp-center/domain';
import type { CaseFilters, CaseSummary } from '../../api/client.ts';
import { CountryPicker } from '../../components/CountryPicker.tsx';
import { ListCard } from '../../components/ListCard.tsx';
import { ListTable } from '../../components/ListTable.tsx';
import { useFormatDateTime } from '../../components/format.ts';
import { useLabels } from '../../components/labels.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StateBadge } from '../../components/StateBadge.tsx';
import { useSharedStyles } from '../../components/styles.ts';
import { useMe } from '../auth/use-me.ts';
import { useCases } from './queries.ts';

const useStyles = makeStyles({
  filters: { display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr))', gap: tokens.spacingHorizontalL, padding: '16px 20px', '@media (max-width: 1000px)': { gridTemplateColumns: 'repeat(2, minmax(0, 1fr))' } },
  overdueRow: { backgroundColor: tokens.colorPaletteRedBackground1, ':hover': { backgroundColor: tokens.colorPaletteRedBackground2 } },
  due: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, alignItems: 'flex-start' },
  company: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  ellipsis: { display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
});

type AssigneeFilter = 'all' | 'me' | 'unassigned';
type OverdueFilter = 'all' | 'true' | 'false';

/** Sorted by due date, soonest first (the server sorts too; pages are merged here). */
export function byDueDate(a: CaseSummary, b: CaseSummary): number {
  return a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0;
}

/** /admin/verification — the verification queue with filters; overdue cases are flagged. */
export function VerificationQueuePage() {
  const { t } = useTranslation(['verification', 'common']);
  const styles = useStyles();
  const shared = useSharedStyles();
  const labels = useLabels();
  const format = useFormatDateTime();
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const state = params.get('state') ?? '';
  const overdue = (params.get('overdue') ?? 'all') as OverdueFilter;
  const country = params.get('country') ?? '';
  const assignee = (params.get('assignee') ?? 'all') as AssigneeFilter;
  const setFilter = (key: string, value: string, empty: string) => {
    const next = new URLSearchParams(params);
    if (value === empty) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };
  const filters: CaseFilters = {
    ...(state ? { state } : {}),
    ...(overdue !== 'all' ? { overdue } : {}),
    ...(country ? { country } : {}),
    ...(assignee !== 'all' ? { assignee } : {}),
  };
  const cases = useCases(filters);
  const [now] = useState(() => Date.now());
  const items = (cases.data?.pages.flatMap((p) => p.items) ?? []).sort(byDueDate);
  const filtered = Object.keys(filters).length > 0;

  const stateLabel = state ? labels.code(`verification:states.${state}`) : t('queue.stateAll');
  const overdueLabel = { all: t('queue.overdueAll'), true: t('queue.overdueOnly'), false: t('queue.notOverdue') }[overdue];
  const assigneeLabel = { all: t('queue.assigneeAll'), me: t('queue.assigneeMe'), unassigned: t('queue.assigneeUnassigned') }[assignee];

  return (
    <div className={shared.stack}>
      <PageHeader
        title={t('queue.title')}
        intro={t('queue.intro')}
        actions={
          <Button icon={<ArrowClockwiseRegular />} onClick={() => void cases.refetch()} disabled={cases.isFetching}>
            {t('queue.refresh')}
          </Button>
        }
      />
      <Card className={styles.filters} role="search" aria-label={t('queue.filters')}>
        <Field label={t('queue.state')}>
          <Dropdown className={shared.dropdown} value={stateLabel} selectedOptions={[state]} onOptionSelect={(_e, d) => setFilter('state', d.optionValue ?? '', '')}>
            <Option value="" text={t('queue.stateAll')}>
              {t('queue.stateAll')}
            </Option>
            {VERIFICATION_STATES.map((s) => (
              <Option key={s} value={s} text={labels.code(`verification:states.${s}`)}>
                {labels.code(`verification:states.${s}`)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label={t('queue.overdue')}>
          <Dropdown className={shared.dropdown} value={overdueLabel} selectedOptions={[overdue]} onOptionSelect={(_e, d) => setFilter('overdue', d.optionValue ?? 'all', 'all')}>
            <Option value="all">{t('queue.overdueAll')}</Option>
            <Option value="true">{t('queue.overdueOnly')}</Option>
            <Option value="false">{t('queue.notOverdue')}</Option>
          </Dropdown>
        </Field>
        <CountryPicker label={t('queue.country')} value={country} allLabel={t('queue.countryAll')} onChange={(v) => setFilter('country', v, '')} />
        <Field label={t('queue.assignee')}>
          <Dropdown className={shared.dropdown} value={assigneeLabel} selectedOptions={[assignee]} onOptionSelect={(_e, d) => setFilter('assignee', d.optionValue ?? 'all', 'all')}>
            <Option value="all">{t('queue.assigneeAll')}</Option>
            <Option value="me">{t('queue.assigneeMe')}</Option>
            <Option value="unassigned">{t('queue.assigneeUnassigned')}</Option>
          </Dropdown>
        </Field>
      </Card>
      <ListCard query={cases} count={items.length} emptyText={filtered ? t('queue.empty') : t('queue.emptyAll')} loadMore={{ query: cases, label: t('queue.loadMore') }}>
        <ListTable
          label={t('queue.tableLabel')}
          columns={[
            { key: 'company', label: t('queue.columns.company'), width: '25%' },
            { key: 'country', label: t('queue.columns.country'), width: '11%' },
            { key: 'state', label: t('queue.columns.state'), width: '18%' },
            { key: 'assignee', label: t('queue.columns.assignee'), width: '17%' },
            { key: 'opened', label: t('queue.columns.opened'), width: '13%' },
            { key: 'due', label: t('queue.columns.due'), width: '16%' },
          ]}
        >
          {items.map((c) => {
            const company = c.companyName || c.organization.name;
            const late = c.overdue || (c.state !== 'APPROVED' && c.state !== 'REJECTED' && new Date(c.dueAt).getTime() < now);
            return (
              <TableRow key={c.id} className={late ? styles.overdueRow : undefined} data-overdue={late || undefined}>
                <TableCell>
                  <TableCellLayout>
                    <span className={styles.company}>
                      <Link as="span">
                        <RouterLink to={`/admin/verification/${c.id}`} aria-label={t('queue.open', { company })}>
                          {company}
                        </RouterLink>
                      </Link>
                      <Text size={200} className={shared.muted}>
                        {c.organization.domain}
                      </Text>
                    </span>
                  </TableCellLayout>
                </TableCell>
                <TableCell>{labels.country(c.country)}</TableCell>
                <TableCell>
                  <StateBadge state={c.state} labelKey="verification:states" />
                </TableCell>
                <TableCell>
                  {c.assignee ? (
                    c.assignee.id === me?.user.id ? (
                      <Badge appearance="tint" color="brand">
                        {t('queue.assigneeMe')}
                      </Badge>
                    ) : (
                      <span className={styles.ellipsis} title={c.assignee.email}>
                        {c.assignee.email}
                      </span>
                    )
                  ) : (
                    <span className={shared.muted}>{t('queue.unassigned')}</span>
                  )}
                </TableCell>
                <TableCell className={shared.nowrap}>{format(c.openedAt, 'date')}</TableCell>
                <TableCell>
                  <span className={styles.due}>
                    <Text weight={late ? 'semibold' : 'regular'} className={shared.nowrap}>
                      {format(c.dueAt, 'date')}
                    </Text>
                    {late ? (
                      <Badge appearance="filled" color="danger" icon={<WarningFilled />} size="small">
                        {c.businessDaysOverdue > 0 ? t('queue.overdueBadge', { count: c.businessDaysOverdue }) : t('queue.overdueFlag')}
                      </Badge>
                    ) : null}
                  </span>
                </TableCell>
              </TableRow>
            );
          })}
        </ListTable>
      </ListCard>
    </div>
  );
}

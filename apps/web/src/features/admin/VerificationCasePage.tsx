import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowLeftRegular, DismissRegular, WarningFilled } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { can } from '@csp-center/domain';
import { api, isApiError } from '../../api/client.ts';
import type { CaseCheck, CaseDetail, InformationItem } from '../../api/client.ts';
import { ErrorMessage, useErrorText } from '../../components/ErrorMessage.tsx';
import { useFormatDateTime } from '../../components/format.ts';
import { personName, useLabels } from '../../components/labels.ts';
import { useNotify } from '../../components/notify.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryStatus } from '../../components/QueryStatus.tsx';
import { StateBadge } from '../../components/StateBadge.tsx';
import { useSharedStyles } from '../../components/styles.ts';
import { useMe } from '../auth/use-me.ts';
import { Facts, formatAddress } from '../enrollment/ProfileSummary.tsx';
import { DocumentLinks } from '../enrollment/RespondPage.tsx';
import { EventList } from '../enrollment/Timeline.tsx';
import { ApproveDialog, ClaimButton, RejectDialog, RequestInformationDialog } from './CaseActions.tsx';
import type { ActionRunner } from './CaseActions.tsx';
import { CASES_KEY, useCase } from './queries.ts';

const useStyles = makeStyles({
  back: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, marginBottom: tokens.spacingVerticalS },
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(300px, 2fr)', gap: tokens.spacingHorizontalXL, alignItems: 'start', '@media (max-width: 1100px)': { gridTemplateColumns: '1fr' } },
  card: { padding: '18px 22px', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: 0 },
  summary: { display: 'flex', flexWrap: 'wrap', gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXXL}`, alignItems: 'flex-start' },
  summaryItem: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  label: { color: tokens.colorNeutralForeground3 },
  checks: { display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: tokens.spacingHorizontalM, '@media (max-width: 700px)': { gridTemplateColumns: '1fr' } },
  check: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: '12px 14px', borderRadius: tokens.borderRadiusMedium, border: `1px solid ${tokens.colorNeutralStroke2}` },
  checkHead: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: tokens.spacingHorizontalS },
  detail: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  sub: { margin: `${tokens.spacingVerticalS} 0 0` },
  exchange: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  request: { padding: '12px 14px', borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorPaletteYellowBackground1, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  response: { padding: '12px 14px', borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorBrandBackground2, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, marginLeft: '24px' },
  items: { margin: 0, paddingLeft: '20px' },
  pre: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

type Action =
  | { action: 'CLAIM' }
  | { action: 'APPROVE'; note: string }
  | { action: 'REJECT'; reasonCode: string; note: string }
  | { action: 'REQUEST_INFORMATION'; items: InformationItem[] };

const CONFLICT_CODES = new Set(['CASE_ALREADY_CLAIMED', 'CASE_NOT_ASSIGNED_TO_YOU', 'INVALID_TRANSITION', 'CONFLICT']);

function Item({ label, children }: { label: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.summaryItem}>
      <Caption1 className={styles.label}>{label}</Caption1>
      <div>{children}</div>
    </div>
  );
}

function ProfileCard({ c }: { c: CaseDetail }) {
  const { t, i18n } = useTranslation(['verification', 'profile', 'registry']);
  const styles = useStyles();
  const labels = useLabels();
  const { legalBusiness: legal, support, billing, partnerId, registryEntry } = c.profile;
  return (
    <Card className={styles.card}>
      <Subtitle2 as="h2" className={styles.heading}>
        {t('case.profileTitle')}
      </Subtitle2>
      <Subtitle2 as="h3" className={styles.sub}>
        {t('case.legalTitle')}
      </Subtitle2>
      {legal ? (
        <Facts
          rows={[
            [t('profile:summary.companyName'), <Text weight="semibold">{legal.companyName}</Text>],
            [t('profile:summary.address'), formatAddress(legal.address, labels.country(legal.address.country))],
            [t('profile:summary.registrationId'), legal.registrationId || '—'],
            [t('profile:summary.contact'), `${personName(legal.primaryContact.firstName, legal.primaryContact.lastName, i18n.language)} · ${legal.primaryContact.email}${legal.primaryContact.phone ? ` · ${legal.primaryContact.phone}` : ''}`],
            [t('profile:summary.market'), legal.market ? labels.market(legal.market.id, legal.market.name) : '—'],
            [t('profile:summary.currency'), labels.currency(legal.billingCurrency) || '—'],
          ]}
        />
      ) : (
        <Body1 className={styles.label}>{t('profile:summary.notProvided')}</Body1>
      )}
      <Subtitle2 as="h3" className={styles.sub}>
        {t('case.supportTitle')}
      </Subtitle2>
      {support ? (
        <Facts rows={[[t('profile:summary.supportEmail'), support.email], [t('profile:summary.supportPhone'), support.phone || '—'], [t('profile:summary.supportWebsite'), support.website || '—']]} />
      ) : (
        <Body1 className={styles.label}>{t('profile:summary.notProvided')}</Body1>
      )}
      <Subtitle2 as="h3" className={styles.sub}>
        {t('case.billingTitle')}
      </Subtitle2>
      {billing ? (
        <Facts
          rows={[
            [t('profile:summary.bankAccount'), <span className={styles.mono}>{billing.bankAccount.masked}</span>],
            [t('profile:summary.holderName'), billing.bankAccount.holderName ?? '—'],
            [t('profile:summary.bankCountry'), labels.country(billing.bankAccount.bankCountry)],
            [t('profile:summary.taxId'), billing.taxId || '—'],
          ]}
        />
      ) : (
        <Body1 className={styles.label}>{t('profile:summary.notProvided')}</Body1>
      )}
      <Subtitle2 as="h3" className={styles.sub}>
        {t('case.partnerIdTitle')}
      </Subtitle2>
      {partnerId ? (
        <Facts
          rows={[
            [t('profile:summary.partnerId'), <Text weight="semibold">{partnerId.partnerId}</Text>],
            [
              t('case.registryEntry'),
              registryEntry
                ? t('case.registryEntryValue', {
                    legalName: registryEntry.legalName,
                    country: labels.country(registryEntry.country),
                    kind: labels.code(`registry:kinds.${registryEntry.kind}`),
                    status: registryEntry.active ? t('registry:active') : t('registry:inactive'),
                  })
                : t('case.noRegistryEntry'),
            ],
          ]}
        />
      ) : (
        <Body1 className={styles.label}>{t('profile:summary.notProvided')}</Body1>
      )}
    </Card>
  );
}

function Exchanges({ c }: { c: CaseDetail }) {
  const { t } = useTranslation('verification');
  const styles = useStyles();
  const labels = useLabels();
  const format = useFormatDateTime();
  if (c.requests.length === 0 && c.responses.length === 0) return <Body1 className={styles.label}>{t('case.noRequests')}</Body1>;
  const entries = [
    ...c.requests.map((r) => ({ at: r.createdAt, key: `q-${r.id}`, node: (
      <li key={`q-${r.id}`} className={styles.request}>
        <Caption1 className={styles.label}>{t('case.requestedAt', { date: format(r.createdAt) })}</Caption1>
        <ul className={styles.items}>
          {r.items.map((i, n) => (
            <li key={n}>
              <Text weight="semibold">{labels.code(`verification:kinds.${i.kind}`)}</Text>: <span className={styles.pre}>{i.message}</span>
            </li>
          ))}
        </ul>
        {!r.answeredAt && c.state === 'INFORMATION_REQUESTED' ? <Caption1>{t('case.awaiting')}</Caption1> : null}
      </li>
    ) })),
    ...c.responses.map((r) => ({ at: r.createdAt, key: `r-${r.receiptId}`, node: (
      <li key={`r-${r.receiptId}`} className={styles.response}>
        <Caption1 className={styles.label}>
          {t('case.respondedAt', { date: format(r.createdAt) })} · {t('case.receipt', { id: r.receiptId })}
        </Caption1>
        <Body1 className={styles.pre}>{r.message}</Body1>
        {r.documents.length > 0 ? <DocumentLinks documents={r.documents} /> : null}
      </li>
    ) })),
  ].sort((a, b) => (a.at < b.at ? -1 : 1));
  return <ul className={styles.exchange}>{entries.map((e) => e.node)}</ul>;
}

/** /admin/verification/:id — one case: checks, profile, requests and responses, history, and the actions allowed now. */
export function VerificationCasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation(['verification', 'common', 'errors']);
  const styles = useStyles();
  const shared = useSharedStyles();
  const labels = useLabels();
  const format = useFormatDateTime();
  const errorText = useErrorText();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const kase = useCase(id);
  const [conflict, setConflict] = useState<unknown>(null);

  const act = useMutation({
    mutationFn: (a: Action & { done?: () => void }) => {
      switch (a.action) {
        case 'CLAIM':
          return api.admin.claim(id);
        case 'APPROVE':
          return api.admin.approve(id, a.note || undefined);
        case 'REJECT':
          return api.admin.reject(id, a.reasonCode, a.note);
        case 'REQUEST_INFORMATION':
          return api.admin.requestInformation(id, a.items);
      }
    },
    onSuccess: (detail, a) => {
      queryClient.setQueryData([...CASES_KEY, 'detail', id], detail);
      void queryClient.invalidateQueries({ queryKey: [...CASES_KEY, 'list'] });
      setConflict(null);
      a.done?.();
      notify(t({ CLAIM: 'case.claimed', APPROVE: 'case.approved', REJECT: 'case.rejected', REQUEST_INFORMATION: 'case.requested' }[a.action] as 'case.claimed'));
    },
    onError: (e, a) => {
      // Another verifier acted first: say so, close the dialog and show the case as it is now.
      if (isApiError(e) && e.status === 409 && CONFLICT_CODES.has(e.code)) {
        setConflict(e);
        a.done?.();
        void kase.refetch();
        void queryClient.invalidateQueries({ queryKey: [...CASES_KEY, 'list'] });
      }
    },
  });
  const runner: ActionRunner = { pending: act.isPending, error: act.isError && !conflict ? act.error : null, reset: () => act.reset() };

  const back = (
    <RouterLink to="/admin/verification" className={styles.back}>
      <ArrowLeftRegular aria-hidden />
      <Link as="span">{t('case.back')}</Link>
    </RouterLink>
  );
  if (kase.isPending || kase.isError) return (<>{back}<QueryStatus query={kase} /></>);
  const c = kase.data;
  const company = c.companyName || c.organization.name;
  const canDecide = me ? can(me, 'verification.decide') : false;
  const actions = canDecide ? c.availableActions : [];
  const decided = c.state === 'APPROVED' || c.state === 'REJECTED';
  const mine = c.assignee?.id === me?.user.id;

  // The server's check details are English prose; the UI words them from kind, status and the case data.
  const checkDetail = (ch: CaseCheck): string => {
    if (ch.kind === 'PARTNER_ID' && ch.status === 'FAILED' && ch.code) return labels.code(`errors:${ch.code}`, ch.detail ?? '');
    return labels.text(`verification:checks.details.${ch.kind}.${ch.status}`, {
      domain: c.organization.domain,
      contact: c.profile.legalBusiness?.primaryContact.email ?? '',
      partnerId: c.profile.partnerId?.partnerId ?? '',
      country: labels.country(c.profile.registryEntry?.country ?? c.country),
      defaultValue: ch.detail ?? '',
    });
  };

  // Audit field names → labels; the support profile's email/phone/website are told apart from the contact's.
  const fieldName = (action: string, field: string): string => {
    const key = action.startsWith('SUPPORT_') && ['email', 'phone', 'website'].includes(field) ? `support${field[0]!.toUpperCase()}${field.slice(1)}` : field;
    return labels.code(`verification:fieldNames.${key}`, field);
  };

  const buttons = (
    <>
      {actions.includes('CLAIM') && !mine ? <ClaimButton runner={runner} onClaim={() => act.mutate({ action: 'CLAIM' })} /> : null}
      {actions.includes('REQUEST_INFORMATION') ? <RequestInformationDialog runner={runner} onSubmit={(items, done) => act.mutate({ action: 'REQUEST_INFORMATION', items, done })} /> : null}
      {actions.includes('REJECT') ? <RejectDialog company={company} runner={runner} onSubmit={(reasonCode, note, done) => act.mutate({ action: 'REJECT', reasonCode, note, done })} /> : null}
      {actions.includes('APPROVE') ? <ApproveDialog company={company} runner={runner} onSubmit={(note, done) => act.mutate({ action: 'APPROVE', note, done })} /> : null}
    </>
  );

  return (
    <div className={shared.stack}>
      <div>
        {back}
        <PageHeader title={company} intro={c.organization.name === c.organization.domain ? c.organization.domain : `${c.organization.name} · ${c.organization.domain}`} actions={buttons} />
      </div>
      {conflict ? (
        <MessageBar intent="warning" role="alert" layout="multiline" data-testid="case-conflict">
          <MessageBarBody>
            <MessageBarTitle>{errorText(conflict)}</MessageBarTitle>
            {t('case.conflict')}
          </MessageBarBody>
          <MessageBarActions containerAction={<Button appearance="transparent" icon={<DismissRegular />} aria-label={t('common:actions.close')} onClick={() => setConflict(null)} />} />
        </MessageBar>
      ) : null}
      {act.isError && !conflict && act.variables?.action === 'CLAIM' ? <ErrorMessage error={act.error} /> : null}
      <Card className={styles.card}>
        <div className={styles.summary}>
          <Item label={t('queue.columns.state')}>
            <span data-testid="case-state">
              <StateBadge state={c.state} labelKey="verification:states" size="large" />
            </span>
          </Item>
          <Item label={t('case.assignee')}>{c.assignee ? (mine ? `${c.assignee.email} (${t('queue.assigneeMe')})` : c.assignee.email) : t('case.unassigned')}</Item>
          <Item label={t('queue.columns.country')}>{labels.country(c.country)}</Item>
          <Item label={t('case.openedAt')}>{format(c.openedAt)}</Item>
          <Item label={t('case.dueAt')}>
            <Text weight={c.overdue ? 'semibold' : 'regular'}>{format(c.dueAt)}</Text>{' '}
            {c.overdue ? (
              <Badge appearance="filled" color="danger" icon={<WarningFilled />} size="small">
                {c.businessDaysOverdue > 0 ? t('queue.overdueBadge', { count: c.businessDaysOverdue }) : t('queue.overdueFlag')}
              </Badge>
            ) : null}
          </Item>
        </div>
        {decided ? (
          <Body1>
            {t('case.decided')}
            {c.reasonCode ? ` ${labels.code(`verification:reasons.${c.reasonCode}`)}.` : ''}
            {c.decisionNote ? ` “${c.decisionNote}”` : ''}
          </Body1>
        ) : canDecide && actions.length === 0 ? (
          <Body1 className={styles.label}>{c.assignee && !mine ? t('case.assignedToOther', { email: c.assignee.email }) : t('case.noActions')}</Body1>
        ) : canDecide && actions.length === 1 && actions[0] === 'CLAIM' ? (
          <Body1 className={styles.label}>{t('case.claimFirst')}</Body1>
        ) : null}
      </Card>
      <div className={styles.grid}>
        <div className={shared.stack}>
          <Card className={styles.card}>
            <Subtitle2 as="h2" className={styles.heading}>
              {t('case.checksTitle')}
            </Subtitle2>
            <div className={styles.checks}>
              {c.checks.map((ch) => (
                <div key={ch.kind} className={styles.check} data-testid={`check-${ch.kind}`}>
                  <div className={styles.checkHead}>
                    <Text weight="semibold">{labels.code(`verification:checks.kinds.${ch.kind}`)}</Text>
                    <StateBadge state={ch.status} labelKey="verification:checks.status" />
                  </div>
                  <Caption1 className={styles.detail}>{checkDetail(ch)}</Caption1>
                </div>
              ))}
            </div>
          </Card>
          <Card className={styles.card}>
            <Subtitle2 as="h2" className={styles.heading}>
              {t('case.requestsTitle')}
            </Subtitle2>
            <Exchanges c={c} />
          </Card>
          <Card className={styles.card}>
            <Subtitle2 as="h2" className={styles.heading}>
              {t('case.historyTitle')}
            </Subtitle2>
            <EventList
              empty={t('case.noHistory')}
              items={[...c.history]
                .sort((a, b) => (a.at < b.at ? -1 : 1))
                .map((h, i) => ({ key: `${h.at}-${i}`, title: labels.code(`verification:history.${h.action}`), at: h.at, by: h.actorEmail ? t('case.historyBy', { email: h.actorEmail }) : null, note: h.note }))}
            />
          </Card>
        </div>
        <div className={shared.stack}>
          <ProfileCard c={c} />
          {c.profileHistory ? (
            <Card className={styles.card}>
              <Subtitle2 as="h2" className={styles.heading}>
                {t('case.profileHistoryTitle')}
              </Subtitle2>
              <EventList
                empty={t('case.noProfileHistory')}
                items={c.profileHistory.map((h, i) => ({
                  key: `${h.at}-${i}`,
                  title: labels.code(`verification:profileActions.${h.action}`),
                  at: h.at,
                  by: h.actorEmail ? t('case.historyBy', { email: h.actorEmail }) : null,
                  note: h.fields.length ? t('case.changedFields', { fields: h.fields.map((f) => fieldName(h.action, f)).join(t('common:listSeparator')) }) : null,
                }))}
              />
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}

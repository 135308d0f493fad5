import { Body1, Button, Caption1, Card, Link, Spinner, Subtitle1, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowRightRegular, CalendarClockRegular, ChatHelpRegular, DocumentSignatureRegular, EditRegular } from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { DEFAULT_CALENDAR, businessDaysBetween, can } from '@csp-center/domain';
import type { Enrollment, Me } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useFormatDateTime } from '../../components/format.ts';
import { useLabels } from '../../components/labels.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StateBadge } from '../../components/StateBadge.tsx';
import { AcceptanceRecord } from '../agreements/AcceptanceRecord.tsx';
import { useMe } from '../auth/use-me.ts';
import { useOrganizationUsers } from '../organization/queries.ts';
import { Facts } from './ProfileSummary.tsx';
import { EnrollmentTimeline } from './Timeline.tsx';
import { useEnrollment, usePartnerVerification } from './queries.ts';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(280px, 2fr)', gap: tokens.spacingHorizontalXL, alignItems: 'start', '@media (max-width: 1000px)': { gridTemplateColumns: '1fr' } },
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  card: { padding: '20px 24px', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  stateRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  heading: { margin: 0 },
  body: { color: tokens.colorNeutralForeground2 },
  estimate: {
    display: 'grid',
    gridTemplateColumns: '32px minmax(0, 1fr)',
    gap: tokens.spacingHorizontalM,
    padding: '14px 16px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorBrandBackground2,
  },
  estimateIcon: { fontSize: '28px', color: tokens.colorBrandForeground1 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  items: { margin: 0, paddingLeft: '20px' },
});

// What each available action leads to on the partner side.
const ACTION_ROUTES: Record<string, { to: string; icon: ReactElement }> = {
  SUBMIT: { to: '/enroll/review', icon: <EditRegular /> },
  RESPOND: { to: '/enrollment/respond', icon: <ChatHelpRegular /> },
  ACCEPT_AGREEMENT: { to: '/enrollment/agreement', icon: <DocumentSignatureRegular /> },
};

/** Names of the organization's global admins, for "ask … to accept". */
export function useGlobalAdminNames(me: Me | undefined): string | null {
  const users = useOrganizationUsers(Boolean(me?.organization) && can(me ?? { roles: [] }, 'organization.users.read'));
  if (!users.data) return null;
  const names = users.data.items.filter((u) => u.role === 'global_admin').map((u) => (u.displayName ? `${u.displayName} (${u.email})` : u.email));
  return names.length ? names.join(', ') : null;
}

/** "Usually within N business days": the server's target, else the span from submission to the estimate. */
export function reviewDays(e: Pick<Enrollment, 'targetBusinessDays' | 'submittedAt' | 'estimatedDecisionAt'>): number | null {
  if (typeof e.targetBusinessDays === 'number' && e.targetBusinessDays > 0) return e.targetBusinessDays;
  if (!e.submittedAt || !e.estimatedDecisionAt) return null;
  const n = businessDaysBetween(new Date(e.submittedAt), new Date(e.estimatedDecisionAt), DEFAULT_CALENDAR);
  return n > 0 ? n : null;
}

export function EstimateNote({ enrollment }: { enrollment: Enrollment }) {
  const { t } = useTranslation('enrollment');
  const styles = useStyles();
  const format = useFormatDateTime();
  if (!enrollment.estimatedDecisionAt) return null;
  const days = reviewDays(enrollment);
  const date = format(enrollment.estimatedDecisionAt, 'date');
  return (
    <div className={styles.estimate} data-testid="estimate">
      <CalendarClockRegular className={styles.estimateIcon} aria-hidden />
      <div>
        <Subtitle2 as="h3" block className={styles.heading}>
          {t('status.estimateTitle')}
        </Subtitle2>
        <Body1>{days ? t('status.estimate', { days, date }) : t('status.estimateNoDays', { date })}</Body1>
      </div>
    </div>
  );
}

/** Why the verification was rejected: the reason code's label and the verifier's note. */
function RejectionReason() {
  const { t } = useTranslation('enrollment');
  const labels = useLabels();
  const verification = usePartnerVerification();
  const v = verification.data;
  if (!v?.reasonCode) return null;
  return (
    <Body1 data-testid="rejection-reason">
      <Text weight="semibold">{t('status.rejectionReason', { reason: labels.code(`verification:reasons.${v.reasonCode}`) })}</Text>
      {v.decisionNote ? <Text block style={{ whiteSpace: 'pre-wrap' }}>{v.decisionNote}</Text> : null}
    </Body1>
  );
}

function NextActions({ me, enrollment }: { me: Me; enrollment: Enrollment }) {
  const { t } = useTranslation('enrollment');
  const styles = useStyles();
  const navigate = useNavigate();
  const labels = useLabels();
  const admins = useGlobalAdminNames(me);
  const actions = enrollment.availableActions.filter((a) => ACTION_ROUTES[a]);
  // A draft whose profile is incomplete cannot be submitted yet, but the wizard is still the way on.
  if (enrollment.state === 'DRAFT' && !actions.includes('SUBMIT') && (can(me, 'profile.write') || can(me, 'enrollment.manage'))) actions.unshift('SUBMIT');
  const waitingForAdmin = enrollment.state === 'QUALIFIED' && !actions.includes('ACCEPT_AGREEMENT');
  return (
    <section className={styles.column} aria-labelledby="next-title">
      <Subtitle2 as="h2" id="next-title" className={styles.heading}>
        {t('status.nextTitle')}
      </Subtitle2>
      {actions.length > 0 ? (
        <div className={styles.actions}>
          {actions.map((a, i) => (
            <Button key={a} appearance={i === 0 ? 'primary' : 'secondary'} icon={ACTION_ROUTES[a]!.icon} onClick={() => void navigate(ACTION_ROUTES[a]!.to)}>
              {labels.code(`enrollment:actions.${a}`)}
            </Button>
          ))}
        </div>
      ) : waitingForAdmin ? (
        <>
          <Body1>{admins ? t('status.acceptByGlobalAdmin', { names: admins }) : t('status.acceptByGlobalAdminUnknown')}</Body1>
          <div>
            <Button icon={<DocumentSignatureRegular />} onClick={() => void navigate('/enrollment/agreement')}>
              {t('status.viewAgreement')}
            </Button>
          </div>
        </>
      ) : (
        <Body1 className={styles.body}>{t('status.noActions')}</Body1>
      )}
    </section>
  );
}

/** /enrollment — where the enrollment stands, what happened, when to expect a decision, what to do. */
export function EnrollmentStatusPage() {
  const { t } = useTranslation(['enrollment', 'common', 'verification']);
  const styles = useStyles();
  const navigate = useNavigate();
  const labels = useLabels();
  const format = useFormatDateTime();
  const { data: me } = useMe();
  const enrollment = useEnrollment(Boolean(me?.organization));
  if (!me) return null;
  const header = <PageHeader title={t('status.title')} intro={t('status.intro')} />;
  if (enrollment.isPending) return (<>{header}<Spinner label={t('common:loading')} /></>);
  if (enrollment.isError) return (<>{header}<ErrorMessage error={enrollment.error} /></>);
  const e = enrollment.data;
  if (!e) {
    return (
      <>
        {header}
        <Card className={styles.card}>
          <div className={styles.stateRow}>
            <Subtitle1 as="h2" className={styles.heading}>
              {t('status.notStartedTitle')}
            </Subtitle1>
            <StateBadge state="NONE" labelKey="enrollment:states" size="large" />
          </div>
          <Body1 className={styles.body}>{t('stateDescriptions.NONE')}</Body1>
          {can(me, 'profile.write') || can(me, 'enrollment.manage') ? (
            <div>
              <Button appearance="primary" icon={<ArrowRightRegular />} iconPosition="after" onClick={() => void navigate('/enroll')}>
                {t('status.start')}
              </Button>
            </div>
          ) : null}
        </Card>
      </>
    );
  }
  const v = e.verification;
  const reviewing = e.state === 'SUBMITTED' || e.state === 'INFORMATION_REQUESTED';
  return (
    <>
      {header}
      <div className={styles.grid}>
        <div className={styles.column}>
          <Card className={styles.card}>
            <div className={styles.stateRow}>
              <Subtitle1 as="h2" className={styles.heading}>
                {t('status.state')}
              </Subtitle1>
              <span data-testid="enrollment-state">
                <StateBadge state={e.state} labelKey="enrollment:states" size="extra-large" />
              </span>
            </div>
            <Body1 className={styles.body}>{labels.code(`enrollment:stateDescriptions.${e.state}`, '')}</Body1>
            {reviewing ? <EstimateNote enrollment={e} /> : null}
            {e.state === 'REJECTED' ? <RejectionReason /> : null}
            {v?.openRequest ? (
              <div>
                <Text weight="semibold" block>
                  {t('status.openRequest', { date: format(v.openRequest.createdAt, 'date') })}
                </Text>
                <ul className={styles.items}>
                  {v.openRequest.items.map((item, i) => (
                    <li key={i}>
                      <Text weight="semibold">{labels.code(`verification:kinds.${item.kind}`)}</Text>: {item.message}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            <NextActions me={me} enrollment={e} />
          </Card>
          {e.agreement ? (
            <Card className={styles.card}>
              <Subtitle2 as="h2" className={styles.heading}>
                {t('status.acceptanceTitle')}
              </Subtitle2>
              <AcceptanceRecord acceptance={e.agreement} />
            </Card>
          ) : null}
        </div>
        <div className={styles.column}>
          <Card className={styles.card}>
            <Facts
              rows={[
                [t('status.program'), labels.code(`enrollment:programs.${e.program}`)],
                [t('status.market'), e.market ? labels.market(e.market.id, e.market.name) : '—'],
                [t('status.currency'), labels.currency(e.currency) || '—'],
                [t('status.submittedAt'), e.submittedAt ? format(e.submittedAt) : '—'],
                ...(v ? ([[t('status.verificationState'), <StateBadge state={v.state} labelKey="verification:states" />]] as [string, ReactElement][]) : []),
                ...(e.activatedAt ? ([[t('status.activatedAt'), format(e.activatedAt)]] as [string, string][]) : []),
              ]}
            />
            <Caption1>
              <Link as="span">
                <RouterLink to="/profile">{t('status.viewProfile')}</RouterLink>
              </Link>
            </Caption1>
          </Card>
          <Card className={styles.card}>
            <Subtitle2 as="h2" className={styles.heading}>
              {t('status.timelineTitle')}
            </Subtitle2>
            <EnrollmentTimeline entries={e.timeline} />
          </Card>
        </div>
      </div>
    </>
  );
}

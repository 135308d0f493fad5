import { Badge, Body1, Button, Caption1, Card, CardHeader, Subtitle1, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { BadgeProps } from '@fluentui/react-components';
import {
  CheckmarkCircleFilled,
  ContactCardRegular,
  DocumentSignatureRegular,
  KeyRegular,
  MailRegular,
  PersonAddRegular,
  SettingsRegular,
  ShieldCheckmarkRegular,
  TagRegular,
} from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { can } from '@csp-center/domain';
import type { Me } from '../../api/client.ts';
import { useFormatDateTime } from '../../components/format.ts';
import { useLabels } from '../../components/labels.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useMe } from '../auth/use-me.ts';
import { PART_STEP, missingParts } from '../enrollment/form.ts';
import { useEnrollment, useProfileOverview } from '../enrollment/queries.ts';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 2fr) minmax(260px, 1fr)', gap: tokens.spacingHorizontalXL, '@media (max-width: 1000px)': { gridTemplateColumns: '1fr' } },
  card: { padding: '20px 24px' },
  cardIntro: { color: tokens.colorNeutralForeground2, marginBottom: tokens.spacingVerticalS },
  steps: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  step: {
    display: 'grid',
    gridTemplateColumns: '36px minmax(0, 1fr) auto',
    alignItems: 'start',
    gap: tokens.spacingHorizontalM,
    padding: '14px 0',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  stepIconDone: { fontSize: '24px', color: tokens.colorPaletteGreenForeground1 },
  stepIcon: { fontSize: '24px', color: tokens.colorNeutralForeground3 },
  stepText: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  stepBody: { color: tokens.colorNeutralForeground2 },
  stepEnd: { display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: tokens.spacingVerticalXS },
  side: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  quick: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    alignItems: 'flex-start',
    padding: '12px',
    borderRadius: tokens.borderRadiusMedium,
    textDecoration: 'none',
    color: tokens.colorNeutralForeground1,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  quickIcon: { fontSize: '24px', color: tokens.colorBrandForeground1, flex: '0 0 auto' },
  quickTitle: { color: tokens.colorBrandForeground1 },
  heading: { margin: 0 },
  roles: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  role: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  staffCard: { padding: '24px', maxWidth: '720px', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

function QuickLink({ to, icon, title, body }: { to: string; icon: ReactNode; title: string; body: string }) {
  const styles = useStyles();
  return (
    <RouterLink to={to} className={styles.quick}>
      <span className={styles.quickIcon} aria-hidden>
        {icon}
      </span>
      <span>
        <Subtitle2 as="span" block className={styles.quickTitle}>
          {title}
        </Subtitle2>
        <Caption1>{body}</Caption1>
      </span>
    </RouterLink>
  );
}

type StepStatus = 'done' | 'todo' | 'inProgress' | 'waiting' | 'actionNeeded';

const STATUS_COLOR: Record<StepStatus, NonNullable<BadgeProps['color']>> = {
  done: 'success',
  todo: 'informative',
  inProgress: 'brand',
  waiting: 'informative',
  actionNeeded: 'warning',
};

interface JourneyStep {
  key: 'signIn' | 'profile' | 'partnerId' | 'verification' | 'agreement';
  icon: ReactNode;
  status: StepStatus;
  body: string;
  link?: { to: string; label: string };
}

/** The partner's live progress: profile parts, partner ID, verification state, agreement. */
function JourneySteps({ me }: { me: Me }) {
  const { t } = useTranslation(['home', 'common', 'verification', 'enrollment']);
  const styles = useStyles();
  const navigate = useNavigate();
  const labels = useLabels();
  const format = useFormatDateTime();
  const overview = useProfileOverview(can(me, 'profile.read'));
  const enrollment = useEnrollment(can(me, 'enrollment.read'));
  const missing = missingParts(overview.data?.missing ?? ['legalBusiness', 'supportProfile', 'billingProfile', 'partnerId']);
  const profileParts = ['legalBusiness', 'supportProfile', 'billingProfile'] as const;
  const profileMissing = profileParts.filter((p) => missing.includes(p));
  const e = enrollment.data ?? null;
  const submitted = e !== null && e.state !== 'DRAFT';
  const vState = e?.verification?.state ?? null;
  const partnerId = overview.data?.partnerId ?? null;
  const open = t('progress.open');

  const steps: JourneyStep[] = [
    { key: 'signIn', icon: <MailRegular />, status: 'done', body: t('steps.signIn.body') },
    {
      key: 'profile',
      icon: <ContactCardRegular />,
      status: profileMissing.length === 0 ? 'done' : profileMissing.length < profileParts.length ? 'inProgress' : 'todo',
      body: profileMissing.length === 0 ? t('progress.profileDone') : `${t('steps.profile.body')} ${t('progress.profileParts', { done: profileParts.length - profileMissing.length, total: profileParts.length })}`,
      link: { to: profileMissing.length ? `/enroll/${PART_STEP[profileMissing[0]!]}` : '/profile', label: profileMissing.length ? t('progress.continue') : open },
    },
    {
      key: 'partnerId',
      icon: <TagRegular />,
      status: partnerId ? 'done' : 'todo',
      body: partnerId ? t('progress.partnerIdDone', { partnerId: partnerId.partnerId }) : t('steps.partnerId.body'),
      link: { to: '/enroll/partner-id', label: partnerId ? open : t('progress.continue') },
    },
    {
      key: 'verification',
      icon: <ShieldCheckmarkRegular />,
      status: !submitted ? 'todo' : vState === 'APPROVED' ? 'done' : vState === 'INFORMATION_REQUESTED' ? 'actionNeeded' : vState === 'REJECTED' ? 'actionNeeded' : 'waiting',
      body: !submitted
        ? `${t('steps.verification.body')} ${t('progress.verificationNotSubmitted')}`
        : `${t('progress.verificationState', { state: labels.code(`verification:states.${vState ?? 'OPEN'}`) })}${e?.estimatedDecisionAt && vState !== 'APPROVED' && vState !== 'REJECTED' ? ` · ${t('progress.estimate', { date: format(e.estimatedDecisionAt, 'date') })}` : ''}`,
      link: !submitted
        ? missing.length === 0
          ? { to: '/enroll/review', label: t('progress.continue') }
          : undefined
        : vState === 'INFORMATION_REQUESTED'
          ? { to: '/enrollment/respond', label: t('progress.respond') }
          : { to: '/enrollment', label: open },
    },
    {
      key: 'agreement',
      icon: <DocumentSignatureRegular />,
      status: e?.agreement ? 'done' : e?.state === 'QUALIFIED' ? 'actionNeeded' : 'todo',
      body: e?.agreement
        ? `${t('progress.agreementAccepted', { date: format(e.agreement.acceptedAt, 'date') })} ${t('progress.active')}`
        : e?.state === 'QUALIFIED'
          ? t('progress.agreementReady')
          : `${t('steps.agreement.body')} ${t('progress.agreementWaiting')}`,
      link: e?.state === 'QUALIFIED' || e?.agreement ? { to: '/enrollment/agreement', label: e?.agreement ? open : t('progress.accept') } : undefined,
    },
  ];

  return (
    <ol className={styles.steps}>
      {steps.map((s) => (
        <li key={s.key} className={styles.step} data-testid={`journey-${s.key}`} data-status={s.status}>
          <span className={s.status === 'done' ? styles.stepIconDone : styles.stepIcon} aria-hidden>
            {s.status === 'done' ? <CheckmarkCircleFilled /> : s.icon}
          </span>
          <span className={styles.stepText}>
            <Text weight="semibold">{t(`steps.${s.key}.title`)}</Text>
            <Caption1 className={styles.stepBody}>{s.body}</Caption1>
          </span>
          <span className={styles.stepEnd}>
            <Badge appearance={s.status === 'done' ? 'tint' : 'outline'} color={STATUS_COLOR[s.status]}>
              {t(`status.${s.status}`)}
            </Badge>
            {s.link ? (
              <Button size="small" appearance={s.status === 'actionNeeded' ? 'primary' : 'secondary'} onClick={() => void navigate(s.link!.to)}>
                {s.link.label}
              </Button>
            ) : null}
          </span>
        </li>
      ))}
    </ol>
  );
}

function StaffHome({ me }: { me: Me }) {
  const { t } = useTranslation(['home', 'common']);
  const styles = useStyles();
  return (
    <>
      <PageHeader title={t('staff.title')} intro={t('staff.body')} />
      <Card className={styles.staffCard}>
        <Subtitle2 as="h2" className={styles.heading}>
          {t('staff.roles')}
        </Subtitle2>
        <ul className={styles.roles}>
          {me.roles.map((r) => (
            <li key={r} className={styles.role}>
              <Badge appearance="tint" color="brand" size="large">
                {t(`common:roles.${r}`)}
              </Badge>
              <Caption1 className={styles.stepBody}>{t(`common:roleDescriptions.${r}`)}</Caption1>
            </li>
          ))}
        </ul>
        <Body1 className={styles.stepBody}>{t('staff.comingSoon')}</Body1>
      </Card>
      <Card className={styles.staffCard}>
        <Subtitle2 as="h2" className={styles.heading}>
          {t('staff.linksTitle')}
        </Subtitle2>
        {can(me, 'verification.read') ? <QuickLink to="/admin/verification" icon={<ShieldCheckmarkRegular />} title={t('common:nav.verificationQueue')} body={t('staff.links.queue')} /> : null}
        {can(me, 'registry.read') ? <QuickLink to="/admin/partner-ids" icon={<TagRegular />} title={t('common:nav.partnerIds')} body={t('staff.links.partnerIds')} /> : null}
        {can(me, 'agreements.publish') ? <QuickLink to="/admin/agreements" icon={<DocumentSignatureRegular />} title={t('common:nav.agreements')} body={t('staff.links.agreements')} /> : null}
        {can(me, 'verification.read') ? <QuickLink to="/admin/settings" icon={<SettingsRegular />} title={t('common:nav.settings')} body={t('staff.links.settings')} /> : null}
      </Card>
    </>
  );
}

/** The signed-in home: the partner's path through the CSP program, or the staff landing page. */
export function HomePage() {
  const { data: me } = useMe();
  if (!me) return null;
  if (!me.organization) return <StaffHome me={me} />;
  return <PartnerHome me={me} />;
}

function PartnerHome({ me }: { me: Me }) {
  const { t } = useTranslation(['home', 'common']);
  const styles = useStyles();
  const overview = useProfileOverview(can(me, 'profile.read'));
  const organization = me.organization!;
  const role = me.roles.map((r) => t(`common:roles.${r}`)).join(', ');
  // The organization is named after its domain until the legal business name is known.
  const name = overview.data?.legalBusiness?.companyName ?? organization.name;
  return (
    <>
      <PageHeader
        title={me.user.displayName ? t('welcome', { name: me.user.displayName }) : t('welcomeAnonymous')}
        intro={name === organization.domain ? t('welcomeDomain', { domain: organization.domain, role }) : t('welcomeOrganization', { organization: name, domain: organization.domain, role })}
      />
      <div className={styles.grid}>
        <Card className={styles.card}>
          <CardHeader header={<Subtitle1 as="h2">{t('journeyTitle')}</Subtitle1>} />
          <Body1 className={styles.cardIntro}>{t('journeyIntro')}</Body1>
          <JourneySteps me={me} />
        </Card>
        <div className={styles.side}>
          <Card className={styles.card}>
            <CardHeader header={<Subtitle2 as="h2">{t('quickLinks.title')}</Subtitle2>} />
            {can(me, 'organization.users.read') ? (
              <QuickLink
                to="/users"
                icon={<PersonAddRegular />}
                title={t('quickLinks.inviteUsers')}
                body={t('quickLinks.inviteUsersBody')}
              />
            ) : null}
            <QuickLink to="/api-tokens" icon={<KeyRegular />} title={t('quickLinks.apiTokens')} body={t('quickLinks.apiTokensBody')} />
          </Card>
        </div>
      </div>
    </>
  );
}

import { Badge, Body1, Caption1, Card, CardHeader, Subtitle1, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import {
  CheckmarkCircleFilled,
  ContactCardRegular,
  DocumentSignatureRegular,
  KeyRegular,
  MailRegular,
  PersonAddRegular,
  ShieldCheckmarkRegular,
  TagRegular,
} from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { can } from '@csp-center/domain';
import type { Me } from '../../api/client.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useMe } from '../auth/use-me.ts';

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

const STEPS = [
  { key: 'signIn', icon: <MailRegular />, done: true },
  { key: 'profile', icon: <ContactCardRegular />, done: false },
  { key: 'partnerId', icon: <TagRegular />, done: false },
  { key: 'verification', icon: <ShieldCheckmarkRegular />, done: false },
  { key: 'agreement', icon: <DocumentSignatureRegular />, done: false },
] as const;

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
    </>
  );
}

/** The signed-in home: the partner's path through the CSP program, or the staff landing page. */
export function HomePage() {
  const { t } = useTranslation(['home', 'common']);
  const styles = useStyles();
  const { data: me } = useMe();
  if (!me) return null;
  if (!me.organization) return <StaffHome me={me} />;
  const organization = me.organization;
  const role = me.roles.map((r) => t(`common:roles.${r}`)).join(', ');
  return (
    <>
      <PageHeader
        title={me.user.displayName ? t('welcome', { name: me.user.displayName }) : t('welcomeAnonymous')}
        intro={t('welcomeOrganization', { organization: organization.name, domain: organization.domain, role })}
      />
      <div className={styles.grid}>
        <Card className={styles.card}>
          <CardHeader header={<Subtitle1 as="h2">{t('journeyTitle')}</Subtitle1>} />
          <Body1 className={styles.cardIntro}>{t('journeyIntro')}</Body1>
          <ol className={styles.steps}>
            {STEPS.map((s) => (
              <li key={s.key} className={styles.step} aria-disabled={!s.done || undefined}>
                <span className={s.done ? styles.stepIconDone : styles.stepIcon} aria-hidden>
                  {s.done ? <CheckmarkCircleFilled /> : s.icon}
                </span>
                <span className={styles.stepText}>
                  <Text weight="semibold">{t(`steps.${s.key}.title`)}</Text>
                  <Caption1 className={styles.stepBody}>{t(`steps.${s.key}.body`)}</Caption1>
                </span>
                {s.done ? (
                  <Badge appearance="tint" color="success">
                    {t('status.done')}
                  </Badge>
                ) : (
                  <Badge appearance="outline" color="informative">
                    {t('status.comingSoon')}
                  </Badge>
                )}
              </li>
            ))}
          </ol>
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

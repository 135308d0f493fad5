import { Avatar, Badge, Caption1, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import {
  BuildingRegular,
  ClipboardTaskListLtrRegular,
  ContactCardRegular,
  DocumentSignatureRegular,
  HomeRegular,
  KeyRegular,
  PeopleRegular,
  SettingsRegular,
  ShieldCheckmarkRegular,
  TagRegular,
} from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { can } from '@csp-center/domain';
import { SignOutButton } from '../features/auth/SignOutButton.tsx';
import { useMe } from '../features/auth/use-me.ts';
import { useProfileOverview } from '../features/enrollment/queries.ts';
import { BrandMark } from './BrandMark.tsx';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';

const HEADER_HEIGHT = '56px';

const useStyles = makeStyles({
  root: { minHeight: '100vh', display: 'flex', flexDirection: 'column', backgroundColor: tokens.colorNeutralBackground2 },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 10,
    height: HEADER_HEIGHT,
    flex: `0 0 ${HEADER_HEIGHT}`,
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    padding: '0 16px 0 20px',
    backgroundColor: '#0b3a75',
    color: tokens.colorNeutralForegroundOnBrand,
    boxShadow: tokens.shadow4,
  },
  brand: { flex: '1 1 auto', minWidth: 0 },
  headerItems: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flex: '0 0 auto' },
  org: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    maxWidth: '220px',
    paddingRight: tokens.spacingHorizontalM,
    borderRight: '1px solid rgba(255,255,255,0.3)',
    '@media (max-width: 1000px)': { display: 'none' },
  },
  staffBadge: { color: tokens.colorNeutralForegroundOnBrand, border: '1px solid rgba(255,255,255,0.7)' },
  ellipsis: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0 },
  user: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0, maxWidth: '260px' },
  userText: { display: 'flex', flexDirection: 'column', minWidth: 0, lineHeight: tokens.lineHeightBase200 },
  userEmail: { color: tokens.colorNeutralForegroundOnBrand },
  userRole: { color: 'rgba(255,255,255,0.8)' },
  body: { flex: '1 1 auto', display: 'flex', minHeight: 0 },
  nav: {
    flex: '0 0 232px',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: '16px 8px',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    '@media (max-width: 720px)': { flex: '0 0 64px' },
  },
  navLink: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    minHeight: '40px',
    padding: '0 12px',
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
    textDecoration: 'none',
    fontSize: tokens.fontSizeBase300,
    borderLeft: '3px solid transparent',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover, color: tokens.colorNeutralForeground1 },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  navIcon: { fontSize: '20px', flex: '0 0 auto' },
  navLabel: { '@media (max-width: 720px)': { display: 'none' } },
  navActive: {
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorBrandForeground1,
    fontWeight: tokens.fontWeightSemibold,
    borderLeft: `3px solid ${tokens.colorBrandStroke1}`,
    ':hover': { backgroundColor: tokens.colorBrandBackground2Hover, color: tokens.colorBrandForeground1 },
  },
  main: { flex: '1 1 auto', minWidth: 0, padding: '28px 32px 48px' },
  content: { maxWidth: '1160px', margin: '0 auto' },
});

function NavItem({ to, icon, label }: { to: string; icon: ReactNode; label: string }) {
  const styles = useStyles();
  return (
    <NavLink to={to} end={to === '/'} className={({ isActive }) => mergeClasses(styles.navLink, isActive && styles.navActive)} title={label}>
      <span className={styles.navIcon} aria-hidden>
        {icon}
      </span>
      <span className={styles.navLabel}>{label}</span>
    </NavLink>
  );
}

/** The frame of every signed-in page: header (product, organization, user, language, sign-out) and navigation. */
export function AppShell() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { data: me } = useMe();
  // Organizations are named after their email domain until the legal business name is saved.
  const overview = useProfileOverview(Boolean(me?.organization) && (me ? can(me, 'profile.read') : false));
  if (!me) return null;
  const organization = me.organization ? { ...me.organization, name: overview.data?.legalBusiness?.companyName ?? me.organization.name } : null;
  const roleLabels = me.roles.map((r) => t(`roles.${r}`)).join(', ');
  return (
    <div className={styles.root}>
      <header className={styles.header}>
        <div className={styles.brand}>
          <BrandMark onDark subtitle />
        </div>
        <div className={styles.headerItems}>
          {organization ? (
            <div className={styles.org} title={`${t('header.organization')}: ${organization.name}`}>
              <BuildingRegular fontSize={18} aria-hidden />
              <Text className={styles.ellipsis} weight="semibold" aria-label={`${t('header.organization')}: ${organization.name}`}>
                {organization.name}
              </Text>
            </div>
          ) : (
            <Badge appearance="outline" className={styles.staffBadge}>
              {t('header.staffBadge')}
            </Badge>
          )}
          <LanguageSwitcher onDark />
          <div className={styles.user} title={t('header.signedInAs', { email: me.user.email })}>
            <Avatar size={28} name={me.user.displayName ?? me.user.email} color="colorful" aria-hidden />
            <div className={styles.userText}>
              <Text size={200} className={mergeClasses(styles.ellipsis, styles.userEmail)} data-testid="signed-in-email">
                {me.user.email}
              </Text>
              <Caption1 className={mergeClasses(styles.ellipsis, styles.userRole)}>{roleLabels}</Caption1>
            </div>
          </div>
          <SignOutButton />
        </div>
      </header>
      <div className={styles.body}>
        <nav className={styles.nav} aria-label={t('nav.label')}>
          <NavItem to="/" icon={<HomeRegular />} label={t('nav.home')} />
          {organization && can(me, 'enrollment.read') ? <NavItem to="/enrollment" icon={<ClipboardTaskListLtrRegular />} label={t('nav.enrollment')} /> : null}
          {organization && can(me, 'profile.read') ? <NavItem to="/profile" icon={<ContactCardRegular />} label={t('nav.profile')} /> : null}
          {organization && can(me, 'organization.users.read') ? <NavItem to="/users" icon={<PeopleRegular />} label={t('nav.users')} /> : null}
          {!organization && can(me, 'verification.read') ? <NavItem to="/admin/verification" icon={<ShieldCheckmarkRegular />} label={t('nav.verificationQueue')} /> : null}
          {!organization && can(me, 'registry.read') ? <NavItem to="/admin/partner-ids" icon={<TagRegular />} label={t('nav.partnerIds')} /> : null}
          {!organization && can(me, 'agreements.publish') ? <NavItem to="/admin/agreements" icon={<DocumentSignatureRegular />} label={t('nav.agreements')} /> : null}
          {!organization && can(me, 'verification.read') ? <NavItem to="/admin/settings" icon={<SettingsRegular />} label={t('nav.settings')} /> : null}
          <NavItem to="/api-tokens" icon={<KeyRegular />} label={t('nav.apiTokens')} />
        </nav>
        <main className={styles.main}>
          <div className={styles.content}>
            <Outlet />
          </div>
        </main>
      </div>
    </div>
  );
}

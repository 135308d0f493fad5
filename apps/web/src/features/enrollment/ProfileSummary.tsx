import { Button, Card, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { EditRegular, LockClosedRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { ProfileOverview } from '../../api/client.ts';
import { personName, useLabels } from '../../components/labels.ts';
import type { WizardStep } from './form.ts';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: tokens.spacingHorizontalL, '@media (max-width: 900px)': { gridTemplateColumns: '1fr' } },
  single: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  card: { padding: '16px 20px', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  head: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: tokens.spacingHorizontalS },
  title: { margin: 0 },
  dl: { display: 'grid', gridTemplateColumns: 'minmax(120px, max-content) minmax(0, 1fr)', gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`, margin: 0 },
  dt: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0, overflowWrap: 'anywhere' },
  empty: { color: tokens.colorNeutralForeground3, fontStyle: 'italic' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  const styles = useStyles();
  return (
    <dl className={styles.dl}>
      {rows.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt className={styles.dt}>{k}</dt>
          <dd className={styles.dd}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Section({ title, step, canEdit, children }: { title: string; step: WizardStep; canEdit: boolean; children: ReactNode }) {
  const { t } = useTranslation('profile');
  const styles = useStyles();
  const navigate = useNavigate();
  return (
    <Card className={styles.card}>
      <div className={styles.head}>
        <Subtitle2 as="h3" className={styles.title}>
          {title}
        </Subtitle2>
        {canEdit ? (
          <Button size="small" appearance="subtle" icon={<EditRegular />} onClick={() => void navigate(`/enroll/${step}`)} aria-label={`${t('page.edit')}: ${title}`}>
            {t('page.edit')}
          </Button>
        ) : null}
      </div>
      {children}
    </Card>
  );
}

/** One-line postal address in the order partners write it. */
export function formatAddress(a: { line1: string; line2?: string | null; city: string; state?: string | null; postalCode?: string | null }, countryName: string): string {
  return [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.state, countryName].filter((p) => p && String(p).trim()).join(', ');
}

/**
 * The partner profile at a glance (review step, profile page): every part, what is missing, and
 * bank details only masked.
 */
export function ProfileSummary({ overview, canEdit, canSeeBilling, columns = 2 }: { overview: ProfileOverview; canEdit: (step: WizardStep) => boolean; canSeeBilling: boolean; columns?: 1 | 2 }) {
  const { t, i18n } = useTranslation('profile');
  const styles = useStyles();
  const labels = useLabels();
  const none = <span className={styles.empty}>{t('summary.notProvided')}</span>;
  const { legalBusiness: legal, support, billing, partnerId } = overview;
  const market = legal?.market ?? overview.market;
  return (
    <div className={columns === 2 ? styles.grid : styles.single}>
      <Section title={t('wizard.steps.legal')} step="legal" canEdit={canEdit('legal')}>
        {legal ? (
          <Facts
            rows={[
              [t('summary.companyName'), <Text weight="semibold">{legal.companyName}</Text>],
              [
                t('summary.address'),
                <>
                  {formatAddress(legal.address, labels.country(legal.address.country))}
                  {legal.countryLocked ? (
                    <Text size={200} block className={styles.empty}>
                      <LockClosedRegular aria-hidden /> {t('summary.countryLocked')}
                    </Text>
                  ) : null}
                </>,
              ],
              ...(legal.registrationId ? ([[t('summary.registrationId'), legal.registrationId]] as [string, ReactNode][]) : []),
              [
                t('summary.contact'),
                <>
                  {personName(legal.primaryContact.firstName, legal.primaryContact.lastName, i18n.language)}
                  <br />
                  {legal.primaryContact.email}
                  {legal.primaryContact.phone ? (
                    <>
                      <br />
                      {legal.primaryContact.phone}
                    </>
                  ) : null}
                </>,
              ],
              [t('summary.market'), market ? labels.market(market.id, market.name) : '—'],
              [t('summary.currency'), labels.currency(legal.billingCurrency ?? market?.currency ?? null) || '—'],
            ]}
          />
        ) : (
          none
        )}
      </Section>
      <Section title={t('wizard.steps.support')} step="support" canEdit={canEdit('support')}>
        {support ? (
          <Facts
            rows={[
              [t('summary.supportEmail'), support.email],
              [t('summary.supportPhone'), support.phone || '—'],
              [t('summary.supportWebsite'), support.website || '—'],
            ]}
          />
        ) : (
          none
        )}
      </Section>
      <Section title={t('wizard.steps.billing')} step="billing" canEdit={canEdit('billing')}>
        {!canSeeBilling ? (
          <span className={styles.empty}>{t('summary.hidden')}</span>
        ) : billing ? (
          <Facts
            rows={[
              [t('summary.bankAccount'), <span className={styles.mono}>{billing.bankAccount.masked}</span>],
              [t('summary.holderName'), billing.bankAccount.holderName ?? '—'],
              [t('summary.bankCountry'), labels.country(billing.bankAccount.bankCountry)],
              [t('summary.taxId'), billing.taxId || '—'],
            ]}
          />
        ) : overview.missing.some((m) => m === 'billingProfile' || m === 'billing') ? (
          none
        ) : (
          <span className={styles.empty}>{t('summary.hidden')}</span>
        )}
      </Section>
      <Section title={t('wizard.steps.partner-id')} step="partner-id" canEdit={canEdit('partner-id')}>
        {partnerId ? (
          <Facts
            rows={[
              [t('summary.partnerId'), <Text weight="semibold">{partnerId.partnerId}</Text>],
              [t('summary.registeredName'), partnerId.legalName],
              [t('partnerId.country'), labels.country(partnerId.country)],
            ]}
          />
        ) : (
          none
        )}
      </Section>
    </div>
  );
}

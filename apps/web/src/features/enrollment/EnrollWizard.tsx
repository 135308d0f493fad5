import { Body1, Caption1, Card, Subtitle1, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CheckmarkCircleFilled } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, Navigate, useNavigate, useParams } from 'react-router';
import { PROFILE_PARTS } from '@csp-center/domain';
import type { ProfilePart } from '@csp-center/domain';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useMe } from '../auth/use-me.ts';
import { BillingStep } from './BillingStep.tsx';
import { PART_STEP, WIZARD_STEPS, isWizardStep, missingParts } from './form.ts';
import type { WizardStep } from './form.ts';
import { LegalStep } from './LegalStep.tsx';
import { PartnerIdStep } from './PartnerIdStep.tsx';
import { ReviewStep } from './ReviewStep.tsx';
import { SupportStep } from './SupportStep.tsx';
import { useEnrollment, useProfileOverview } from './queries.ts';
import { InfoBar } from './ui.tsx';

const useStyles = makeStyles({
  layout: { display: 'grid', gridTemplateColumns: '248px minmax(0, 1fr)', gap: tokens.spacingHorizontalXL, alignItems: 'start', '@media (max-width: 960px)': { gridTemplateColumns: '1fr' } },
  steps: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, position: 'sticky', top: '72px' },
  step: {
    display: 'grid',
    gridTemplateColumns: '28px minmax(0, 1fr)',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: '10px 12px',
    borderRadius: tokens.borderRadiusMedium,
    textDecoration: 'none',
    color: tokens.colorNeutralForeground2,
    borderLeft: '3px solid transparent',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  current: { backgroundColor: tokens.colorBrandBackground2, color: tokens.colorBrandForeground1, borderLeft: `3px solid ${tokens.colorBrandStroke1}`, fontWeight: tokens.fontWeightSemibold },
  number: {
    width: '24px',
    height: '24px',
    borderRadius: tokens.borderRadiusCircular,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    fontSize: tokens.fontSizeBase200,
  },
  done: { fontSize: '24px', color: tokens.colorPaletteGreenForeground1 },
  stepText: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  stepState: { color: tokens.colorNeutralForeground3 },
  card: { padding: '24px 28px', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  stepHead: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  stepTitle: { margin: 0 },
  intro: { color: tokens.colorNeutralForeground2 },
});

const STEP_PART: Partial<Record<WizardStep, ProfilePart>> = Object.fromEntries(PROFILE_PARTS.map((p) => [PART_STEP[p], p]));

/**
 * /enroll/:step — the enrollment wizard: legal business → support → billing (bank) → partner ID →
 * review and submit. Each step saves on its own; the list on the left shows what is complete.
 */
export function EnrollWizard() {
  const { t } = useTranslation(['profile', 'common']);
  const styles = useStyles();
  const navigate = useNavigate();
  const params = useParams();
  const { data: me } = useMe();
  const overview = useProfileOverview(Boolean(me?.organization));
  const enrollment = useEnrollment(Boolean(me?.organization));
  if (!me) return null;
  if (!me.organization) return <Navigate to="/" replace />;
  const step: WizardStep = isWizardStep(params.step) ? params.step : 'legal';
  if (params.step !== step) return <Navigate to={`/enroll/${step}`} replace />;
  const index = WIZARD_STEPS.indexOf(step);
  const missing = new Set(missingParts(overview.data?.missing ?? PROFILE_PARTS));
  const submitted = enrollment.data ? enrollment.data.state !== 'DRAFT' : false;
  const isDone = (s: WizardStep) => {
    const part = STEP_PART[s];
    if (part) return overview.isSuccess && !missing.has(part);
    return submitted;
  };
  const go = (s: WizardStep | undefined) => {
    if (s) void navigate(`/enroll/${s}`);
    window.scrollTo?.(0, 0);
  };
  const next = () => go(WIZARD_STEPS[index + 1]);
  const back = () => go(WIZARD_STEPS[index - 1]);

  return (
    <>
      <PageHeader title={t('wizard.title')} intro={t('wizard.intro')} />
      <div className={styles.layout}>
        <nav aria-label={t('wizard.stepsLabel')}>
          <ol className={styles.steps}>
            {WIZARD_STEPS.map((s, i) => {
              const done = isDone(s);
              return (
                <li key={s}>
                  <RouterLink to={`/enroll/${s}`} className={mergeClasses(styles.step, s === step && styles.current)} aria-current={s === step ? 'step' : undefined}>
                    {done ? <CheckmarkCircleFilled className={styles.done} aria-hidden /> : <span className={styles.number} aria-hidden>{i + 1}</span>}
                    <span className={styles.stepText}>
                      <span>{t(`wizard.steps.${s}`)}</span>
                      <Caption1 className={styles.stepState}>{done ? t('wizard.stepDone') : t('wizard.stepTodo')}</Caption1>
                    </span>
                  </RouterLink>
                </li>
              );
            })}
          </ol>
        </nav>
        <Card className={styles.card}>
          <div className={styles.stepHead}>
            <Caption1 className={styles.intro}>
              {t('wizard.stepOf', { current: index + 1, total: WIZARD_STEPS.length })}
            </Caption1>
            <Subtitle1 as="h2" id="step-title" className={styles.stepTitle}>
              {t(`wizard.steps.${step}`)}
            </Subtitle1>
            <Body1 className={styles.intro}>{t(`${step === 'partner-id' ? 'partnerId' : step}.intro`)}</Body1>
          </div>
          {submitted && step !== 'review' ? <InfoBar>{t('wizard.submittedNote')}</InfoBar> : null}
          {step === 'legal' ? <LegalStep me={me} onSaved={next} /> : null}
          {step === 'support' ? <SupportStep me={me} onSaved={next} onBack={back} /> : null}
          {step === 'billing' ? <BillingStep me={me} onSaved={next} onBack={back} /> : null}
          {step === 'partner-id' ? <PartnerIdStep me={me} onSaved={next} onBack={back} /> : null}
          {step === 'review' ? <ReviewStep me={me} onBack={back} /> : null}
        </Card>
      </div>
    </>
  );
}

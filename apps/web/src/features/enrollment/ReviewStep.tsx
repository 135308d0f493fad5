import { Body1, Button, Link, MessageBar, MessageBarBody, MessageBarTitle, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircleRegular, ErrorCircleRegular, LockClosedRegular, SendRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { can } from '@csp-center/domain';
import type { ProfilePart } from '@csp-center/domain';
import { api, isApiError } from '../../api/client.ts';
import type { Enrollment, Me } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PendingButton } from '../../components/FormDialog.tsx';
import { useFormatDateTime } from '../../components/format.ts';
import { PART_STEP, missingFromError, missingParts } from './form.ts';
import type { WizardStep } from './form.ts';
import { ProfileSummary } from './ProfileSummary.tsx';
import { ENROLLMENTS_KEY, PROFILE_KEY, VERIFICATION_KEY, useEnrollment, useProfileOverview } from './queries.ts';
import { BackButton, InfoBar, useFormStyles } from './ui.tsx';

const useStyles = makeStyles({
  missing: { margin: 0, paddingLeft: '20px', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  ready: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', color: tokens.colorPaletteGreenForeground1 },
});

/** Who may edit which step (the server enforces the same policy). */
export function stepEditable(me: Me): (step: WizardStep) => boolean {
  return (step) => {
    if (step === 'billing') return can(me, 'profile.billing.write');
    if (step === 'partner-id') return can(me, 'partnerId.associate');
    return can(me, 'profile.write');
  };
}

/** The list of missing parts with a link to the step that fills each in. */
export function MissingList({ parts }: { parts: readonly ProfilePart[] }) {
  const { t } = useTranslation('profile');
  const styles = useStyles();
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="missing-parts">
      <MessageBarBody>
        <MessageBarTitle>{t('review.missingTitle')}</MessageBarTitle>
        <ul className={styles.missing}>
          {parts.map((p) => (
            <li key={p}>
              <Link as="span">
                <RouterLink to={`/enroll/${PART_STEP[p]}`}>{t(`review.missing.${p}`)}</RouterLink>
              </Link>
            </li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}

/** Step 5: the whole profile, what is missing (with links), and the submit button. */
export function ReviewStep({ me, onBack }: { me: Me; onBack: () => void }) {
  const { t } = useTranslation(['profile', 'common']);
  const styles = useStyles();
  const formStyles = useFormStyles();
  const navigate = useNavigate();
  const format = useFormatDateTime();
  const queryClient = useQueryClient();
  const overview = useProfileOverview();
  const enrollment = useEnrollment();
  const canSubmit = can(me, 'enrollment.manage');

  const submit = useMutation({
    mutationFn: async () => {
      let current: Enrollment | null = enrollment.data ?? null;
      if (!current) {
        try {
          current = await api.enrollments.create();
        } catch (e) {
          // Someone started it meanwhile: submit that one.
          if (!(isApiError(e) && e.code === 'ENROLLMENT_EXISTS')) throw e;
          const list = await api.enrollments.list();
          current = list.items.find((x) => x.program === 'INDIRECT_RESELLER') ?? null;
          if (!current) throw e;
        }
      }
      return api.enrollments.submit(current.id);
    },
    onSuccess: (result) => {
      queryClient.setQueryData(ENROLLMENTS_KEY, result);
      void queryClient.invalidateQueries({ queryKey: ENROLLMENTS_KEY });
      void queryClient.invalidateQueries({ queryKey: PROFILE_KEY });
      void queryClient.invalidateQueries({ queryKey: VERIFICATION_KEY });
      void navigate('/enrollment');
    },
    onError: () => {
      void queryClient.invalidateQueries({ queryKey: PROFILE_KEY });
    },
  });

  if (overview.isPending || enrollment.isPending) return <Spinner label={t('common:loading')} />;
  if (overview.isError) return <ErrorMessage error={overview.error} />;
  const e = enrollment.data ?? null;
  const submitted = e !== null && e.state !== 'DRAFT';
  const refused = missingFromError(submit.error);
  const missing = refused.length > 0 ? refused : missingParts(overview.data.missing);

  return (
    <div className={formStyles.form}>
      {submitted ? (
        <InfoBar intent="success">
          {t('review.alreadySubmitted', { date: format(e.submittedAt, 'date') })}{' '}
          <Link as="span">
            <RouterLink to="/enrollment">{t('review.viewStatus')}</RouterLink>
          </Link>
        </InfoBar>
      ) : missing.length > 0 ? (
        <MissingList parts={missing} />
      ) : (
        <Body1 className={styles.ready}>
          <CheckmarkCircleRegular aria-hidden /> {t('review.ready')}
        </Body1>
      )}
      <ProfileSummary overview={overview.data} canEdit={stepEditable(me)} canSeeBilling={can(me, 'profile.billing.read')} columns={1} />
      {!submitted ? (
        <>
          <Body1 className={formStyles.muted}>{t('review.afterSubmit')}</Body1>
          <Body1 className={formStyles.muted}>
            <LockClosedRegular aria-hidden /> {t('review.lockNote')}
          </Body1>
          {!canSubmit ? <InfoBar>{t('review.noPermission')}</InfoBar> : null}
          {submit.isError && refused.length === 0 ? <ErrorMessage error={submit.error} /> : null}
        </>
      ) : null}
      <div className={formStyles.actions}>
        <BackButton onClick={onBack} />
        {submitted ? (
          <Button appearance="primary" onClick={() => void navigate('/enrollment')}>
            {t('review.viewStatus')}
          </Button>
        ) : canSubmit ? (
          <PendingButton
            icon={missing.length > 0 ? <ErrorCircleRegular /> : <SendRegular />}
            disabled={submit.isPending || missing.length > 0}
            onClick={() => submit.mutate()}
            pending={submit.isPending}
            label={t('review.submit')}
            pendingLabel={t('review.submitting')}
          />
        ) : null}
      </div>
    </div>
  );
}

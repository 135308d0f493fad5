import { Button } from '@fluentui/react-components';
import { ArrowRightRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { can } from '@csp-center/domain';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryStatus } from '../../components/QueryStatus.tsx';
import { useSharedStyles } from '../../components/styles.ts';
import { useMe } from '../auth/use-me.ts';
import { PART_STEP, missingParts } from './form.ts';
import { ProfileSummary } from './ProfileSummary.tsx';
import { MissingList, stepEditable } from './ReviewStep.tsx';
import { useProfileOverview } from './queries.ts';

/** /profile — the partner profile at a glance, with edit links for the roles that may change it. */
export function ProfilePage() {
  const { t } = useTranslation(['profile', 'common']);
  const styles = useSharedStyles();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const overview = useProfileOverview(Boolean(me?.organization));
  if (!me) return null;
  const missing = missingParts(overview.data?.missing ?? []);
  const editable = can(me, 'profile.write') || can(me, 'profile.billing.write');
  return (
    <div className={styles.stack}>
      <PageHeader
        title={t('page.title')}
        intro={t('page.intro')}
        actions={
          missing.length > 0 && editable ? (
            <Button appearance="primary" icon={<ArrowRightRegular />} iconPosition="after" onClick={() => void navigate(`/enroll/${PART_STEP[missing[0]!]}`)}>
              {t('page.continue')}
            </Button>
          ) : undefined
        }
      />
      <QueryStatus query={overview} />
      {overview.data ? (
        <>
          {missing.length > 0 ? <MissingList parts={missing} /> : null}
          <ProfileSummary overview={overview.data} canEdit={stepEditable(me)} canSeeBilling={can(me, 'profile.billing.read')} />
        </>
      ) : null}
    </div>
  );
}

import { Body1, Button } from '@fluentui/react-components';
import { HomeRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PageHeader } from './PageHeader.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <Body1 block>{t('notFound.body')}</Body1>
      <Button appearance="primary" icon={<HomeRegular />} style={{ marginTop: 16 }} onClick={() => void navigate('/')}>
        {t('notFound.goHome')}
      </Button>
    </>
  );
}

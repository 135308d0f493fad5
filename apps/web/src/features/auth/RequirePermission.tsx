import { Body1 } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '@csp-center/domain';
import type { Permission } from '@csp-center/domain';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useMe } from './use-me.ts';

/**
 * Renders its page only for users holding one of the permissions (the server enforces the same
 * policy; this keeps people from landing on a page that can only refuse them).
 */
export function RequirePermission({ any, partner, children }: { any: Permission[]; partner?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  if (!me) return null;
  const allowed = any.some((p) => can(me, p)) && (partner === undefined || partner === Boolean(me.organization));
  if (!allowed) {
    return (
      <>
        <PageHeader title={t('noPermission.title')} />
        <Body1>{t('noPermission.body')}</Body1>
      </>
    );
  }
  return <>{children}</>;
}

import {
  Badge,
  Button,
  Card,
  Dropdown,
  MessageBar,
  MessageBarBody,
  Option,
  Subtitle1,
  TableCell,
  TableCellLayout,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DeleteRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PARTNER_ROLES, can } from '@csp-center/domain';
import type { PartnerRole } from '@csp-center/domain';
import { api } from '../../api/client.ts';
import type { Invitation, Me, OrganizationUser, Page } from '../../api/client.ts';
import { ListTable } from '../../components/ListTable.tsx';
import { useFormatDateTime } from '../../components/format.ts';
import { useNotify, useNotifyError } from '../../components/notify.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryStatus } from '../../components/QueryStatus.tsx';
import { useSharedStyles } from '../../components/styles.ts';
import { useMe } from '../auth/use-me.ts';
import { InviteUserDialog } from './InviteUserDialog.tsx';
import { INVITATIONS_QUERY_KEY, USERS_QUERY_KEY, isOpenInvitation, useInvitations, useOrganizationUsers } from './queries.ts';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL },
  card: { padding: '20px 24px', gap: tokens.spacingVerticalM },
  cardTitle: { margin: 0 },
  roleDropdown: { minWidth: '180px' },
  email: { overflowWrap: 'anywhere' },
});

const INVITATION_STATUSES = ['PENDING', 'EXPIRED'] as const;
type InvitationStatus = (typeof INVITATION_STATUSES)[number];

function UsersTable({ me, users, canManage }: { me: Me; users: OrganizationUser[]; canManage: boolean }) {
  const { t } = useTranslation(['organization', 'common']);
  const styles = useStyles();
  const shared = useSharedStyles();
  const format = useFormatDateTime();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const queryClient = useQueryClient();
  const changeRole = useMutation({
    mutationFn: ({ user, role }: { user: OrganizationUser; role: PartnerRole }) => api.organization.updateUser(user.id, role),
    onSuccess: (updated) => {
      queryClient.setQueryData<Page<OrganizationUser>>(USERS_QUERY_KEY, (page) =>
        page ? { ...page, items: page.items.map((u) => (u.id === updated.id ? updated : u)) } : page,
      );
      void queryClient.invalidateQueries({ queryKey: ['me'] });
      notify(t('users.roleChanged', { email: updated.email, role: t(`common:roles.${updated.role}`) }));
    },
    onError: notifyError,
  });

  if (users.length === 0) return <Text className={shared.emptyInline}>{t('users.empty')}</Text>;
  return (
    <ListTable
      label={t('users.tableLabel')}
      columns={[
        { key: 'email', label: t('users.columns.email') },
        { key: 'name', label: t('users.columns.name'), width: 130 },
        { key: 'role', label: t('users.columns.role'), width: canManage ? 210 : 170 },
        { key: 'joined', label: t('users.columns.joined'), width: 130 },
        { key: 'lastSignIn', label: t('users.columns.lastSignIn'), width: 180 },
      ]}
    >
      {users.map((u) => {
        const isMe = u.id === me.user.id;
        return (
          <TableRow key={u.id}>
            <TableCell>
              <TableCellLayout description={isMe ? t('users.you') : undefined}>
                <span className={styles.email}>{u.email}</span>
              </TableCellLayout>
            </TableCell>
            <TableCell>
              <TableCellLayout truncate>{u.displayName ?? <span className={shared.muted}>—</span>}</TableCellLayout>
            </TableCell>
            <TableCell>
              {canManage ? (
                <Dropdown
                  className={styles.roleDropdown}
                  size="small"
                  aria-label={t('users.changeRole', { email: u.email })}
                  value={t(`common:roles.${u.role}`)}
                  selectedOptions={[u.role]}
                  disabled={changeRole.isPending}
                  onOptionSelect={(_e, data) => {
                    const role = data.optionValue as PartnerRole | undefined;
                    if (role && role !== u.role) changeRole.mutate({ user: u, role });
                  }}
                >
                  {PARTNER_ROLES.map((r) => (
                    <Option key={r} value={r} text={t(`common:roles.${r}`)}>
                      {t(`common:roles.${r}`)}
                    </Option>
                  ))}
                </Dropdown>
              ) : (
                <Badge appearance="tint" color={u.role === 'global_admin' ? 'brand' : 'informative'}>
                  {t(`common:roles.${u.role}`)}
                </Badge>
              )}
            </TableCell>
            <TableCell className={shared.nowrap}>{format(u.createdAt, 'date')}</TableCell>
            <TableCell className={shared.nowrap}>{format(u.lastSignInAt)}</TableCell>
          </TableRow>
        );
      })}
    </ListTable>
  );
}

function InvitationsTable({ invitations }: { invitations: Invitation[] }) {
  const { t } = useTranslation(['organization', 'common']);
  const styles = useStyles();
  const shared = useSharedStyles();
  const format = useFormatDateTime();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: (invitation: Invitation) => api.organization.revokeInvitation(invitation.id),
    onSuccess: (_r, invitation) => {
      void queryClient.invalidateQueries({ queryKey: INVITATIONS_QUERY_KEY });
      notify(t('invitations.revoked', { email: invitation.email }));
    },
    onError: notifyError,
  });

  const statusOf = (inv: Invitation): InvitationStatus | null => {
    if (Date.parse(inv.expiresAt) < Date.now()) return 'EXPIRED';
    const s = inv.status.toUpperCase();
    return (INVITATION_STATUSES as readonly string[]).includes(s) ? (s as InvitationStatus) : null;
  };

  if (invitations.length === 0) return <Text className={shared.emptyInline}>{t('invitations.empty')}</Text>;
  return (
    <ListTable
      label={t('invitations.tableLabel')}
      columns={[
        { key: 'email', label: t('invitations.columns.email') },
        { key: 'role', label: t('invitations.columns.role'), width: 170 },
        { key: 'status', label: t('invitations.columns.status'), width: 110 },
        { key: 'expires', label: t('invitations.columns.expires'), width: 180 },
        { key: 'revoke', label: t('common:actions.revoke'), width: 120, hiddenLabel: true },
      ]}
    >
      {invitations.map((inv) => {
        const status = statusOf(inv);
        return (
          <TableRow key={inv.id}>
            <TableCell>
              <TableCellLayout>
                <span className={styles.email}>{inv.email}</span>
              </TableCellLayout>
            </TableCell>
            <TableCell>{t(`common:roles.${inv.role}`)}</TableCell>
            <TableCell>
              <Badge appearance="outline" color={status === 'EXPIRED' ? 'danger' : 'warning'}>
                {status ? t(`invitations.status.${status}`) : inv.status}
              </Badge>
            </TableCell>
            <TableCell className={shared.nowrap}>{format(inv.expiresAt)}</TableCell>
            <TableCell>
              <Button
                size="small"
                appearance="subtle"
                icon={<DeleteRegular />}
                aria-label={t('invitations.revoke', { email: inv.email })}
                disabled={revoke.isPending}
                onClick={() => revoke.mutate(inv)}
              >
                {t('common:actions.revoke')}
              </Button>
            </TableCell>
          </TableRow>
        );
      })}
    </ListTable>
  );
}

/** Organization users and open invitations; a global admin also invites, revokes and changes roles. */
export function UsersPage() {
  const { t } = useTranslation(['organization', 'common']);
  const styles = useStyles();
  const { data: me } = useMe();
  const canManage = me ? can(me, 'organization.invitations.manage') : false;
  const users = useOrganizationUsers();
  const invitations = useInvitations(canManage);
  if (!me?.organization) return null;
  const organization = me.organization;
  const openInvitations = (invitations.data?.items ?? []).filter((i) => isOpenInvitation(i.status));

  return (
    <div className={styles.page}>
      <PageHeader
        title={t('users.title')}
        intro={t('users.intro', { organization: organization.name })}
        actions={canManage ? <InviteUserDialog organization={organization} /> : undefined}
      />
      {!canManage ? (
        <MessageBar intent="info">
          <MessageBarBody>{t('users.onlyAdmins')}</MessageBarBody>
        </MessageBar>
      ) : null}
      <Card className={styles.card}>
        <Subtitle1 as="h2" className={styles.cardTitle}>
          {t('users.sectionTitle', { count: users.data?.items.length ?? 0 })}
        </Subtitle1>
        <QueryStatus query={users} />
        {users.data ? <UsersTable me={me} users={users.data.items} canManage={canManage} /> : null}
      </Card>
      {canManage ? (
        <Card className={styles.card}>
          <Subtitle1 as="h2" className={styles.cardTitle}>
            {t('invitations.sectionTitle', { count: openInvitations.length })}
          </Subtitle1>
          <QueryStatus query={invitations} />
          {invitations.data ? <InvitationsTable invitations={openInvitations} /> : null}
        </Card>
      ) : null}
    </div>
  );
}

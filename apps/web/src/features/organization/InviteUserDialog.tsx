import {
  Body1,
  Button,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { PersonAddRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTNER_ROLES } from '@csp-center/domain';
import type { ErrorCode, PartnerRole } from '@csp-center/domain';
import { api } from '../../api/client.ts';
import type { Organization } from '../../api/client.ts';
import { errorCode, useErrorText } from '../../components/ErrorMessage.tsx';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useNotify } from '../../components/notify.tsx';
import { INVITATIONS_QUERY_KEY } from './queries.ts';

const useStyles = makeStyles({
  intro: { color: tokens.colorNeutralForeground2 },
  dropdown: { minWidth: '100%' },
  option: { display: 'flex', flexDirection: 'column' },
});

// Refusals about the address itself are shown under the email field; others above the actions.
const EMAIL_ERRORS: readonly ErrorCode[] = ['INVITATION_DOMAIN_MISMATCH', 'USER_ALREADY_EXISTS', 'INVITATION_ALREADY_EXISTS', 'VALIDATION_FAILED', 'WORK_EMAIL_REQUIRED'];

/** "Invite user": an address on the organization's domain and a partner role. */
export function InviteUserDialog({ organization }: { organization: Organization }) {
  const { t } = useTranslation(['organization', 'common']);
  const styles = useStyles();
  const errorText = useErrorText();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<PartnerRole>('member');

  const invite = useMutation({
    mutationFn: () => api.organization.invite(email.trim(), role),
    onSuccess: (invitation) => {
      void queryClient.invalidateQueries({ queryKey: INVITATIONS_QUERY_KEY });
      notify(t('invite.sent', { email: invitation.email }));
      setOpen(false);
    },
  });

  const reset = () => {
    setEmail('');
    setRole('member');
    invite.reset();
  };

  const emailError = invite.isError && EMAIL_ERRORS.includes(errorCode(invite.error));

  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) reset();
      }}
      trigger={
        <Button appearance="primary" icon={<PersonAddRegular />}>
          {t('invite.button')}
        </Button>
      }
      title={t('invite.title')}
      submitLabel={t('invite.submit')}
      pendingLabel={t('invite.submitting')}
      pending={invite.isPending}
      disabled={!email.trim()}
      onSubmit={() => invite.mutate()}
    >
      <Body1 className={styles.intro}>{t('invite.intro', { organization: organization.name })}</Body1>
      <Field
        label={t('invite.emailLabel')}
        hint={t('invite.emailHint', { domain: organization.domain })}
        required
        validationState={emailError ? 'error' : 'none'}
        validationMessage={emailError ? errorText(invite.error) : undefined}
      >
        <Input
          type="email"
          autoComplete="off"
          placeholder={`name@${organization.domain}`}
          value={email}
          onChange={(_e, data) => {
            setEmail(data.value);
            if (invite.isError) invite.reset();
          }}
        />
      </Field>
      <Field label={t('invite.roleLabel')} required>
        <Dropdown
          className={styles.dropdown}
          placeholder={t('invite.rolePlaceholder')}
          value={t(`common:roles.${role}`)}
          selectedOptions={[role]}
          onOptionSelect={(_e, data) => {
            if (data.optionValue) setRole(data.optionValue as PartnerRole);
          }}
        >
          {PARTNER_ROLES.map((r) => (
            <Option key={r} value={r} text={t(`common:roles.${r}`)} title={t(`common:roleDescriptions.${r}`)}>
              {t(`common:roles.${r}`)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {invite.isError && !emailError ? (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{errorText(invite.error)}</MessageBarBody>
        </MessageBar>
      ) : null}
    </FormDialog>
  );
}

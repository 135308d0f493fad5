import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { PersonAddRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTNER_ROLES } from '@csp-center/domain';
import type { ErrorCode, PartnerRole } from '@csp-center/domain';
import { api } from '../../api/client.ts';
import type { Organization } from '../../api/client.ts';
import { errorCode, useErrorText } from '../../components/ErrorMessage.tsx';
import { useNotify } from '../../components/notify.tsx';
import { INVITATIONS_QUERY_KEY } from './queries.ts';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
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

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (email.trim()) invite.mutate();
  };

  const emailError = invite.isError && EMAIL_ERRORS.includes(errorCode(invite.error));

  return (
    <Dialog
      open={open}
      onOpenChange={(_e, data) => {
        setOpen(data.open);
        if (data.open) reset();
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="primary" icon={<PersonAddRegular />}>
          {t('invite.button')}
        </Button>
      </DialogTrigger>
      <DialogSurface aria-describedby={undefined}>
        <form onSubmit={onSubmit} noValidate>
          <DialogBody>
            <DialogTitle>{t('invite.title')}</DialogTitle>
            <DialogContent className={styles.content}>
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
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button appearance="secondary">{t('common:actions.cancel')}</Button>
              </DialogTrigger>
              <Button type="submit" appearance="primary" disabled={invite.isPending || !email.trim()}>
                {invite.isPending ? <Spinner size="tiny" label={t('invite.submitting')} /> : t('invite.submit')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

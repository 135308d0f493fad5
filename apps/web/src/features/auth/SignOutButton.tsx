import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { SignOutRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';

const useStyles = makeStyles({
  onDark: {
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: 'rgba(255,255,255,0.12)' },
    ':hover:active': { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: 'rgba(255,255,255,0.2)' },
  },
});

/** Ends the session, forgets every cached response and returns to the sign-in page. */
export function SignOutButton() {
  const { t } = useTranslation();
  const styles = useStyles();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: api.auth.signOut,
    onSettled: () => {
      queryClient.clear();
      void navigate('/sign-in', { replace: true, state: { signedOut: true } });
    },
  });
  return (
    <Button appearance="transparent" className={styles.onDark} icon={<SignOutRegular />} onClick={() => signOut.mutate()} disabled={signOut.isPending}>
      {t('header.signOut')}
    </Button>
  );
}

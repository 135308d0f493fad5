import { MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import type { ErrorCode } from '@csp-center/domain';

const useStyles = makeStyles({
  requestId: { display: 'block', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** The catalogue code of any thrown value (network and unknown failures included). */
export function errorCode(error: unknown): ErrorCode {
  return isApiError(error) ? error.code : 'INTERNAL';
}

/** The localized message for a thrown value: `t('errors:' + code)`. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation(['common', 'errors']);
  return (error) => {
    if (isApiError(error) && error.status === 0) return t('networkError');
    return t(`errors:${errorCode(error)}`);
  };
}

/** An error bar for a failed request, in the user's language. */
export function ErrorMessage({ error }: { error: unknown }) {
  const text = useErrorText();
  const { t } = useTranslation();
  const styles = useStyles();
  if (!error) return null;
  const requestId = isApiError(error) ? error.requestId : undefined;
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        {text(error)}
        {requestId ? <span className={styles.requestId}>{t('requestId', { id: requestId })}</span> : null}
      </MessageBarBody>
    </MessageBar>
  );
}

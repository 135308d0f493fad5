import { Toast, ToastTitle, useToastController } from '@fluentui/react-components';
import type { ToastIntent } from '@fluentui/react-components';
import { useCallback } from 'react';
import { useErrorText } from './ErrorMessage.tsx';

/** The id of the app-wide Toaster rendered in App.tsx. */
export const TOASTER_ID = 'csp-center-toaster';

/** Shows a short confirmation or warning in the corner of the page. */
export function useNotify(): (text: string, intent?: ToastIntent) => void {
  const { dispatchToast } = useToastController(TOASTER_ID);
  return useCallback(
    (text: string, intent: ToastIntent = 'success') => {
      dispatchToast(
        <Toast>
          <ToastTitle>{text}</ToastTitle>
        </Toast>,
        { intent, timeout: 5000 },
      );
    },
    [dispatchToast],
  );
}

/** Shows a failed request's localized message as an error toast. */
export function useNotifyError(): (error: unknown) => void {
  const notify = useNotify();
  const errorText = useErrorText();
  return (error) => notify(errorText(error), 'error');
}

import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Spinner,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import type { ButtonProps } from '@fluentui/react-components';
import type { FormEvent, ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from './ErrorMessage.tsx';
import { useSharedStyles } from './styles.ts';

/** The secondary button that closes the surrounding dialog; "Cancel" unless told otherwise. */
export function DialogCancelButton({ children }: { children?: ReactNode }) {
  const { t } = useTranslation('common');
  return (
    <DialogTrigger disableButtonEnhancement>
      <Button appearance="secondary">{children ?? t('actions.cancel')}</Button>
    </DialogTrigger>
  );
}

/** A primary button that shows a tiny labelled spinner in place of its text while its work is pending. */
export function PendingButton({ pending, label, pendingLabel, type, ...rest }: Pick<ButtonProps, 'icon' | 'iconPosition' | 'size' | 'disabled' | 'style'> & {
  pending: boolean;
  label: ReactNode;
  pendingLabel: string;
  type?: 'submit';
  onClick?: () => void;
}) {
  return (
    <Button type={type ?? 'button'} appearance="primary" {...rest}>
      {pending ? <Spinner size="tiny" label={pendingLabel} /> : label}
    </Button>
  );
}

export interface FormDialogBodyProps {
  title: ReactNode;
  submitLabel: ReactNode;
  pendingLabel: string;
  pending: boolean;
  /** The form cannot be submitted yet (invalid or incomplete). */
  disabled?: boolean;
  onSubmit: () => void;
  /** A failure shown as an error bar under the fields. */
  error?: unknown;
  /** Paints the submit button red (a destructive action). */
  danger?: boolean;
  contentClassName?: string;
  children: ReactNode;
}

/** A dialog's form: title, fields, then Cancel and a submit button that spins while pending. */
export function FormDialogBody(p: FormDialogBodyProps) {
  const styles = useSharedStyles();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!p.disabled) p.onSubmit();
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogBody>
        <DialogTitle>{p.title}</DialogTitle>
        <DialogContent className={mergeClasses(styles.dialogContent, p.contentClassName)}>
          {p.children}
          {p.error ? <ErrorMessage error={p.error} /> : null}
        </DialogContent>
        <DialogActions>
          <DialogCancelButton />
          <PendingButton
            type="submit"
            pending={p.pending}
            disabled={p.pending || p.disabled}
            label={p.submitLabel}
            pendingLabel={p.pendingLabel}
            style={p.danger ? { backgroundColor: tokens.colorPaletteRedBackground3 } : undefined}
          />
        </DialogActions>
      </DialogBody>
    </form>
  );
}

export interface FormDialogProps extends FormDialogBodyProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The button that opens the dialog; omit when it is opened from outside. */
  trigger?: ReactElement;
  surfaceClassName?: string;
}

/** A modal form dialog (see FormDialogBody), optionally with its own trigger button. */
export function FormDialog({ open, onOpenChange, trigger, surfaceClassName, ...body }: FormDialogProps) {
  const surface = (
    <DialogSurface className={surfaceClassName} aria-describedby={undefined}>
      <FormDialogBody {...body} />
    </DialogSurface>
  );
  return trigger ? (
    <Dialog open={open} onOpenChange={(_e, d) => onOpenChange(d.open)}>
      <DialogTrigger disableButtonEnhancement>{trigger}</DialogTrigger>
      {surface}
    </Dialog>
  ) : (
    <Dialog open={open} onOpenChange={(_e, d) => onOpenChange(d.open)}>
      {surface}
    </Dialog>
  );
}

import { Field, Input } from '@fluentui/react-components';
import type { InputProps } from '@fluentui/react-components';
import type { FieldIssue } from '@csp-center/domain';
import { useTranslation } from 'react-i18next';
import { useLabels } from './labels.ts';

/** The localized text of a field issue: `profile:issues.<CODE>`, else the server's message. */
export function useIssueText(): (issue: FieldIssue | undefined) => string | undefined {
  const labels = useLabels();
  const { t } = useTranslation('profile');
  return (issue) => {
    if (!issue) return undefined;
    return labels.code(`profile:issues.${issue.code}`, issue.message || t('issues.INVALID'));
  };
}

export interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  issue?: FieldIssue | undefined;
  hint?: string;
  required?: boolean;
  disabled?: boolean;
  readOnly?: boolean;
  type?: InputProps['type'];
  autoComplete?: string;
  placeholder?: string;
  inputMode?: 'text' | 'numeric' | 'email' | 'tel' | 'url';
  maxLength?: number;
  className?: string;
  name?: string;
}

/** A labelled input whose issue (local or from the server) shows under it in the UI language. */
export function TextField(p: TextFieldProps) {
  const issueText = useIssueText();
  const message = issueText(p.issue);
  return (
    <Field
      label={p.label}
      hint={p.hint}
      required={p.required}
      className={p.className}
      validationState={message ? 'error' : 'none'}
      validationMessage={message}
    >
      <Input
        name={p.name}
        type={p.type}
        value={p.value}
        disabled={p.disabled}
        readOnly={p.readOnly}
        autoComplete={p.autoComplete}
        placeholder={p.placeholder}
        inputMode={p.inputMode}
        maxLength={p.maxLength}
        onChange={(_e, d) => p.onChange(d.value)}
        onBlur={p.onBlur}
      />
    </Field>
  );
}

import { Combobox, Field, Option } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '@csp-center/domain';
import { programCountries } from '../features/enrollment/form.ts';
import { useIssueText } from './FormField.tsx';
import { useLabels } from './labels.ts';

export interface CountryPickerProps {
  label: string;
  value: string;
  onChange: (iso2: string) => void;
  issue?: FieldIssue | undefined;
  hint?: string;
  required?: boolean;
  disabled?: boolean;
  /** Offer "all countries" (an empty value) first, for filters. */
  allLabel?: string;
  className?: string;
}

/**
 * A searchable country picker over the countries of the market policy in force, named in the UI
 * language (台灣, 德國 …) and sorted by that name. Typing filters by name or ISO code.
 */
export function CountryPicker(p: CountryPickerProps) {
  const labels = useLabels();
  const { t, i18n } = useTranslation('profile');
  const issueText = useIssueText();
  const options = useMemo(() => {
    const seen = new Set<string>();
    const list = programCountries()
      .filter((c) => (seen.has(c.iso2) ? false : (seen.add(c.iso2), true)))
      .map((c) => ({ iso2: c.iso2, label: labels.country(c.iso2) }));
    const collator = new Intl.Collator(i18n.language);
    return list.sort((a, b) => collator.compare(a.label, b.label));
  }, [labels, i18n.language]);
  const selectedLabel = p.value ? labels.country(p.value) : (p.allLabel ?? '');
  const [query, setQuery] = useState<string | null>(null);
  const shown = query === null ? selectedLabel : query;
  const q = (query ?? '').trim().toLowerCase();
  const filtered = q ? options.filter((o) => o.label.toLowerCase().includes(q) || o.iso2.toLowerCase() === q) : options;
  const message = issueText(p.issue);
  return (
    <Field label={p.label} hint={p.hint} required={p.required} className={p.className} validationState={message ? 'error' : 'none'} validationMessage={message}>
      <Combobox
        style={{ minWidth: 0 }}
        value={shown}
        disabled={p.disabled}
        placeholder={t('legal.countryPlaceholder')}
        selectedOptions={p.value ? [p.value] : p.allLabel ? [''] : []}
        onChange={(e) => setQuery(e.target.value)}
        onOpenChange={(_e, d) => {
          if (!d.open) setQuery(null);
        }}
        onOptionSelect={(_e, d) => {
          setQuery(null);
          if (d.optionValue !== undefined) p.onChange(d.optionValue);
        }}
      >
        {p.allLabel && !q ? (
          <Option value="" text={p.allLabel}>
            {p.allLabel}
          </Option>
        ) : null}
        {filtered.map((o) => (
          <Option key={o.iso2} value={o.iso2} text={o.label}>
            {o.label}
          </Option>
        ))}
        {filtered.length === 0 ? (
          <Option value="__none" text="" disabled>
            {t('legal.noCountryMatch')}
          </Option>
        ) : null}
      </Combobox>
    </Field>
  );
}

import { Dropdown, Option } from '@fluentui/react-components';
import { useSharedStyles } from './styles.ts';

/** A full-width dropdown choosing one of `codes`, each shown by its label; `''` is no choice yet. */
export function CodeDropdown({ codes, label, value, onChange, placeholder }: {
  codes: readonly string[];
  label: (code: string) => string;
  value: string;
  onChange: (code: string) => void;
  placeholder?: string;
}) {
  const styles = useSharedStyles();
  return (
    <Dropdown
      className={styles.dropdown}
      placeholder={placeholder}
      value={value ? label(value) : ''}
      selectedOptions={value ? [value] : []}
      onOptionSelect={(_e, d) => d.optionValue && onChange(d.optionValue)}
    >
      {codes.map((c) => (
        <Option key={c} value={c} text={label(c)}>
          {label(c)}
        </Option>
      ))}
    </Dropdown>
  );
}

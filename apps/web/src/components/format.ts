import { useTranslation } from 'react-i18next';

/** Formats RFC 3339 times in the UI language; `null` shows "Never". */
export function useFormatDateTime(): (iso: string | null | undefined, style?: 'date' | 'dateTime') => string {
  const { t, i18n } = useTranslation();
  return (iso, style = 'dateTime') => {
    if (!iso) return t('never');
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    return new Intl.DateTimeFormat(i18n.language, style === 'date' ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' }).format(d);
  };
}

import { Caption1, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  root: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, minWidth: 0 },
  logo: { flex: '0 0 auto', display: 'block' },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  name: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500, whiteSpace: 'nowrap' },
  subtitle: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  dark: { color: tokens.colorNeutralForegroundOnBrand },
  subtitleDark: { color: 'rgba(255,255,255,0.85)' },
  subtitleLight: { color: tokens.colorNeutralForeground3 },
});

/** The product logo and name, optionally with the program subtitle. */
export function BrandMark({ onDark = false, subtitle = false }: { onDark?: boolean; subtitle?: boolean }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <div className={mergeClasses(styles.root, onDark && styles.dark)}>
      <svg className={styles.logo} width="32" height="32" viewBox="0 0 32 32" aria-hidden focusable="false">
        <rect width="32" height="32" rx="6" fill={onDark ? '#ffffff' : '#0f6cbd'} />
        <path d="M9 20.5a5.5 5.5 0 0 1 1.2-10.9A7 7 0 0 1 23.6 12a4.5 4.5 0 0 1-.6 8.5z" fill={onDark ? '#0f6cbd' : '#ffffff'} />
      </svg>
      <div className={styles.text}>
        <Text className={styles.name}>{t('appName')}</Text>
        {subtitle ? <Caption1 className={mergeClasses(styles.subtitle, onDark ? styles.subtitleDark : styles.subtitleLight)}>{t('appSubtitle')}</Caption1> : null}
      </div>
    </div>
  );
}

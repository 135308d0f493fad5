import { Button, Menu, MenuItemRadio, MenuList, MenuPopover, MenuTrigger, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { LocalLanguageRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { LOCALES, isLocale } from '@csp-center/i18n';
import { useChangeLocale } from '../features/auth/use-locale.ts';
import { currentLocale } from '../i18n.ts';

const useStyles = makeStyles({
  onDark: {
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: 'rgba(255,255,255,0.12)' },
    ':hover:active': { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: 'rgba(255,255,255,0.2)' },
  },
});

/** A menu of the UI languages, each named in its own language. */
export function LanguageSwitcher({ onDark = false }: { onDark?: boolean }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const changeLocale = useChangeLocale();
  const locale = currentLocale();
  const name = t(`language.names.${locale}`);
  return (
    <Menu
      checkedValues={{ locale: [locale] }}
      onCheckedValueChange={(_e, data) => {
        // Picking the language already shown still counts: it becomes the explicit choice that
        // is sent with sign-in and saved on the user.
        const next = data.checkedItems[0];
        if (isLocale(next)) changeLocale(next);
      }}
    >
      <MenuTrigger disableButtonEnhancement>
        <Button
          appearance={onDark ? 'transparent' : 'subtle'}
          className={mergeClasses(onDark && styles.onDark)}
          icon={<LocalLanguageRegular />}
          aria-label={t('language.current', { language: name })}
          title={t('language.label')}
        >
          {name}
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {LOCALES.map((l) => (
            <MenuItemRadio key={l} name="locale" value={l} lang={l}>
              {t(`language.names.${l}`)}
            </MenuItemRadio>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

import { webLightTheme } from '@fluentui/react-components';
import type { Theme } from '@fluentui/react-components';
import type { Locale } from '@csp-center/i18n';

// Segoe UI first (Windows), then each platform's Traditional Chinese face so zh-TW text never
// falls back to a Simplified or Japanese CJK variant.
const CJK_TC_FONTS = "'Microsoft JhengHei UI', 'Microsoft JhengHei', 'PingFang TC', 'Noto Sans CJK TC', 'Noto Sans TC', 'Source Han Sans TC'";
const LATIN_FONTS = "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', 'Noto Sans', 'DejaVu Sans'";

/** The Fluent theme for a language: the web light theme with a font stack that suits it. */
export function themeFor(locale: Locale): Theme {
  const fontFamilyBase = locale === 'zh-TW' ? `${LATIN_FONTS.split(',')[0]}, ${CJK_TC_FONTS}, ${LATIN_FONTS}, sans-serif` : `${LATIN_FONTS}, ${CJK_TC_FONTS}, sans-serif`;
  return { ...webLightTheme, fontFamilyBase };
}

import { makeStyles, tokens } from '@fluentui/react-components';

/** Styles many pages and dialogs share. */
export const useSharedStyles = makeStyles({
  /** A page's sections, stacked. */
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  /** The card around a list page's table. */
  tableCard: { padding: '8px 12px 12px' },
  /** "Nothing here" under a list page's table header. */
  empty: { color: tokens.colorNeutralForeground3, padding: '24px 8px', textAlign: 'center' },
  /** "Nothing here" inside a card section. */
  emptyInline: { color: tokens.colorNeutralForeground3, padding: '12px 0' },
  /** The "Load more" row under a paged table. */
  more: { display: 'flex', justifyContent: 'center', paddingTop: tokens.spacingVerticalM },
  /** A dropdown filling its field. */
  dropdown: { minWidth: 0, width: '100%' },
  muted: { color: tokens.colorNeutralForeground3 },
  nowrap: { whiteSpace: 'nowrap' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  /** A dialog's fields, stacked. */
  dialogContent: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

import { Button, Spinner } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from './ErrorMessage.tsx';
import { useSharedStyles } from './styles.ts';

/** "Loading…" while a query is pending, and its error bar when it failed. */
export function QueryStatus({ query }: { query: { isPending: boolean; isError: boolean; error: unknown } }) {
  const { t } = useTranslation('common');
  return (
    <>
      {query.isPending ? <Spinner label={t('loading')} /> : null}
      {query.isError ? <ErrorMessage error={query.error} /> : null}
    </>
  );
}

export interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** The "Load more" button under a paged list, while there are more pages. */
export function LoadMore({ query, label }: { query: PagedQuery; label: string }) {
  const styles = useSharedStyles();
  if (!query.hasNextPage) return null;
  return (
    <div className={styles.more}>
      <Button onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
        {label}
      </Button>
    </div>
  );
}

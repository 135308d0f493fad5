import { Body1, Card } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { LoadMore, QueryStatus } from './QueryStatus.tsx';
import type { PagedQuery } from './QueryStatus.tsx';
import { useSharedStyles } from './styles.ts';

/**
 * The card of a list page: loading and error states, an "empty" line once loaded with no items,
 * the list itself while there are items, and "Load more" for a paged query.
 */
export function ListCard({ query, count, emptyText, loadMore, children }: {
  query: { isPending: boolean; isError: boolean; isSuccess: boolean; error: unknown };
  count: number;
  emptyText: string;
  /** The paged query and its button's label, when the list comes in pages. */
  loadMore?: { query: PagedQuery; label: string };
  children: ReactNode;
}) {
  const styles = useSharedStyles();
  return (
    <Card className={styles.tableCard}>
      <QueryStatus query={query} />
      {query.isSuccess && count === 0 ? <Body1 className={styles.empty}>{emptyText}</Body1> : null}
      {count > 0 ? children : null}
      {loadMore ? <LoadMore query={loadMore.query} label={loadMore.label} /> : null}
    </Card>
  );
}

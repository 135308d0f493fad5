import { Table, TableBody, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { ReactNode } from 'react';

export interface ListColumn {
  key: string;
  label: string;
  /** A fixed width (px or %); otherwise the column takes what is left. */
  width?: number | string;
  /** Shown to screen readers only (e.g. an actions column). */
  hiddenLabel?: boolean;
}

/** A labelled table: a header row from `columns`, then the caller's rows. */
export function ListTable({ label, columns, children }: { label: string; columns: ListColumn[]; children: ReactNode }) {
  return (
    <Table aria-label={label}>
      <TableHeader>
        <TableRow>
          {columns.map((c) => (
            <TableHeaderCell key={c.key} style={c.width === undefined ? undefined : { width: c.width }}>
              {c.hiddenLabel ? <span className="visually-hidden">{c.label}</span> : c.label}
            </TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>{children}</TableBody>
    </Table>
  );
}

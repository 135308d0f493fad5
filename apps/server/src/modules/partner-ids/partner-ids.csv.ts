import { PARTNER_ID_KINDS, PARTNER_ID_PATTERN, type PartnerIdKind } from '@csp-center/domain';
import { parse } from 'csv-parse/sync';
import { isKnownCountry } from '../markets/index.ts';

/** The registry file's columns (header row required, any order, case-insensitive). */
export const REGISTRY_CSV_COLUMNS = ['partnerId', 'legalName', 'country', 'kind', 'active'] as const;
type Column = (typeof REGISTRY_CSV_COLUMNS)[number];

export interface RegistryCsvRow {
  line: number;
  partnerId: string;
  legalName: string;
  country: string;
  kind: PartnerIdKind;
  active: boolean;
}

/** One problem of the file, by 1-based line number (the header is line 1). */
export interface RegistryCsvError {
  line: number;
  field?: Column;
  code: string;
  message: string;
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);
/** Longest legal name kept; the API applies the same limit. */
export const LEGAL_NAME_MAX = 300;

/** Checks one registry field the way both the CSV import and the JSON API need it. */
export function registryFieldIssue(field: Column, value: string): { code: string; message: string } | undefined {
  switch (field) {
    case 'partnerId':
      if (!value) return { code: 'REQUIRED', message: 'partnerId is empty' };
      return PARTNER_ID_PATTERN.test(value) ? undefined : { code: 'PARTNER_ID_FORMAT', message: `partnerId "${value.slice(0, 40)}" is not 1 to 10 digits` };
    case 'legalName':
      if (!value) return { code: 'REQUIRED', message: 'legalName is empty' };
      return value.length > LEGAL_NAME_MAX ? { code: 'TOO_LONG', message: `legalName is longer than ${LEGAL_NAME_MAX} characters` } : undefined;
    case 'country':
      return /^[A-Za-z]{2}$/.test(value) && isKnownCountry(value) ? undefined : { code: 'COUNTRY_UNKNOWN', message: `country "${value.slice(0, 40)}" is not a known two-letter country code` };
    case 'kind':
      return (PARTNER_ID_KINDS as readonly string[]).includes(value.toUpperCase()) ? undefined : { code: 'KIND_INVALID', message: `kind "${value.slice(0, 40)}" is not LOCATION or GLOBAL` };
    case 'active':
      return TRUE.has(value.toLowerCase()) || FALSE.has(value.toLowerCase()) ? undefined : { code: 'ACTIVE_INVALID', message: `active "${value.slice(0, 40)}" is not true or false` };
  }
}

/**
 * Parses a registry CSV (header `partnerId,legalName,country,kind,active`; `active` accepts
 * true/false, yes/no, 1/0). Returns every row or every problem, each with its line number, so
 * the import can be all-or-nothing and still tell the operator everything to fix at once.
 */
export function parseRegistryCsv(text: string): { rows: RegistryCsvRow[]; errors: RegistryCsvError[] } {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (e) {
    const err = e as { lines?: number; message?: string };
    return { rows: [], errors: [{ line: err.lines ?? 1, code: 'CSV_SYNTAX', message: String(err.message ?? e) }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [{ line: 1, code: 'HEADER_INVALID', message: `The file is empty; the first line must be ${REGISTRY_CSV_COLUMNS.join(',')}` }] };

  const errors: RegistryCsvError[] = [];
  const index = new Map<Column, number>();
  header.record.forEach((name, i) => {
    const column = REGISTRY_CSV_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
    if (!column) errors.push({ line: header.info.lines, code: 'HEADER_INVALID', message: `Unknown column "${name.slice(0, 40)}"` });
    else if (index.has(column)) errors.push({ line: header.info.lines, code: 'HEADER_INVALID', message: `Column ${column} appears twice` });
    else index.set(column, i);
  });
  const absent = REGISTRY_CSV_COLUMNS.filter((c) => !index.has(c));
  if (absent.length) errors.push({ line: header.info.lines, code: 'HEADER_INVALID', message: `Missing column(s): ${absent.join(', ')}` });
  if (errors.length) return { rows: [], errors };

  const rows: RegistryCsvRow[] = [];
  const firstLine = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    if (record.length !== header.record.length) {
      errors.push({ line, code: 'FIELD_COUNT', message: `Expected ${header.record.length} fields, found ${record.length}` });
      continue;
    }
    const value = (c: Column) => record[index.get(c)!] ?? '';
    let ok = true;
    for (const column of REGISTRY_CSV_COLUMNS) {
      const issue = registryFieldIssue(column, value(column));
      if (issue) {
        errors.push({ line, field: column, ...issue });
        ok = false;
      }
    }
    if (!ok) continue;
    const partnerId = value('partnerId');
    const seen = firstLine.get(partnerId);
    if (seen !== undefined) {
      errors.push({ line, field: 'partnerId', code: 'DUPLICATE_IN_FILE', message: `partnerId ${partnerId} already appears on line ${seen}` });
      continue;
    }
    firstLine.set(partnerId, line);
    rows.push({ line, partnerId, legalName: value('legalName'), country: value('country').toUpperCase(), kind: value('kind').toUpperCase() as PartnerIdKind, active: TRUE.has(value('active').toLowerCase()) });
  }
  return { rows, errors };
}

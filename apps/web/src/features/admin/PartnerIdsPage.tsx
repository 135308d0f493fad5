import {
  Badge,
  Body1,
  Button,
  Card,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  SearchBox,
  TableCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, ArrowUploadRegular, DocumentTableRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTNER_ID_KINDS, can } from '@csp-center/domain';
import { api, isApiError } from '../../api/client.ts';
import type { ImportLineError, ImportResult, RegistryEntry } from '../../api/client.ts';
import { CodeDropdown } from '../../components/CodeDropdown.tsx';
import { CountryPicker } from '../../components/CountryPicker.tsx';
import { ErrorMessage, useErrorText } from '../../components/ErrorMessage.tsx';
import { DialogCancelButton, FormDialog, PendingButton } from '../../components/FormDialog.tsx';
import { TextField } from '../../components/FormField.tsx';
import { ListCard } from '../../components/ListCard.tsx';
import { ListTable } from '../../components/ListTable.tsx';
import { useFormatDateTime } from '../../components/format.ts';
import { useLabels } from '../../components/labels.ts';
import { useNotify, useNotifyError } from '../../components/notify.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useSharedStyles } from '../../components/styles.ts';
import { useMe } from '../auth/use-me.ts';
import { partnerIdFormatOk } from '../enrollment/form.ts';
import { REGISTRY_KEY, useRegistry } from './queries.ts';

const useStyles = makeStyles({
  filters: { display: 'grid', gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr)', gap: tokens.spacingHorizontalL, padding: '16px 20px', alignItems: 'end' },
  errors: { margin: 0, paddingLeft: '20px', maxHeight: '240px', overflowY: 'auto' },
  hiddenInput: { display: 'none' },
  file: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

/** A debounced copy of a value, so typing in the search box does not fire a request per key. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** The line errors of an import: in the 200 answer, or in a 400's `details.errors`. */
export function importErrors(result: ImportResult | null, error: unknown): ImportLineError[] {
  if (result?.errors.length) return result.errors;
  if (isApiError(error) && Array.isArray(error.details?.errors)) return error.details.errors as ImportLineError[];
  return [];
}

function AddDialog() {
  const { t } = useTranslation(['registry', 'common']);
  const labels = useLabels();
  const notify = useNotify();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [partnerId, setPartnerId] = useState('');
  const [legalName, setLegalName] = useState('');
  const [country, setCountry] = useState('');
  const [kind, setKind] = useState('LOCATION');
  const [active, setActive] = useState(true);
  const add = useMutation({
    mutationFn: () => api.admin.addPartnerId({ partnerId: partnerId.trim(), legalName: legalName.trim(), country, kind, active }),
    onSuccess: (e) => {
      void queryClient.invalidateQueries({ queryKey: REGISTRY_KEY });
      notify(t('add.added', { partnerId: e.partnerId }));
      setOpen(false);
    },
  });
  const idIssue = partnerId && !partnerIdFormatOk(partnerId) ? { path: 'partnerId', code: 'FORMAT', message: t('add.partnerIdHint') } : isApiError(add.error) && add.error.code === 'PARTNER_ID_EXISTS' ? { path: 'partnerId', code: 'PARTNER_ID_EXISTS', message: errorText(add.error) } : undefined;
  const ok = partnerIdFormatOk(partnerId) && legalName.trim() && country;
  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setPartnerId('');
          setLegalName('');
          setCountry('');
          setKind('LOCATION');
          setActive(true);
          add.reset();
        }
      }}
      trigger={
        <Button appearance="primary" icon={<AddRegular />}>
          {t('add.button')}
        </Button>
      }
      title={t('add.title')}
      submitLabel={t('add.submit')}
      pendingLabel={t('add.submitting')}
      pending={add.isPending}
      disabled={!ok}
      onSubmit={() => add.mutate()}
      error={add.isError && !idIssue ? add.error : undefined}
    >
      <TextField label={t('add.partnerId')} hint={t('add.partnerIdHint')} required inputMode="numeric" value={partnerId} onChange={(v) => { setPartnerId(v); add.reset(); }} issue={idIssue} />
      <TextField label={t('add.legalName')} required value={legalName} onChange={setLegalName} />
      <CountryPicker label={t('add.country')} required value={country} onChange={setCountry} />
      <Field label={t('add.kind')} required>
        <CodeDropdown codes={PARTNER_ID_KINDS} label={(k) => labels.code(`registry:kinds.${k}`)} value={kind} onChange={setKind} />
      </Field>
      <Checkbox checked={active} onChange={(_e, d) => setActive(d.checked === true)} label={t('add.active')} />
    </FormDialog>
  );
}

function ImportDialog() {
  const { t } = useTranslation(['registry', 'common']);
  const styles = useStyles();
  const shared = useSharedStyles();
  const labels = useLabels();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const run = useMutation({
    mutationFn: (csv: string) => api.admin.importPartnerIds(csv),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: REGISTRY_KEY }),
  });
  const result = run.data ?? null;
  const errors = importErrors(result, run.error);
  const lines = file ? file.text.split(/\r?\n/).filter((l) => l.trim()).length : 0;
  return (
    <Dialog
      open={open}
      onOpenChange={(_e, d) => {
        setOpen(d.open);
        if (d.open) {
          setFile(null);
          run.reset();
        }
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button icon={<ArrowUploadRegular />}>{t('import.button')}</Button>
      </DialogTrigger>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>{t('import.title')}</DialogTitle>
          <DialogContent className={shared.dialogContent}>
            <Body1>{t('import.intro')}</Body1>
            <Field label={t('import.file')}>
              <div className={styles.file}>
                <input
                  ref={input}
                  type="file"
                  accept=".csv,text/csv"
                  className={styles.hiddenInput}
                  data-testid="csv-input"
                  onChange={(e) => {
                    const f = e.target.files?.[0];
                    e.target.value = '';
                    run.reset();
                    if (f) void f.text().then((text) => setFile({ name: f.name, text }));
                  }}
                />
                <Button icon={<DocumentTableRegular />} onClick={() => input.current?.click()}>
                  {t('import.choose')}
                </Button>
                {file ? <Text>{t('import.chosen', { name: file.name, lines })}</Text> : null}
              </div>
            </Field>
            {result && !errors.length ? (
              <MessageBar intent="success" layout="multiline" data-testid="import-result">
                <MessageBarBody>
                  <MessageBarTitle>{t('import.resultTitle')}</MessageBarTitle>
                  {t('import.created', { count: result.created })} · {t('import.updated', { count: result.updated })}
                  {typeof result.unchanged === 'number' ? ` · ${t('import.unchanged', { count: result.unchanged })}` : ''}
                </MessageBarBody>
              </MessageBar>
            ) : null}
            {errors.length ? (
              <MessageBar intent="error" layout="multiline" data-testid="import-errors">
                <MessageBarBody>
                  <MessageBarTitle>{t('import.errorsTitle')}</MessageBarTitle>
                  <ul className={styles.errors}>
                    {errors.map((e, i) => {
                      // The server's message is English; the code is worded here, with the offending value quoted back.
                      const value = /"([^"]*)"/.exec(e.message)?.[1];
                      return (
                        <li key={i}>
                          <Text weight="semibold">{t('import.line', { line: e.line })}</Text>
                          {e.field ? ` · ${e.field}` : ''}: {e.code ? labels.code(`registry:import.codes.${e.code}`, e.message) : e.message}
                          {e.code && value !== undefined ? ` ${t('import.value', { value: `"${value}"` })}` : ''}
                        </li>
                      );
                    })}
                  </ul>
                </MessageBarBody>
              </MessageBar>
            ) : run.isError ? (
              <ErrorMessage error={run.error} />
            ) : null}
          </DialogContent>
          <DialogActions>
            <DialogCancelButton>{result ? t('import.done') : undefined}</DialogCancelButton>
            <PendingButton
              disabled={!file || run.isPending}
              onClick={() => file && run.mutate(file.text)}
              pending={run.isPending}
              label={t('import.submit')}
              pendingLabel={t('import.submitting')}
            />
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function ActiveToggle({ entry }: { entry: RegistryEntry }) {
  const { t } = useTranslation('registry');
  const notify = useNotify();
  const notifyError = useNotifyError();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: () => api.admin.updatePartnerId(entry.partnerId, { active: !entry.active }),
    onSuccess: (e) => {
      void queryClient.invalidateQueries({ queryKey: REGISTRY_KEY });
      notify(t(e.active ? 'activated' : 'deactivated', { partnerId: e.partnerId }));
    },
    onError: notifyError,
  });
  return (
    <Button size="small" disabled={toggle.isPending} onClick={() => toggle.mutate()} aria-label={`${entry.active ? t('deactivate') : t('activate')} ${entry.partnerId}`}>
      {entry.active ? t('deactivate') : t('activate')}
    </Button>
  );
}

/** /admin/partner-ids — the partner-ID registry: search, add, activate/deactivate, CSV import. */
export function PartnerIdsPage() {
  const { t } = useTranslation(['registry', 'common']);
  const styles = useStyles();
  const shared = useSharedStyles();
  const labels = useLabels();
  const format = useFormatDateTime();
  const { data: me } = useMe();
  const [q, setQ] = useState('');
  const [country, setCountry] = useState('');
  const search = useDebounced(q.trim(), 300);
  const registry = useRegistry({ ...(search ? { q: search } : {}), ...(country ? { country } : {}) });
  const manage = me ? can(me, 'registry.manage') : false;
  const items = registry.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className={shared.stack}>
      <PageHeader
        title={t('title')}
        intro={t('intro')}
        actions={manage ? (<><ImportDialog /><AddDialog /></>) : undefined}
      />
      <Card className={styles.filters} role="search">
        <Field label={t('search')}>
          <SearchBox value={q} placeholder={t('searchPlaceholder')} onChange={(_e, d) => setQ(d.value)} />
        </Field>
        <CountryPicker label={t('country')} value={country} allLabel={t('countryAll')} onChange={setCountry} />
      </Card>
      <ListCard query={registry} count={items.length} emptyText={search || country ? t('empty') : t('emptyAll')} loadMore={{ query: registry, label: t('loadMore') }}>
        <ListTable
          label={t('tableLabel')}
          columns={[
            { key: 'partnerId', label: t('columns.partnerId') },
            { key: 'legalName', label: t('columns.legalName') },
            { key: 'country', label: t('columns.country') },
            { key: 'kind', label: t('columns.kind') },
            { key: 'status', label: t('columns.status') },
            { key: 'associated', label: t('columns.associated') },
            ...(manage ? [{ key: 'actions', label: t('columns.actions') }] : []),
          ]}
        >
          {items.map((e) => (
            <TableRow key={e.partnerId}>
              <TableCell className={shared.mono}>{e.partnerId}</TableCell>
              <TableCell>{e.legalName}</TableCell>
              <TableCell>{labels.country(e.country)}</TableCell>
              <TableCell>{labels.code(`registry:kinds.${e.kind}`)}</TableCell>
              <TableCell>
                <Badge appearance="tint" color={e.active ? 'success' : 'subtle'}>
                  {e.active ? t('active') : t('inactive')}
                </Badge>
              </TableCell>
              <TableCell>
                {e.associatedOrganizationId ? (
                  <span title={e.associatedOrganizationId}>{t('associatedSince', { date: format(e.associatedAt, 'date') })}</span>
                ) : (
                  <span className={shared.muted}>{t('notAssociated')}</span>
                )}
              </TableCell>
              {manage ? (
                <TableCell>
                  <ActiveToggle entry={e} />
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </ListTable>
      </ListCard>
    </div>
  );
}

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
  Dropdown,
  Field,
  Input,
  Option,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DocumentAddRegular } from '@fluentui/react-icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES } from '@csp-center/i18n';
import { api, isApiError } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { TextField } from '../../components/FormField.tsx';
import { useFormatDateTime } from '../../components/format.ts';
import { useLabels } from '../../components/labels.ts';
import { useNotify } from '../../components/notify.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentLocale } from '../../i18n.ts';
import { TEMPLATES_KEY } from './queries.ts';

const TYPES = ['INDIRECT_RESELLER_TERMS', 'DIRECT_BILL_TERMS'] as const;
const VERSION = /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/;

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  card: { padding: '8px 12px 12px' },
  empty: { color: tokens.colorNeutralForeground3, padding: '24px 8px', textAlign: 'center' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  surface: { maxWidth: '760px', width: '100%' },
  row: { display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: tokens.spacingHorizontalM },
  dropdown: { minWidth: 0, width: '100%' },
  hash: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  body: { fontFamily: tokens.fontFamilyMonospace },
});

/** Today as YYYY-MM-DD in the browser's time zone, the effective-date default. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function PublishDialog() {
  const { t } = useTranslation(['agreements', 'common', 'errors']);
  const styles = useStyles();
  const labels = useLabels();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [type, setType] = useState<string>('INDIRECT_RESELLER_TERMS');
  const [version, setVersion] = useState('');
  const [locale, setLocale] = useState<string>(currentLocale());
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [effective, setEffective] = useState(today());
  const [reaccept, setReaccept] = useState(false);
  const publish = useMutation({
    mutationFn: () =>
      api.admin.publishTemplate({ type, version: version.trim(), locale, title: title.trim(), body, effectiveAt: new Date(`${effective}T00:00:00`).toISOString(), requiresReacceptance: reaccept }),
    onSuccess: (tpl) => {
      void queryClient.invalidateQueries({ queryKey: TEMPLATES_KEY });
      void queryClient.invalidateQueries({ queryKey: ['agreement-template'] });
      notify(t('admin.dialog.published', { version: tpl.version, locale: tpl.locale }));
      setOpen(false);
    },
  });
  const versionBad = version.trim() !== '' && !VERSION.test(version.trim());
  const exists = isApiError(publish.error) && publish.error.code === 'AGREEMENT_TEMPLATE_EXISTS';
  const ok = VERSION.test(version.trim()) && title.trim() && body.trim() && effective;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (ok) publish.mutate();
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(_e, d) => {
        setOpen(d.open);
        if (d.open) publish.reset();
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="primary" icon={<DocumentAddRegular />}>
          {t('admin.publish')}
        </Button>
      </DialogTrigger>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <form onSubmit={onSubmit} noValidate>
          <DialogBody>
            <DialogTitle>{t('admin.dialog.title')}</DialogTitle>
            <DialogContent className={styles.content}>
              <div className={styles.row}>
                <Field label={t('admin.dialog.type')} required>
                  <Dropdown className={styles.dropdown} value={labels.code(`agreements:types.${type}`)} selectedOptions={[type]} onOptionSelect={(_e, d) => d.optionValue && setType(d.optionValue)}>
                    {TYPES.map((x) => (
                      <Option key={x} value={x} text={labels.code(`agreements:types.${x}`)}>
                        {labels.code(`agreements:types.${x}`)}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
                <TextField
                  label={t('admin.dialog.version')}
                  hint={t('admin.dialog.versionHint')}
                  required
                  value={version}
                  onChange={(v) => { setVersion(v); publish.reset(); }}
                  issue={versionBad ? { path: 'version', code: 'INVALID', message: '' } : exists ? { path: 'version', code: 'AGREEMENT_TEMPLATE_EXISTS', message: t('errors:AGREEMENT_TEMPLATE_EXISTS') } : undefined}
                />
                <Field label={t('admin.dialog.locale')} required>
                  <Dropdown className={styles.dropdown} value={labels.code(`common:language.names.${locale}`, locale)} selectedOptions={[locale]} onOptionSelect={(_e, d) => d.optionValue && setLocale(d.optionValue)}>
                    {LOCALES.map((l) => (
                      <Option key={l} value={l} text={labels.code(`common:language.names.${l}`, l)}>
                        {labels.code(`common:language.names.${l}`, l)}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
              </div>
              <TextField label={t('admin.dialog.titleField')} required value={title} onChange={setTitle} />
              <Field label={t('admin.dialog.body')} hint={t('admin.dialog.bodyHint')} required>
                <Textarea className={styles.body} value={body} onChange={(_e, d) => setBody(d.value)} rows={12} resize="vertical" />
              </Field>
              <Field label={t('admin.dialog.effectiveAt')} required>
                <Input type="date" value={effective} onChange={(_e, d) => setEffective(d.value)} />
              </Field>
              <Checkbox checked={reaccept} onChange={(_e, d) => setReaccept(d.checked === true)} label={t('admin.dialog.requiresReacceptance')} />
              {publish.isError && !exists ? <ErrorMessage error={publish.error} /> : null}
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button appearance="secondary">{t('common:actions.cancel')}</Button>
              </DialogTrigger>
              <Button type="submit" appearance="primary" disabled={!ok || publish.isPending}>
                {publish.isPending ? <Spinner size="tiny" label={t('admin.dialog.submitting')} /> : t('admin.dialog.submit')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** /admin/agreements — every published agreement version, and publishing a new one. */
export function AgreementTemplatesPage() {
  const { t } = useTranslation(['agreements', 'common']);
  const styles = useStyles();
  const labels = useLabels();
  const format = useFormatDateTime();
  const templates = useQuery({ queryKey: TEMPLATES_KEY, queryFn: () => api.admin.templates() });
  const items = templates.data?.items ?? [];
  return (
    <div className={styles.stack}>
      <PageHeader title={t('admin.title')} intro={t('admin.intro')} actions={<PublishDialog />} />
      <Card className={styles.card}>
        {templates.isPending ? <Spinner label={t('common:loading')} /> : null}
        {templates.isError ? <ErrorMessage error={templates.error} /> : null}
        {templates.isSuccess && items.length === 0 ? <Body1 className={styles.empty}>{t('admin.empty')}</Body1> : null}
        {items.length > 0 ? (
          <Table aria-label={t('admin.tableLabel')}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('admin.columns.type')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.columns.version')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.columns.locale')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.columns.title')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.columns.effective')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.columns.reacceptance')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.columns.sha256')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((x) => (
                <TableRow key={x.id}>
                  <TableCell>{labels.code(`agreements:types.${x.type}`)}</TableCell>
                  <TableCell>
                    {x.version}{' '}
                    {x.current ? (
                      <Badge appearance="tint" color="success" size="small">
                        {t('admin.current')}
                      </Badge>
                    ) : null}
                  </TableCell>
                  <TableCell>{labels.code(`common:language.names.${x.locale}`, x.locale)}</TableCell>
                  <TableCell>{x.title}</TableCell>
                  <TableCell>{format(x.effectiveAt, 'date')}</TableCell>
                  <TableCell>{x.requiresReacceptance ? t('admin.requiresReacceptance') : t('admin.noReacceptance')}</TableCell>
                  <TableCell>
                    <span className={styles.hash} title={x.contentSha256}>
                      {x.contentSha256.slice(0, 12)}…
                    </span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </Card>
    </div>
  );
}

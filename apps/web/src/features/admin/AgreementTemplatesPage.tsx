import {
  Badge,
  Button,
  Checkbox,
  Field,
  Input,
  TableCell,
  TableRow,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DocumentAddRegular } from '@fluentui/react-icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES } from '@csp-center/i18n';
import { api, isApiError } from '../../api/client.ts';
import { CodeDropdown } from '../../components/CodeDropdown.tsx';
import { FormDialog } from '../../components/FormDialog.tsx';
import { TextField } from '../../components/FormField.tsx';
import { ListCard } from '../../components/ListCard.tsx';
import { ListTable } from '../../components/ListTable.tsx';
import { useFormatDateTime } from '../../components/format.ts';
import { useLabels } from '../../components/labels.ts';
import { useNotify } from '../../components/notify.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useSharedStyles } from '../../components/styles.ts';
import { currentLocale } from '../../i18n.ts';
import { TEMPLATES_KEY } from './queries.ts';

const TYPES = ['INDIRECT_RESELLER_TERMS', 'DIRECT_BILL_TERMS'] as const;
const VERSION = /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/;

const useStyles = makeStyles({
  content: { gap: tokens.spacingVerticalM },
  surface: { maxWidth: '760px', width: '100%' },
  row: { display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: tokens.spacingHorizontalM },
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
  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) publish.reset();
      }}
      trigger={
        <Button appearance="primary" icon={<DocumentAddRegular />}>
          {t('admin.publish')}
        </Button>
      }
      surfaceClassName={styles.surface}
      contentClassName={styles.content}
      title={t('admin.dialog.title')}
      submitLabel={t('admin.dialog.submit')}
      pendingLabel={t('admin.dialog.submitting')}
      pending={publish.isPending}
      disabled={!ok}
      onSubmit={() => publish.mutate()}
      error={publish.isError && !exists ? publish.error : undefined}
    >
      <div className={styles.row}>
        <Field label={t('admin.dialog.type')} required>
          <CodeDropdown codes={TYPES} label={(x) => labels.code(`agreements:types.${x}`)} value={type} onChange={setType} />
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
          <CodeDropdown codes={LOCALES} label={(l) => labels.code(`common:language.names.${l}`, l)} value={locale} onChange={setLocale} />
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
    </FormDialog>
  );
}

/** /admin/agreements — every published agreement version, and publishing a new one. */
export function AgreementTemplatesPage() {
  const { t } = useTranslation(['agreements', 'common']);
  const styles = useStyles();
  const shared = useSharedStyles();
  const labels = useLabels();
  const format = useFormatDateTime();
  const templates = useQuery({ queryKey: TEMPLATES_KEY, queryFn: () => api.admin.templates() });
  const items = templates.data?.items ?? [];
  return (
    <div className={shared.stack}>
      <PageHeader title={t('admin.title')} intro={t('admin.intro')} actions={<PublishDialog />} />
      <ListCard query={templates} count={items.length} emptyText={t('admin.empty')}>
        <ListTable
          label={t('admin.tableLabel')}
          columns={[
            { key: 'type', label: t('admin.columns.type') },
            { key: 'version', label: t('admin.columns.version') },
            { key: 'locale', label: t('admin.columns.locale') },
            { key: 'title', label: t('admin.columns.title') },
            { key: 'effective', label: t('admin.columns.effective') },
            { key: 'reacceptance', label: t('admin.columns.reacceptance') },
            { key: 'sha256', label: t('admin.columns.sha256') },
          ]}
        >
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
        </ListTable>
      </ListCard>
    </div>
  );
}

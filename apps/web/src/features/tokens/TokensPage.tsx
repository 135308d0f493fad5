import {
  Button,
  Card,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  TableCell,
  TableCellLayout,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, CheckmarkRegular, CopyRegular, DeleteRegular, KeyRegular } from '@fluentui/react-icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { ApiToken, CreatedApiToken } from '../../api/client.ts';
import { useErrorText } from '../../components/ErrorMessage.tsx';
import { DialogCancelButton, FormDialogBody } from '../../components/FormDialog.tsx';
import { ListTable } from '../../components/ListTable.tsx';
import { useFormatDateTime } from '../../components/format.ts';
import { useNotify } from '../../components/notify.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryStatus } from '../../components/QueryStatus.tsx';
import { useSharedStyles } from '../../components/styles.ts';

const TOKENS_QUERY_KEY = ['me', 'api-tokens'] as const;

const useStyles = makeStyles({
  card: { padding: '20px 24px' },
  tokenRow: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  tokenInput: { flex: '1 1 auto', fontFamily: tokens.fontFamilyMonospace },
});

async function copyText(text: string, fallbackInput: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (e.g. insecure origin): select the text for a manual copy.
    fallbackInput?.select();
    return document.execCommand?.('copy') ?? false;
  }
}

function CreateTokenDialog() {
  const { t } = useTranslation(['tokens', 'common']);
  const styles = useStyles();
  const shared = useSharedStyles();
  const errorText = useErrorText();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [copied, setCopied] = useState(false);
  const [tokenInput, setTokenInput] = useState<HTMLInputElement | null>(null);
  const create = useMutation({
    mutationFn: () => api.tokens.create(name.trim()),
    onSuccess: (token) => {
      setCreated(token);
      void queryClient.invalidateQueries({ queryKey: TOKENS_QUERY_KEY });
    },
  });

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) {
      setName('');
      setCreated(null);
      setCopied(false);
      create.reset();
    } else {
      // The secret must not linger in memory once the dialog is closed.
      setCreated(null);
    }
  };

  const onCopy = async () => {
    if (!created) return;
    if (await copyText(created.token, tokenInput)) {
      setCopied(true);
      notify(t('create.copied'));
    }
  };

  return (
    <Dialog open={open} onOpenChange={(_e, data) => onOpenChange(data.open)} modalType={created ? 'alert' : 'modal'}>
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="primary" icon={<AddRegular />}>
          {t('create.button')}
        </Button>
      </DialogTrigger>
      <DialogSurface aria-describedby={undefined}>
        {created ? (
          <DialogBody>
            <DialogTitle>{t('create.createdTitle')}</DialogTitle>
            <DialogContent className={shared.dialogContent}>
              <MessageBar intent="warning">
                <MessageBarBody>{t('create.warning')}</MessageBarBody>
              </MessageBar>
              <Field label={t('create.tokenLabel')}>
                <div className={styles.tokenRow}>
                  <Input
                    className={styles.tokenInput}
                    readOnly
                    value={created.token}
                    input={{ ref: setTokenInput, onFocus: (e) => e.currentTarget.select() }}
                  />
                  <Button icon={copied ? <CheckmarkRegular /> : <CopyRegular />} onClick={() => void onCopy()} aria-label={t('create.copy')}>
                    {copied ? t('common:actions.copied') : t('common:actions.copy')}
                  </Button>
                </div>
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={() => onOpenChange(false)}>
                {t('create.done')}
              </Button>
            </DialogActions>
          </DialogBody>
        ) : (
          <FormDialogBody
            title={t('create.title')}
            submitLabel={t('create.submit')}
            pendingLabel={t('create.submitting')}
            pending={create.isPending}
            disabled={!name.trim()}
            onSubmit={() => create.mutate()}
          >
            <Field
              label={t('create.nameLabel')}
              hint={t('create.nameHint')}
              required
              validationState={create.isError ? 'error' : 'none'}
              validationMessage={create.isError ? errorText(create.error) : undefined}
            >
              <Input value={name} maxLength={100} onChange={(_e, data) => setName(data.value)} />
            </Field>
          </FormDialogBody>
        )}
      </DialogSurface>
    </Dialog>
  );
}

function RevokeTokenButton({ token }: { token: ApiToken }) {
  const { t } = useTranslation(['tokens', 'common']);
  const errorText = useErrorText();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const revoke = useMutation({
    mutationFn: () => api.tokens.revoke(token.id),
    onSuccess: () => {
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: TOKENS_QUERY_KEY });
      notify(t('revoke.revoked', { name: token.name }));
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(_e, data) => {
        setOpen(data.open);
        revoke.reset();
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button size="small" appearance="subtle" icon={<DeleteRegular />} aria-label={t('revoke.button', { name: token.name })}>
          {t('common:actions.revoke')}
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('revoke.title')}</DialogTitle>
          <DialogContent>
            <Text block>{t('revoke.body', { name: token.name })}</Text>
            {revoke.isError ? (
              <MessageBar intent="error" role="alert" style={{ marginTop: 12 }}>
                <MessageBarBody>{errorText(revoke.error)}</MessageBarBody>
              </MessageBar>
            ) : null}
          </DialogContent>
          <DialogActions>
            <DialogCancelButton />
            <Button appearance="primary" onClick={() => revoke.mutate()} disabled={revoke.isPending}>
              {t('revoke.confirm')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** The signed-in user's personal API tokens: list, create (secret shown once) and revoke. */
export function TokensPage() {
  const { t } = useTranslation(['tokens', 'common']);
  const styles = useStyles();
  const shared = useSharedStyles();
  const format = useFormatDateTime();
  const list = useQuery({ queryKey: TOKENS_QUERY_KEY, queryFn: api.tokens.list });
  return (
    <>
      <PageHeader title={t('title')} intro={t('intro')} actions={<CreateTokenDialog />} />
      <Card className={styles.card}>
        <QueryStatus query={list} />
        {list.data && list.data.items.length === 0 ? <Text className={shared.emptyInline}>{t('empty')}</Text> : null}
        {list.data && list.data.items.length > 0 ? (
          <ListTable
            label={t('tableLabel')}
            columns={[
              { key: 'name', label: t('columns.name') },
              { key: 'created', label: t('columns.created'), width: 200 },
              { key: 'lastUsed', label: t('columns.lastUsed'), width: 200 },
              { key: 'revoke', label: t('common:actions.revoke'), width: 130, hiddenLabel: true },
            ]}
          >
            {list.data.items.map((token) => (
              <TableRow key={token.id}>
                <TableCell>
                  <TableCellLayout truncate media={<KeyRegular />}>
                    {token.name}
                  </TableCellLayout>
                </TableCell>
                <TableCell className={shared.nowrap}>{format(token.createdAt)}</TableCell>
                <TableCell className={shared.nowrap}>{format(token.lastUsedAt)}</TableCell>
                <TableCell>
                  <RevokeTokenButton token={token} />
                </TableCell>
              </TableRow>
            ))}
          </ListTable>
        ) : null}
      </Card>
    </>
  );
}

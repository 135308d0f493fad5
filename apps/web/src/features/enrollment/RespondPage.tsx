import { Body1, Button, Caption1, Card, Field, Link, Spinner, Subtitle2, Text, Textarea, Title1, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowLeftRegular, AttachRegular, CheckmarkCircleFilled, DismissRegular, DocumentRegular, SendRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { can } from '@csp-center/domain';
import { api, documentUrl } from '../../api/client.ts';
import type { DocumentRef, InformationRequest, ResponseReceipt, VerificationResponseRecord } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PendingButton } from '../../components/FormDialog.tsx';
import { useFormatDateTime } from '../../components/format.ts';
import { formatBytes, useLabels } from '../../components/labels.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useMe } from '../auth/use-me.ts';
import { MAX_DOCUMENTS, fileProblems } from './form.ts';
import { EventList } from './Timeline.tsx';
import { ENROLLMENTS_KEY, VERIFICATION_KEY, usePartnerVerification } from './queries.ts';
import { InfoBar } from './ui.tsx';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(260px, 2fr)', gap: tokens.spacingHorizontalXL, alignItems: 'start', '@media (max-width: 1000px)': { gridTemplateColumns: '1fr' } },
  card: { padding: '20px 24px', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: 0 },
  head: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  items: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { padding: '10px 12px', borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground3, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  muted: { color: tokens.colorNeutralForeground3 },
  files: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  file: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, padding: '4px 8px', borderRadius: tokens.borderRadiusMedium, border: `1px solid ${tokens.colorNeutralStroke2}` },
  fileName: { flex: '1 1 auto', minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  hiddenInput: { display: 'none' },
  receipt: { padding: '28px', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, alignItems: 'flex-start', borderTop: `4px solid ${tokens.colorPaletteGreenBorder2}` },
  receiptIcon: { fontSize: '40px', color: tokens.colorPaletteGreenForeground1 },
  receiptId: {
    fontFamily: tokens.fontFamilyMonospace,
    padding: '8px 16px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    border: `1px dashed ${tokens.colorNeutralStroke1}`,
    overflowWrap: 'anywhere',
    margin: 0,
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, justifyContent: 'space-between', flexWrap: 'wrap' },
});

export function RequestItems({ request }: { request: InformationRequest }) {
  const styles = useStyles();
  const labels = useLabels();
  return (
    <ul className={styles.items}>
      {request.items.map((item, i) => (
        <li key={i} className={styles.item}>
          <Text weight="semibold">{labels.code(`verification:kinds.${item.kind}`)}</Text>
          <Body1 style={{ whiteSpace: 'pre-wrap' }}>{item.message}</Body1>
        </li>
      ))}
    </ul>
  );
}

export function DocumentLinks({ documents }: { documents: DocumentRef[] }) {
  const { t, i18n } = useTranslation('verification');
  const styles = useStyles();
  return (
    <ul className={styles.files}>
      {documents.map((d) => (
        <li key={d.id} className={styles.file}>
          <DocumentRegular aria-hidden />
          <Link className={styles.fileName} href={documentUrl(d.id)} target="_blank" rel="noopener" download={d.filename} aria-label={t('case.download', { name: d.filename })}>
            {d.filename}
          </Link>
          <Caption1 className={styles.muted}>{formatBytes(d.sizeBytes, i18n.language)}</Caption1>
        </li>
      ))}
    </ul>
  );
}

function Receipt({ receipt }: { receipt: ResponseReceipt }) {
  const { t } = useTranslation('verification');
  const styles = useStyles();
  const navigate = useNavigate();
  return (
    <Card className={styles.receipt} role="status" data-testid="receipt">
      <CheckmarkCircleFilled className={styles.receiptIcon} aria-hidden />
      <Subtitle2 as="h2" className={styles.heading}>
        {t('respond.receiptTitle')}
      </Subtitle2>
      <Caption1 className={styles.muted}>{t('respond.receiptLabel')}</Caption1>
      <Title1 as="p" className={styles.receiptId} data-testid="receipt-id">
        {receipt.receiptId}
      </Title1>
      <Body1>{t('respond.receiptBody')}</Body1>
      {receipt.documents.length > 0 ? (
        <>
          <Text weight="semibold">{t('respond.documentsReceived')}</Text>
          <DocumentLinks documents={receipt.documents} />
        </>
      ) : null}
      <Button appearance="primary" icon={<ArrowLeftRegular />} onClick={() => void navigate('/enrollment')}>
        {t('respond.backToStatus')}
      </Button>
    </Card>
  );
}

/** Earlier requests and the partner's responses, oldest first. */
function History({ requests, responses }: { requests: InformationRequest[]; responses: VerificationResponseRecord[] }) {
  const { t } = useTranslation('verification');
  const labels = useLabels();
  const format = useFormatDateTime();
  const items = [
    ...requests.map((r) => ({ key: `q-${r.id}`, at: r.createdAt, title: t('respond.requestedOn', { date: format(r.createdAt, 'date') }), note: r.items.map((i) => `${labels.code(`verification:kinds.${i.kind}`)}: ${i.message}`).join('\n') })),
    ...responses.map((r) => ({ key: `r-${r.receiptId}`, at: r.createdAt, title: t('respond.receipt', { id: r.receiptId }), note: [r.message, ...r.documents.map((d) => `📎 ${d.filename}`)].join('\n') })),
  ].sort((a, b) => (a.at < b.at ? -1 : 1));
  return <EventList items={items} empty="—" />;
}

/** /enrollment/respond — answer an information request with a message and documents; shows the receipt. */
export function RespondPage() {
  const { t, i18n } = useTranslation(['verification', 'common', 'errors', 'profile']);
  const styles = useStyles();
  const navigate = useNavigate();
  const format = useFormatDateTime();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const verification = usePartnerVerification(Boolean(me?.organization));
  const [message, setMessage] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [attempted, setAttempted] = useState(false);
  const [receipt, setReceipt] = useState<ResponseReceipt | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const respond = useMutation({
    mutationFn: () => api.verification.respond(message.trim(), files),
    onSuccess: (r) => {
      setReceipt(r);
      void queryClient.invalidateQueries({ queryKey: VERIFICATION_KEY });
      void queryClient.invalidateQueries({ queryKey: ENROLLMENTS_KEY });
    },
  });

  const header = <PageHeader title={t('respond.title')} intro={t('respond.intro')} />;
  if (!me) return null;
  if (receipt) return (<>{header}<Receipt receipt={receipt} /></>);
  if (verification.isPending) return (<>{header}<Spinner label={t('common:loading')} /></>);
  if (verification.isError) return (<>{header}<ErrorMessage error={verification.error} /></>);
  const v = verification.data;
  const open = v?.openRequest ?? null;
  const problems = fileProblems(files);
  const canRespond = can(me, 'verification.respond');

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    if (!message.trim() || problems.length > 0) return;
    respond.mutate();
  };

  return (
    <>
      {header}
      <div className={styles.grid}>
        <div>
          {!open ? (
            <Card className={styles.card}>
              <InfoBar>{t('respond.noRequest')}</InfoBar>
              <div>
                <Button icon={<ArrowLeftRegular />} onClick={() => void navigate('/enrollment')}>
                  {t('respond.backToStatus')}
                </Button>
              </div>
            </Card>
          ) : (
            <Card className={styles.card}>
              <div className={styles.head}>
                <Subtitle2 as="h2" className={styles.heading}>
                  {t('respond.itemsTitle')}
                </Subtitle2>
                <Caption1 className={styles.muted}>{t('respond.requestedOn', { date: format(open.createdAt) })}</Caption1>
              </div>
              <RequestItems request={open} />
              {!canRespond ? <InfoBar>{t('errors:FORBIDDEN')}</InfoBar> : null}
              <form onSubmit={onSubmit} noValidate style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
                <Field
                  label={t('respond.message')}
                  hint={t('respond.messageHint')}
                  required
                  validationState={attempted && !message.trim() ? 'error' : 'none'}
                  validationMessage={attempted && !message.trim() ? t('profile:issues.REQUIRED') : undefined}
                >
                  <Textarea value={message} onChange={(_e, d) => setMessage(d.value)} rows={5} resize="vertical" disabled={!canRespond} />
                </Field>
                <Field
                  label={t('respond.documents')}
                  hint={t('respond.documentsHint')}
                  validationState={problems.length ? 'error' : 'none'}
                  validationMessage={problems.length ? problems.map((p) => t(`respond.${p.key}`, { name: p.name })).join(' ') : undefined}
                >
                  <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
                    <input
                      ref={input}
                      className={styles.hiddenInput}
                      type="file"
                      multiple
                      accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
                      data-testid="documents-input"
                      onChange={(e) => {
                        const chosen = Array.from(e.target.files ?? []);
                        setFiles((prev) => [...prev, ...chosen]);
                        e.target.value = '';
                      }}
                    />
                    <div>
                      <Button icon={<AttachRegular />} onClick={() => input.current?.click()} disabled={!canRespond || files.length >= MAX_DOCUMENTS}>
                        {t('respond.choose')}
                      </Button>
                    </div>
                    {files.length === 0 ? (
                      <Caption1 className={styles.muted}>{t('respond.noFiles')}</Caption1>
                    ) : (
                      <ul className={styles.files}>
                        {files.map((f, i) => (
                          <li key={`${f.name}-${i}`} className={styles.file}>
                            <DocumentRegular aria-hidden />
                            <span className={styles.fileName}>{f.name}</span>
                            <Caption1 className={styles.muted}>{formatBytes(f.size, i18n.language)}</Caption1>
                            <Button
                              size="small"
                              appearance="subtle"
                              icon={<DismissRegular />}
                              aria-label={t('respond.remove', { name: f.name })}
                              onClick={() => setFiles((prev) => prev.filter((_x, j) => j !== i))}
                            />
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                </Field>
                {respond.isError ? <ErrorMessage error={respond.error} /> : null}
                <div className={styles.actions}>
                  <Button icon={<ArrowLeftRegular />} onClick={() => void navigate('/enrollment')}>
                    {t('respond.backToStatus')}
                  </Button>
                  {canRespond ? (
                    <PendingButton type="submit" icon={<SendRegular />} disabled={respond.isPending} pending={respond.isPending} label={t('respond.submit')} pendingLabel={t('respond.submitting')} />
                  ) : null}
                </div>
              </form>
            </Card>
          )}
        </div>
        {v && (v.requests.length > 0 || v.responses.length > 0) ? (
          <Card className={styles.card}>
            <Subtitle2 as="h2" className={styles.heading}>
              {t('respond.historyTitle')}
            </Subtitle2>
            <History requests={v.requests} responses={v.responses} />
          </Card>
        ) : null}
      </div>
    </>
  );
}

import nodemailer from 'nodemailer';
import type { Db } from '../../db/database.ts';
import { uuidv7 } from '../../lib/ids.ts';

export interface OutgoingMail {
  notificationId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Where emails go: a real SMTP server, or the dev mailbox table when SMTP is not configured. */
export interface Mailer {
  readonly kind: 'smtp' | 'dev-mailbox';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Message-ID derived from the notification id: a retried send is recognisably the same email. */
export function messageIdFor(notificationId: string): string {
  return `<${notificationId}@csp-center>`;
}

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    kind: 'smtp',
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: messageIdFor(m.notificationId) });
    },
    close: () => transport.close(),
  };
}

export function createDevMailboxMailer(db: Db): Mailer {
  return {
    kind: 'dev-mailbox',
    async send(m) {
      await db
        .insertInto('devMail')
        .values({ id: uuidv7(), notificationId: m.notificationId, toEmail: m.to, subject: m.subject, text: m.text, html: m.html })
        .onConflict((oc) => oc.column('notificationId').doNothing())
        .execute();
    },
    close: () => {},
  };
}

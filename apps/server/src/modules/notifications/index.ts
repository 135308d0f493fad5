export { enqueueEmail, deliverNotification, findDevMailbox, type EmailRequest } from './notifications.service.ts';
export { createSmtpMailer, createDevMailboxMailer, messageIdFor, type Mailer } from './mailer.ts';
export { roleLabel, renderEmail } from './templates.ts';
export { notificationRoutes } from './notifications.routes.ts';

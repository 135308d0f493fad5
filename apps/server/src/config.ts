import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting the server and CLI read, one line of documentation each. Parsed once at start;
 * an invalid environment exits listing every problem. README's configuration table mirrors this.
 */
const envSchema = z.object({
  /** TCP port of the HTTP server. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind; 0.0.0.0 exposes the server on the network. */
  HOST: z.string().default('127.0.0.1'),
  /** Public base URL used in emails and OIDC redirects; defaults to http://localhost:PORT. */
  PUBLIC_URL: z.url().optional(),
  /** External PostgreSQL; unset starts the embedded PostgreSQL under DATA_DIR/pg. */
  DATABASE_URL: z.string().min(1).optional(),
  /** Folder for the embedded database, the generated data key and uploads. */
  DATA_DIR: z.string().default('./data'),
  /** SMTP server for outgoing mail (smtp://user:pass@host:port); unset enables the dev mailbox. */
  SMTP_URL: z.string().min(1).optional(),
  /** From address of every email. */
  MAIL_FROM: z.string().default('CSP Center <no-reply@csp-center.local>'),
  /** 32-byte key (base64 or hex) for data encrypted at rest; unset generates DATA_DIR/data.key. */
  CSP_DATA_KEY: z.string().optional(),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Sign-in codes per email address per 15 minutes. */
  SIGN_IN_CODES_PER_EMAIL: z.coerce.number().int().positive().default(5),
  /** Sign-in requests per client IP per minute. */
  SIGN_IN_REQUESTS_PER_IP: z.coerce.number().int().positive().default(60),
  /** Session lifetime in hours. */
  SESSION_TTL_HOURS: z.coerce.number().int().positive().default(12),
  /** OpenID Connect issuer URL; with OIDC_CLIENT_ID and OIDC_CLIENT_SECRET enables single sign-on. */
  OIDC_ISSUER: z.url().optional(),
  /** OpenID Connect client id registered at the issuer. */
  OIDC_CLIENT_ID: z.string().optional(),
  /** OpenID Connect client secret. */
  OIDC_CLIENT_SECRET: z.string().optional(),
  /** Maximum request body in bytes. */
  BODY_LIMIT: z.coerce.number().int().positive().default(1_048_576),
});

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  dataKey: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  signInCodesPerEmail: number;
  signInRequestsPerIp: number;
  sessionTtlHours: number;
  oidc: { issuer: string; clientId: string; clientSecret: string } | undefined;
  bodyLimit: number;
}

/** Documentation of each variable, for README and `csp-center config`. */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError listing every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const oidcParts = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET];
  if (oidcParts.some(Boolean) && !oidcParts.every(Boolean)) {
    throw new ConfigError('Invalid configuration:\n  OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    dataKey: e.CSP_DATA_KEY,
    logLevel: e.LOG_LEVEL,
    signInCodesPerEmail: e.SIGN_IN_CODES_PER_EMAIL,
    signInRequestsPerIp: e.SIGN_IN_REQUESTS_PER_IP,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    oidc: e.OIDC_ISSUER ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID!, clientSecret: e.OIDC_CLIENT_SECRET! } : undefined,
    bodyLimit: e.BODY_LIMIT,
  };
}

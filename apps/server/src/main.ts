import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { startRuntime } from './runtime.ts';

/** config → runtime (db, queue, mailer, workers) → app → listen. The only file that listens. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const runtime = await startRuntime(config, { workers: true });
  const { deps } = runtime;
  if (deps.mailer.kind === 'dev-mailbox') deps.log.warn(`SMTP_URL is not set: emails go to the dev mailbox at ${config.publicUrl}/dev/mailbox`);
  const app = await buildApp(deps);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    runtime.markClosing();
    deps.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      deps.log.fatal(`Port ${config.port} is already in use. Stop the other program or start with PORT=<another port>.`);
    } else deps.log.fatal({ err: e }, 'could not start');
    await runtime.close();
    process.exit(1);
  }
  deps.log.info(`CSP Center is running at ${config.publicUrl}`);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

import { isDomainError, STAFF_ROLES, type StaffRole } from '@csp-center/domain';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from './config.ts';
import { migrateToLatest } from './db/database.ts';
import { verifyAuditChain } from './modules/audit/index.ts';
import { addStaff } from './modules/staff/index.ts';
import { startRuntime, type Runtime } from './runtime.ts';

/**
 * `csp-center`: operator commands. Reads the same configuration as the server; with the
 * embedded database it reuses a running server's PostgreSQL or starts it briefly.
 */
async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>, opts: { migrate?: boolean } = {}): Promise<T> {
  const rt = await startRuntime(loadConfig({ LOG_LEVEL: 'warn', ...process.env }), { workers: false, migrate: opts.migrate });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

function parseStaffRole(value: string): StaffRole {
  if (!(STAFF_ROLES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${STAFF_ROLES.join(', ')}`);
  return value as StaffRole;
}

export const DEMO_ADMIN_EMAIL = 'admin@program.csp-center.example';

const program = new Command('csp-center').description('CSP Center — run a Cloud Solution Provider partner program').showHelpAfterError();

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    await withRuntime(async (rt) => {
      const r = await migrateToLatest(rt.deps.db);
      const applied = r.results?.filter((m) => m.status === 'Success').map((m) => m.migrationName) ?? [];
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
    }, { migrate: false });
  });

const staff = program.command('staff').description('program staff');
staff
  .command('add')
  .description('create a program staff member (or change their role)')
  .argument('<email>', 'the staff member’s work email')
  .requiredOption('--role <role>', `one of ${STAFF_ROLES.join(', ')}`, parseStaffRole)
  .action(async (email: string, opts: { role: StaffRole }) => {
    await withRuntime(async (rt) => {
      const r = await addStaff(rt.deps.db, { email, role: opts.role });
      console.log(`${r.created ? 'Created' : 'Updated'} ${r.email} as ${r.role}. They sign in at ${rt.deps.config.publicUrl} with the emailed code.`);
    });
  });

const audit = program.command('audit').description('the tamper-evident audit log');
audit
  .command('verify')
  .description('check the hash chain and report the first broken link')
  .action(async () => {
    const r = await withRuntime((rt) => verifyAuditChain(rt.deps.db));
    if (r.ok) console.log(`Audit log intact: ${r.checked} events checked.`);
    else {
      console.error(`Audit log BROKEN at event seq ${r.brokenAt!.seq} (id ${r.brokenAt!.id}): ${r.brokenAt!.reason}. ${r.checked} events before it are intact.`);
      process.exitCode = 1;
    }
  });

program
  .command('demo')
  .description('create a demo program admin and print how to sign in')
  .action(async () => {
    await withRuntime(async (rt) => {
      const r = await addStaff(rt.deps.db, { email: DEMO_ADMIN_EMAIL, role: 'program_admin' });
      const url = rt.deps.config.publicUrl;
      const mailbox = rt.deps.mailer.kind === 'dev-mailbox' ? `the dev mailbox at ${url}/dev/mailbox` : 'the SMTP mailbox of that address';
      console.log(`Demo program admin ${r.created ? 'created' : 'ready'}: ${r.email}

  1. Start the server:   npm start
  2. Open ${url} and sign in with ${r.email}
  3. Read the 6-digit code in ${mailbox}
  4. To try the partner side, sign in with any work address of your own domain
     (for example alice@contoso.example); the first user of a domain becomes its global admin.`);
    });
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof ConfigError) console.error(e.message);
  else if (isDomainError(e)) console.error(`${e.code}: ${e.message}`);
  else console.error(e);
  process.exitCode = 1;
});

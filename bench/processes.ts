import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

/** Asks the kernel for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no free port'))));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A child process whose output is prefixed and echoed, with its last lines kept for errors. */
export interface Child {
  label: string;
  proc: ChildProcess;
  /** Resolves with the first output line matching `re`; rejects if the child exits first. */
  waitForLine(re: RegExp, timeoutMs: number): Promise<string>;
  /** The exit code (or signal) once it has exited, else undefined. */
  exited(): string | undefined;
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

const children = new Set<Child>();

/** Starts `node --import tsx <script>` from `cwd` with `env`. */
export function startNode(label: string, script: string, opts: { cwd: string; env: NodeJS.ProcessEnv; nodeArgs?: string[]; echo?: boolean }): Child {
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', script], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: (l: string) => void }> = [];
  let exit: string | undefined;
  const exitWaiters: Array<() => void> = [];

  const onData = (buf: Buffer) => {
    for (const line of buf.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 40) lines.shift();
      if (opts.echo !== false) console.log(`[${label}] ${line}`);
      for (const w of [...waiters]) {
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  proc.on('exit', (code, signal) => {
    exit = signal ?? String(code);
    children.delete(child);
    for (const w of exitWaiters.splice(0)) w();
  });

  const child: Child = {
    label,
    proc,
    exited: () => exit,
    tail: () => lines.join('\n'),
    waitForLine(re, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${label}: no line matching ${re} within ${timeoutMs} ms\n${child.tail()}`)), timeoutMs);
        const done = (l: string) => {
          clearTimeout(timer);
          resolve(l);
        };
        waiters.push({ re, resolve: done });
        exitWaiters.push(() => {
          clearTimeout(timer);
          reject(new Error(`${label} exited (${exit}) before printing ${re}\n${child.tail()}`));
        });
      });
    },
    async stop(graceMs = 20_000) {
      if (exit !== undefined) return;
      const gone = new Promise<void>((r) => exitWaiters.push(r));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
  children.add(child);
  return child;
}

/** Stops every child still running (used on failure and on Ctrl-C). */
export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((c) => c.stop()));
}

let clockTicks: number | undefined;

/**
 * CPU time (user + system, all threads) a process has used so far, in microseconds; undefined
 * where /proc is not available. Unlike req/s it hardly moves when other work shares the machine.
 */
export function cpuMicros(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / clockTicks;
  } catch {
    return undefined;
  }
}

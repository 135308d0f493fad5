#!/usr/bin/env node
// `npm start`: builds the web UI when its build is missing, then runs the server (tsx, no
// server build step). The embedded PostgreSQL starts under ./data unless DATABASE_URL is set.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!fs.existsSync(path.join(root, 'apps/web/dist/index.html'))) {
  console.log('Building the web UI (first start)…');
  const r = spawnSync('npm', ['run', 'build', '-w', '@csp-center/web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const { register } = await import('tsx/esm/api');
register();
await import('../apps/server/src/main.ts');

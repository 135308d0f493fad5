import { defineConfig } from 'vitest/config';

// One run covers domain, i18n and server tests. Server tests each create their own database,
// so files may run in parallel; the e2e suite has its own config (e2e/vitest.config.ts).
export default defineConfig({
  test: {
    include: ['packages/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'apps/web/src/**/*.test.{ts,tsx}'],
    globalSetup: ['apps/server/src/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});

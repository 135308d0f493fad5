#!/usr/bin/env node
// `npx csp-center …`: runs the TypeScript CLI through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../apps/server/src/cli.ts');

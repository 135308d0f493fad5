import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.ts';

/** Versioned migrations, applied in key order. Never edit a released one: add a new file. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
};

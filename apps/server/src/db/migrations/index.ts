import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.ts';
import * as m0002 from './0002-indirect-enrollment.ts';

/** Versioned migrations, applied in key order. Never edit a released one: add a new file. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-indirect-enrollment': m0002,
};

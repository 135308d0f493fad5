import type { Deps } from '../../deps.ts';
import type { App } from '../../http/types.ts';

/** Routes of the enrollments module (being built for the indirect reseller enrollment milestone). */
export async function enrollmentRoutes(_app: App, _deps: Deps) {}

import type { Deps } from '../../deps.ts';
import type { App } from '../../http/types.ts';

/** Routes of the verification module (being built for the indirect reseller enrollment milestone). */
export async function verificationRoutes(_app: App, _deps: Deps) {}

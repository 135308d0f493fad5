import type { Deps } from '../../deps.ts';
import type { App } from '../../http/types.ts';

/** Routes of the profiles module (being built for the indirect reseller enrollment milestone). */
export async function profileRoutes(_app: App, _deps: Deps) {}

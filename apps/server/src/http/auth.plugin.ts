import { authorize, DomainError } from '@csp-center/domain';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../deps.ts';
import { authenticateApiToken, authenticateSession } from '../modules/auth/auth.service.ts';
import type { App } from './types.ts';

export const SESSION_COOKIE = 'csp_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-authenticated writes must come from our own pages: browsers send `Sec-Fetch-Site`
 * and/or `Origin`; a cross-site value is refused. Bearer requests are exempt (no ambient
 * credential for another site to ride on).
 */
function assertSameOrigin(req: FastifyRequest, publicUrl: string): void {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') throw new DomainError('CROSS_SITE_REQUEST');
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') {
    const allowed = new Set([new URL(publicUrl).origin, `http://${req.headers.host}`, `https://${req.headers.host}`]);
    if (!allowed.has(origin)) throw new DomainError('CROSS_SITE_REQUEST');
  } else if (origin === 'null') {
    throw new DomainError('CROSS_SITE_REQUEST');
  }
}

/** Resolves the principal of every request and enforces each route's declared access. */
export function registerAuth(app: App, deps: Deps): void {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} declares no access (config.access)`);
    }
  });
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access) return;
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      req.principal = (await authenticateApiToken(deps, header.slice(7).trim())) ?? null;
      if (!req.principal && access !== 'public') throw new DomainError('UNAUTHENTICATED', 'The API token is not valid.');
    } else {
      const cookie = req.cookies[SESSION_COOKIE];
      if (cookie) req.principal = (await authenticateSession(deps, cookie)) ?? null;
      if (req.principal && !SAFE_METHODS.has(req.method)) assertSameOrigin(req, deps.config.publicUrl);
    }
    if (access === 'public') return;
    if (!req.principal) throw new DomainError('UNAUTHENTICATED');
    if (access !== 'signed-in') authorize(req.principal, access);
  });
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import client from 'prom-client';
import type { Deps } from './deps.ts';
import { registerAuth } from './http/auth.plugin.ts';
import { registerIdempotency } from './http/idempotency.plugin.ts';
import { errorHandler, problem, sendProblem } from './http/problem.ts';
import { computeSecurityHeaders } from './http/security-headers.ts';
import type { App, RouteEntry } from './http/types.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { authRoutes } from './modules/auth/index.ts';
import { notificationRoutes } from './modules/notifications/index.ts';
import { oidcRoutes } from './modules/auth/oidc.routes.ts';
import { organizationRoutes } from './modules/organizations/index.ts';
import { systemRoutes } from './modules/system/system.routes.ts';
import { agreementRoutes } from './modules/agreements/agreements.routes.ts';
import { enrollmentRoutes } from './modules/enrollments/enrollments.routes.ts';
import { marketRoutes } from './modules/markets/markets.routes.ts';
import { partnerIdRoutes } from './modules/partner-ids/partner-ids.routes.ts';
import { profileRoutes } from './modules/profiles/profiles.routes.ts';
import { verificationRoutes } from './modules/verification/verification.routes.ts';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
const API_VERSION = '0.1.0';

/** The OpenAPI document's fixed part; paths come from the route schemas. */
const openapiInfo = {
  openapi: '3.1.0' as const,
  info: {
    title: 'CSP Center API',
    version: API_VERSION,
    description: 'REST API of CSP Center, the open platform for running a Cloud Solution Provider partner program. Errors are RFC 9457 problem details with a stable `code`. Every authenticated POST accepts an `Idempotency-Key` header (1–200 visible ASCII characters, per user): a replay of the same request returns the first 2xx answer with `Idempotent-Replayed: true`; the same key with another request is refused with 422 IDEMPOTENCY_KEY_REUSED; a replay while the first is still running gets 409 CONFLICT.',
    license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
  },
  components: { securitySchemes: { session: { type: 'apiKey' as const, in: 'cookie', name: 'csp_session' }, bearer: { type: 'http' as const, scheme: 'bearer' } } },
  security: [{ session: [] }, { bearer: [] }] as Array<Record<string, string[]>>,
};

/**
 * Builds the Fastify app with every module registered. Never listens (main.ts does) and never
 * touches the database while building, so tests and the OpenAPI writer can build it freely.
 */
export async function buildApp(deps: Deps, opts: { logger?: FastifyServerOptions['loggerInstance'] } = {}): Promise<App> {
  const app = Fastify({
    loggerInstance: opts.logger ?? deps.log,
    bodyLimit: deps.config.bodyLimit,
    // Believe X-Forwarded-For only from a reverse proxy on this host or a private network;
    // trusting every peer would let any client pick its own IP and dodge the per-IP limits.
    trustProxy: ['loopback', 'linklocal', 'uniquelocal'],
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : crypto.randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();
  // Registered first so it sees every route, including those of plugins registered below.
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method === 'HEAD') continue;
      routeTable.push({ method, url: r.url, access: r.config?.access, hasBody: Boolean(r.schema?.body), hasParams: Boolean(r.schema?.params), hasQuerystring: Boolean(r.schema?.querystring) });
    }
  });
  // The API speaks JSON only: a text/plain body is refused as 415, not parsed into a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0]!;
    // Client-side routes get the app; a missing file (e.g. an old /assets/*.js after a redeploy)
    // gets a real 404 so the browser does not run index.html as a script.
    const looksLikeFile = /\.[a-z0-9]{1,8}$/i.test(url) || url.startsWith('/assets/');
    const wantsPage = req.method === 'GET' && !looksLikeFile && !url.startsWith('/api/') && !url.startsWith('/dev/') && fs.existsSync(path.join(WEB_DIST, 'index.html'));
    if (wantsPage) return reply.type('text/html; charset=utf-8').sendFile('index.html', WEB_DIST);
    return sendProblem(reply, problem('NOT_FOUND', req.id, `No route ${req.method} ${url}`));
  });

  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const httpDuration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    httpDuration.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  await app.register(fastifyCookie);
  const securityHeaders = computeSecurityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Fluent UI (Griffel) and Swagger UI inject styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'", ...(deps.config.oidc ? [new URL(deps.config.oidc.issuer).origin] : [])],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: deps.config.publicUrl.startsWith('https:'),
  });
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(securityHeaders);
    reply.header('x-request-id', req.id);
    done();
  });
  await app.register(fastifySwagger, { openapi: openapiInfo, transform: jsonSchemaTransform, transformObject: jsonSchemaTransformObject });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerAuth(app, deps);
  registerIdempotency(app, deps);
  await systemRoutes(app, deps, registry);
  await authRoutes(app, deps);
  await oidcRoutes(app, deps);
  await organizationRoutes(app, deps);
  await auditRoutes(app, deps);
  await notificationRoutes(app, deps);
  await marketRoutes(app, deps);
  await profileRoutes(app, deps);
  await partnerIdRoutes(app, deps);
  await enrollmentRoutes(app, deps);
  await verificationRoutes(app, deps);
  await agreementRoutes(app, deps);

  if (fs.existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: ['index.html'] });
  }
  return app;
}

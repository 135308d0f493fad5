import { sql } from 'kysely';
import type client from 'prom-client';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import type { App } from '../../http/types.ts';

/** Liveness, readiness and Prometheus metrics. */
export async function systemRoutes(app: App, deps: Deps, registry: client.Registry) {
  app.get('/health', { schema: { tags: ['System'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

  app.get('/ready', {
    schema: { tags: ['System'], summary: 'Readiness: the database answers', response: { 200: z.object({ status: z.literal('ready') }), 503: z.object({ status: z.literal('unavailable') }) } },
  }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ready' as const };
    } catch {
      return reply.code(503).send({ status: 'unavailable' as const });
    }
  });

  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}

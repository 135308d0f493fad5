import { DomainError } from '@csp-center/domain';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import { sha256 } from '../lib/secrets.ts';
import type { App } from './types.ts';

/** A first request still running after this long is taken as abandoned (its process died). */
const IN_FLIGHT_TIMEOUT_MS = 60_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { userId: string; key: string } | null;
  }
}

function requestHash(req: FastifyRequest): string {
  return sha256(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`);
}

/**
 * `Idempotency-Key` on POST (api.md): the first request with a key runs and its 2xx answer is
 * stored; a replay with the same key and the same request gets that answer again
 * (`Idempotent-Replayed: true`) without running twice; the same key with another request is
 * refused (422 IDEMPOTENCY_KEY_REUSED); a replay while the first is still running gets 409
 * CONFLICT. Keys belong to the signed-in user. A failed first request frees its key.
 */
export function registerIdempotency(app: App, deps: Deps): void {
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || key === undefined || !req.principal) return;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be 1–200 visible ASCII characters.', { issues: [{ path: 'headers.idempotency-key', message: 'invalid', code: 'invalid_idempotency_key' }] });
    }
    const userId = req.principal.userId;
    const hash = requestHash(req);
    const now = deps.clock.now();
    // Free a key whose first request never finished (its process died mid-request).
    await deps.db
      .deleteFrom('idempotencyKey')
      .where('userId', '=', userId)
      .where('key', '=', key)
      .where('statusCode', '=', 0)
      .where('createdAt', '<', new Date(now.getTime() - IN_FLIGHT_TIMEOUT_MS))
      .execute();
    const claimed = await deps.db
      .insertInto('idempotencyKey')
      .values({ key, userId, method: req.method, path: req.url, requestHash: hash, statusCode: 0, body: null, createdAt: now })
      .onConflict((oc) => oc.columns(['userId', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (claimed) {
      req.idempotency = { userId, key };
      return;
    }
    const first = await deps.db.selectFrom('idempotencyKey').selectAll().where('userId', '=', userId).where('key', '=', key).executeTakeFirst();
    if (!first) throw new DomainError('CONFLICT', 'Retry the request.');
    if (first.requestHash !== hash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request.');
    if (first.statusCode === 0) throw new DomainError('CONFLICT', 'The first request with this Idempotency-Key is still running.');
    reply.header('idempotent-replayed', 'true');
    return reply.code(first.statusCode).send(first.body);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const idem = req.idempotency;
    if (!idem) return payload;
    if (reply.statusCode >= 200 && reply.statusCode < 300) {
      let body: unknown = null;
      if (typeof payload === 'string' && payload.length > 0) {
        try {
          body = JSON.parse(payload);
        } catch {
          body = null;
        }
      }
      await deps.db
        .updateTable('idempotencyKey')
        .set({ statusCode: reply.statusCode, body: sql`${JSON.stringify(body)}::jsonb` })
        .where('userId', '=', idem.userId)
        .where('key', '=', idem.key)
        .execute();
    } else {
      await deps.db.deleteFrom('idempotencyKey').where('userId', '=', idem.userId).where('key', '=', idem.key).execute();
    }
    return payload;
  });
}

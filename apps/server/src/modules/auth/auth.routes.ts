import type { Deps } from '../../deps.ts';
import { SESSION_COOKIE } from '../../http/auth.plugin.ts';
import { IdParams, problems } from '../../http/schemas.ts';
import { auditContext, principalOf, type App } from '../../http/types.ts';
import { z } from 'zod';
import {
  ApiTokenCreateBody,
  ApiTokenCreated,
  ApiTokenList,
  MePatchBody,
  MeResponse,
  SignInBody,
  SignInResponse,
  VerifyBody,
  VerifyResponse,
} from './auth.schemas.ts';
import { createApiToken, findApiTokens, getMe, requestSignInCode, revokeApiToken, signOut, updateMe, verifySignInCode } from './auth.service.ts';
import type { FastifyReply } from 'fastify';

const tags = ['Auth and identity'];

/** Sets the session cookie (HttpOnly, SameSite=Lax, Secure behind https). */
export function setSessionCookie(deps: Deps, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.publicUrl.startsWith('https:'),
    maxAge: deps.config.sessionTtlHours * 3600,
  });
}

export async function authRoutes(app: App, deps: Deps) {
  app.post('/api/v1/auth/sign-in', {
    config: { access: 'public' },
    schema: { tags, summary: 'Email a one-time sign-in code to a work address', body: SignInBody, response: { 202: SignInResponse, ...problems(400, 422, 429) } },
  }, async (req, reply) => {
    const r = await requestSignInCode(deps, { email: req.body.email, locale: req.body.locale, ip: req.ip });
    return reply.code(202).send(r);
  });

  app.post('/api/v1/auth/verify', {
    config: { access: 'public' },
    schema: { tags, summary: 'Exchange the code for a session cookie', body: VerifyBody, response: { 200: VerifyResponse, ...problems(400, 401, 403, 429) } },
  }, async (req, reply) => {
    const r = await verifySignInCode(deps, { email: req.body.email, code: req.body.code, ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: req.id });
    setSessionCookie(deps, reply, r.sessionToken);
    return { user: r.user, organization: r.organization };
  });

  app.post('/api/v1/auth/sign-out', {
    config: { access: 'public' },
    schema: { tags, summary: 'End the session', response: { 204: z.null().describe('Signed out'), ...problems(403) } },
  }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await signOut(deps, token, auditContext(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/api/v1/me', {
    config: { access: 'signed-in' },
    schema: { tags, summary: 'The signed-in user, organization and roles', response: { 200: MeResponse, ...problems(401) } },
  }, async (req) => getMe(deps, principalOf(req)));

  app.patch('/api/v1/me', {
    config: { access: 'signed-in' },
    schema: { tags, summary: "Update the user's language or display name", body: MePatchBody, response: { 200: MeResponse, ...problems(400, 401) } },
  }, async (req) => updateMe(deps, principalOf(req), auditContext(req), req.body));

  app.get('/api/v1/me/api-tokens', {
    config: { access: 'signed-in' },
    schema: { tags, summary: "The user's API tokens (never the secrets)", response: { 200: ApiTokenList, ...problems(401) } },
  }, async (req) => findApiTokens(deps, principalOf(req)));

  app.post('/api/v1/me/api-tokens', {
    config: { access: 'signed-in' },
    schema: { tags, summary: 'Create an API token; the secret is shown once', body: ApiTokenCreateBody, response: { 201: ApiTokenCreated, ...problems(400, 401) } },
  }, async (req, reply) => reply.code(201).send(await createApiToken(deps, principalOf(req), auditContext(req), req.body.name)));

  app.delete('/api/v1/me/api-tokens/:id', {
    config: { access: 'signed-in' },
    schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 204: z.null().describe('Revoked'), ...problems(401, 404) } },
  }, async (req, reply) => {
    await revokeApiToken(deps, principalOf(req), auditContext(req), req.params.id);
    return reply.code(204).send(null);
  });
}

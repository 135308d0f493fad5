import { DomainError, isDomainError } from '@csp-center/domain';
import * as oidc from 'openid-client';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { OidcStatus } from './auth.schemas.ts';
import { setSessionCookie } from './auth.routes.ts';
import { signInVerifiedEmail } from './auth.service.ts';
import type { App } from '../../http/types.ts';

const STATE_COOKIE = 'csp_oidc';

/**
 * Optional OpenID Connect single sign-on (OIDC_ISSUER + client). The provider proves the
 * address (`email_verified`); the same organization rules as the code flow then apply.
 */
export async function oidcRoutes(app: App, deps: Deps) {
  const settings = deps.config.oidc;
  let configPromise: Promise<oidc.Configuration> | undefined;
  const getConfig = () => {
    if (!settings) throw new DomainError('SSO_FAILED', 'Single sign-on is not configured.');
    configPromise ??= oidc
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, settings.issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((e: unknown) => {
        configPromise = undefined;
        // An unreachable or misconfigured provider is a sign-in failure, not a server error.
        throw new DomainError('SSO_FAILED', `The identity provider could not be reached: ${e instanceof Error ? e.message : String(e)}`);
      });
    return configPromise;
  };
  const redirectUri = `${deps.config.publicUrl}/api/v1/auth/oidc/callback`;

  app.get('/api/v1/auth/oidc', {
    config: { access: 'public' },
    schema: { tags: ['Auth and identity'], summary: 'Whether single sign-on is available', response: { 200: OidcStatus } },
  }, async () => ({ enabled: Boolean(settings) }));

  app.get('/api/v1/auth/oidc/start', {
    config: { access: 'public' },
    schema: { tags: ['Auth and identity'], summary: 'Redirect to the identity provider', response: { 302: z.null().describe('Redirect') } },
  }, async (_req, reply) => {
    const config = await getConfig();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    reply.setCookie(STATE_COOKIE, JSON.stringify({ verifier, state, nonce }), { path: '/api/v1/auth/oidc', httpOnly: true, sameSite: 'lax', maxAge: 600, secure: deps.config.publicUrl.startsWith('https:') });
    return reply.redirect(url.href, 302);
  });

  app.get('/api/v1/auth/oidc/callback', {
    config: { access: 'public' },
    schema: { tags: ['Auth and identity'], summary: 'Identity provider callback; sets the session and returns to the app', querystring: z.record(z.string(), z.string()), response: { 302: z.null().describe('Redirect') } },
  }, async (req, reply) => {
    const raw = req.cookies[STATE_COOKIE];
    reply.clearCookie(STATE_COOKIE, { path: '/api/v1/auth/oidc' });
    try {
      if (!raw) throw new DomainError('SSO_FAILED', 'The sign-in attempt expired; start again.');
      const checks = z.object({ verifier: z.string(), state: z.string(), nonce: z.string() }).parse(JSON.parse(raw));
      const config = await getConfig();
      const current = new URL(req.url, deps.config.publicUrl);
      const tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: checks.verifier, expectedState: checks.state, expectedNonce: checks.nonce });
      const idClaims = tokens.claims();
      if (!idClaims) throw new DomainError('SSO_FAILED', 'The identity provider returned no ID token.');
      // Claims requested by scope (email, email_verified) may come only from the UserInfo
      // endpoint when an access token is issued (OIDC Core 5.4); ask it when the ID token lacks them.
      const claims = idClaims.email !== undefined && idClaims.email_verified !== undefined ? idClaims : await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      const verified = claims.email_verified === true || claims.email_verified === 'true';
      if (typeof claims.email !== 'string' || !claims.email || !verified) throw new DomainError('SSO_FAILED', 'The identity provider did not confirm an email address.');
      const { sessionToken } = await signInVerifiedEmail(deps, { email: claims.email, ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: req.id, method: 'OIDC', locale: typeof claims.locale === 'string' ? claims.locale : undefined });
      setSessionCookie(deps, reply, sessionToken);
      return reply.redirect('/', 302);
    } catch (e) {
      const code = isDomainError(e) ? e.code : 'SSO_FAILED';
      if (!isDomainError(e)) req.log.warn({ err: e }, 'OIDC sign-in failed');
      return reply.redirect(`/?signInError=${encodeURIComponent(code)}`, 302);
    }
  });
}

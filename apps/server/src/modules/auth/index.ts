export { authRoutes, setSessionCookie } from './auth.routes.ts';
export { dropCachedApiTokensOfUser, signInVerifiedEmail, authenticateSession, authenticateApiToken, type Principal } from './auth.service.ts';

export { authRoutes, setSessionCookie } from './auth.routes.ts';
export { signInVerifiedEmail, authenticateSession, authenticateApiToken, type Principal } from './auth.service.ts';

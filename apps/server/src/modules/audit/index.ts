export { auditRoutes } from './audit.routes.ts';
export { recordAudit, verifyAuditChain, findAuditEventsPage, findOrganizationAuditEvents, canonicalJson, type AuditContext, type AuditInput, type AuditVerification } from './audit.service.ts';

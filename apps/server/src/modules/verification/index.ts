export { verificationRoutes } from './verification.routes.ts';
export {
  openVerificationCase,
  planVerificationCase,
  findVerificationSummary,
  loadVerificationSettings,
  notifyOverdueCases,
  estimateDecision,
  actOnVerificationCase,
  respondToInformationRequest,
  getVerificationCase,
  getOwnVerification,
  type VerificationSettings,
  type VerificationCasePlan,
} from './verification.service.ts';
export { emailGlobalAdmins, formatEmailDate, PARTNER_ENROLLMENT_PATH } from './verification.emails.ts';
export { MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_RESPONSE, sniffDocumentType } from './verification.documents.ts';

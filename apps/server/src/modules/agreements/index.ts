export { findCurrentTemplate, publishAgreementTemplate, agreementContentHash, type TemplateView } from './agreements.service.ts';
export { findAcceptanceForEnrollment, acceptAgreement, findAgreementAcceptances } from './acceptances.service.ts';
export { renderAgreementMarkdown } from './markdown.ts';
export { AGREEMENT_TYPES, PROGRAM_AGREEMENT_TYPE, AcceptanceSchema, AgreementTemplateSchema, type AgreementType, type Acceptance } from './agreements.schemas.ts';

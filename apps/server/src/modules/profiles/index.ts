export { profileRoutes } from './profiles.routes.ts';
export {
  assertIfMatch,
  etagOf,
  getProfileForReview,
  getProfileStatus,
  lockLegalCountry,
  recordLegalCountryFixed,
  type BillingView,
  type LegalBusinessView,
  type PartnerIdView,
  type ProfileStatus,
  type SupportView,
} from './profiles.service.ts';

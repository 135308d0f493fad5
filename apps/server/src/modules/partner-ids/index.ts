export { partnerIdRoutes } from './partner-ids.routes.ts';
export {
  associatePartnerId,
  findPartnerIdOfOrganization,
  findRegistryEntry,
  importRegistryCsv,
  registryEntryView,
  releasePartnerIdOutsideCountry,
  type AssociatedPartnerId,
  type RegistryEntry,
  type RegistryImportResult,
} from './partner-ids.service.ts';
export { parseRegistryCsv, REGISTRY_CSV_COLUMNS } from './partner-ids.csv.ts';

import type { AnonymisedCount, PersonalDataExport } from '../domain/personal-data';

/** `exportMyData` and `exportPersonData`: everything stored about a person. Shared type-only with the tab. */
export type PersonalDataExportBody = PersonalDataExport;

/** `anonymisePerson`: what was changed or deleted, and the audit entry with the legal basis. */
export interface AnonymiseResponse {
  readonly counts: readonly AnonymisedCount[];
  readonly auditEventId: string;
}

// The coverage outcome of a services search (docs/platform-api.md "Services view"): whether
// the patient is in this municipality's PLO system, and since when its information service
// has data. The OperationOutcome entry itself is core's (coverageOutcomeEntry in
// src/core/fhir/coverage.ts, the inverse of the app's parseCoverageOutcome).
import type { BundleEntry, Patient } from '@medplum/fhirtypes';
import type { CoverageCode } from '../../core/fhir/codes';
import { coverageOutcomeEntry, taggedNotCovered } from '../../core/fhir/coverage';
import type { Tenant } from '../directory';
import type { EventStore } from '../events/types';

export async function coverageEntry(
  store: EventStore,
  tenant: Tenant | undefined,
  tenantId: string,
  patientId: string,
): Promise<{ code: CoverageCode; entry: BundleEntry }> {
  const patient = (await store.read(tenantId, 'Patient', patientId))?.resource as Patient | undefined;
  // An unknown patient is not registered in this municipality's PLO system either.
  const code: CoverageCode = !patient || taggedNotCovered(patient.meta) ? 'not-covered' : 'covered';
  return { code, entry: coverageOutcomeEntry({ code, since: tenant?.goLiveDate ?? '' }) };
}

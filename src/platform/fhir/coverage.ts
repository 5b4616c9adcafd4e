// The coverage outcome of a services search (docs/platform-api.md "Services view"): an
// OperationOutcome entry saying whether the patient is in this municipality's PLO system
// and since when its information service has data.
import type { BundleEntry, OperationOutcome, Patient } from '@medplum/fhirtypes';
import type { Tenant } from '../directory';
import type { EventStore } from '../events/types';

export const COVERAGE_SYSTEM = 'https://varde.no/fhir/CodeSystem/coverage';

export async function coverageEntry(
  store: EventStore,
  tenant: Tenant | undefined,
  tenantId: string,
  patientId: string,
): Promise<BundleEntry> {
  const patient = (await store.read(tenantId, 'Patient', patientId))?.resource as Patient | undefined;
  // An unknown patient is not registered in this municipality's PLO system either.
  const notCovered =
    !patient ||
    (patient.meta?.tag ?? []).some((c) => c.system === COVERAGE_SYSTEM && c.code === 'not-covered');
  const oo: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'information',
        code: 'informational',
        details: {
          coding: [{ system: COVERAGE_SYSTEM, code: notCovered ? 'not-covered' : 'covered' }],
          text: notCovered
            ? 'Pasienten er ikke registrert i kommunens PLO-system.'
            : `Tjenester registrert i PLO siden ${tenant?.goLiveDate}.`,
        },
        diagnostics: `coverage-since=${tenant?.goLiveDate ?? ''}`,
      },
    ],
  };
  return { resource: oo, search: { mode: 'outcome' } };
}

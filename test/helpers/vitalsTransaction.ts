// A transaction Bundle of `n` POST Observation entries: complete vital-signs sets of one
// patient, one minute apart, each set new (its id carries `tag`), cut at n entries.
import type { Bundle } from '@medplum/fhirtypes';
import { vitalSignsSetToObservations } from '../../src/core/fhir/toObservation';

export function vitalsTransaction(
  tag: string,
  n: number,
  opts: { patientId?: string; ifNoneExist?: boolean } = {},
): Bundle {
  const entry: NonNullable<Bundle['entry']> = [];
  for (let i = 0; entry.length < n; i++) {
    const parts = vitalSignsSetToObservations({
      id: `${tag}-${i}`,
      patientId: opts.patientId ?? 'p-anna',
      effectiveDateTime: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      vitals: {
        respirationRate: 16,
        spo2: 96,
        onOxygen: false,
        systolicBP: 120,
        pulse: 70,
        consciousness: 'A',
        temperature: 37,
      },
      sourceSystem: 'varde',
    });
    for (const resource of parts.slice(0, n - entry.length)) {
      const ident = resource.identifier?.[0];
      entry.push({
        resource,
        request: {
          method: 'POST',
          url: 'Observation',
          ...(opts.ifNoneExist ? { ifNoneExist: `identifier=${ident?.system}|${ident?.value}` } : {}),
        },
      });
    }
  }
  return { resourceType: 'Bundle', type: 'transaction', entry };
}

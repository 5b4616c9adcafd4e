import type { Observation } from '@medplum/fhirtypes';
import { LOINC, SYSTEM, UCUM } from '../../core/fhir/codes';
import { SET_IDENTIFIER_SYSTEM } from '../../core/fhir/setIdentifier';
import type { VitalSignsSet } from '../../core/vitals/types';

/**
 * A minimal stand-in for core's vitalSignsSetToObservations, for unit tests only: one
 * Observation per parameter, identified by `{setId}/{parameter}`.
 */
export function testSetToObservations(set: VitalSignsSet): Observation[] {
  const loinc: Record<string, [string, string]> = {
    respirationRate: [LOINC.respirationRate, UCUM.perMinute],
    spo2: [LOINC.spo2, UCUM.percent],
    systolicBP: [LOINC.systolicBP, UCUM.mmHg],
    pulse: [LOINC.heartRate, UCUM.perMinute],
    temperature: [LOINC.bodyTemperature, UCUM.celsius],
  };
  return Object.entries(set.vitals)
    .filter(([k, v]) => v !== undefined && k in loinc)
    .map(([k, v]) => ({
      resourceType: 'Observation',
      status: 'final',
      // The vitals key stands in for the part (systolicBP, not bloodPressure): a test stand-in.
      identifier: [{ system: SET_IDENTIFIER_SYSTEM, value: `${set.id}/${k}` }],
      category: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
          ],
        },
      ],
      code: { coding: [{ system: SYSTEM.loinc, code: loinc[k][0] }] },
      subject: { reference: `Patient/${set.patientId}` },
      effectiveDateTime: set.effectiveDateTime,
      valueQuantity: { value: v as number, system: SYSTEM.ucum, code: loinc[k][1] },
    }));
}

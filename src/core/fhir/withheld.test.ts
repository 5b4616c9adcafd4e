import type { Bundle, BundleEntry, OperationOutcome } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { validateR4 } from '../../../test/fixtures/core/fhirR4Validator';
import { coverageOutcomeEntry } from './coverage';
import {
  bundleWithheld,
  isRestrictedByPatient,
  restrictedByPatientLabel,
  withheldOutcomeEntry,
} from './withheld';

const bundleWith = (...entry: BundleEntry[]): Bundle => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry,
});

describe('the withheld marker (pasientrettighetsloven § 5-3)', () => {
  it('is an outcome entry with a suppressed information issue coded restricted-by-patient', async () => {
    const entry = withheldOutcomeEntry();
    expect(entry.search).toEqual({ mode: 'outcome' });
    const outcome = entry.resource as OperationOutcome;
    expect(outcome.issue).toEqual([
      expect.objectContaining({
        severity: 'information',
        code: 'suppressed',
        details: expect.objectContaining({
          coding: [{ system: 'https://varde.no/fhir/CodeSystem/sharing', code: 'restricted-by-patient' }],
          text: 'Noe informasjon vises ikke etter pasientens ønske (pasientrettighetsloven § 5-3).',
        }),
      }),
    ]);
    await expect(validateR4(outcome)).resolves.toBeDefined();
    await expect(validateR4(bundleWith(entry))).resolves.toBeDefined();
  });

  it('is read back from a Bundle, beside the coverage outcome and matches', () => {
    expect(bundleWithheld(bundleWith(withheldOutcomeEntry()))).toBe(true);
    expect(
      bundleWithheld(
        bundleWith(
          { resource: { resourceType: 'Patient', id: 'p' }, search: { mode: 'match' } },
          coverageOutcomeEntry({ code: 'covered', since: '2025-09-01' }),
          withheldOutcomeEntry(),
        ),
      ),
    ).toBe(true);
  });

  it('is absent from a Bundle without it, the coverage outcome alone included', () => {
    expect(bundleWithheld(bundleWith())).toBe(false);
    expect(bundleWithheld({})).toBe(false);
    expect(bundleWithheld(bundleWith(coverageOutcomeEntry({ code: 'covered', since: '2025-09-01' })))).toBe(
      false,
    );
  });

  it('counts only as an outcome entry: the same OperationOutcome as a match is not a marker', () => {
    const entry = withheldOutcomeEntry();
    expect(bundleWithheld(bundleWith({ ...entry, search: { mode: 'match' } }))).toBe(false);
    expect(bundleWithheld(bundleWith({ resource: entry.resource }))).toBe(false);
  });

  it('recognises the security label on an item, and only that label', () => {
    expect(isRestrictedByPatient({ security: [restrictedByPatientLabel()] })).toBe(true);
    expect(isRestrictedByPatient(undefined)).toBe(false);
    expect(isRestrictedByPatient({ security: [] })).toBe(false);
    expect(
      isRestrictedByPatient({
        security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }],
      }),
    ).toBe(false);
    expect(
      isRestrictedByPatient({
        security: [{ system: 'https://example.org/other', code: 'restricted-by-patient' }],
      }),
    ).toBe(false);
  });

  it('gives every caller its own label object', () => {
    const a = restrictedByPatientLabel();
    a.code = 'changed';
    expect(restrictedByPatientLabel().code).toBe('restricted-by-patient');
  });
});

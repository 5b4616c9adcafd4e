import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { AccessContext } from '../smart/types';
import { createAccessPolicy } from './policy';

const base: AccessContext = {
  tenant: '4601',
  clientId: 'varde',
  practitionerId: 'nurse',
  username: 'kari',
  role: 'home-care-nurse',
  organizationId: 'o',
  organizationName: 'O',
  scopes: [],
};
const policy = createAccessPolicy({
  hasCareRelationship: async (_t, practitioner, patient) => practitioner === 'nurse' && patient === 'mine',
});

describe('access policy', () => {
  it('patient scopes reach only the patient in context', async () => {
    const a = { ...base, scopes: ['patient/Observation.rs'], patient: 'ctx' };
    expect((await policy.checkPatient(a, 'Observation', 'r', 'ctx')).kind).toBe('allowed');
    expect((await policy.checkPatient(a, 'Observation', 'r', 'mine')).kind).toBe('denied');
    expect((await policy.checkPatient(a, 'Observation', 'c', 'ctx')).kind).toBe('denied');
    expect((await policy.checkPatient(a, 'Flag', 'r', 'ctx')).kind).toBe('denied');
  });

  it('user scopes need a care relationship', async () => {
    const a = { ...base, scopes: ['user/*.rs'] };
    expect(await policy.checkPatient(a, 'Observation', 's', 'mine')).toEqual({
      kind: 'allowed',
      via: 'care-relationship',
    });
    expect((await policy.checkPatient(a, 'Observation', 's', 'other')).kind).toBe('denied');
  });

  it('accepts SMART v1 scope names', async () => {
    const a = { ...base, scopes: ['patient/*.read'], patient: 'ctx' };
    expect((await policy.checkPatient(a, 'EpisodeOfCare', 'r', 'ctx')).kind).toBe('allowed');
  });

  it('user scopes in an EHR launch reach the launched patient, others only by care relationship', async () => {
    const launched = { ...base, scopes: ['user/*.rs'], patient: 'ctx', launchId: 'L1' };
    expect(await policy.checkPatient(launched, 'Observation', 'r', 'ctx')).toEqual({
      kind: 'allowed',
      via: 'launch-context',
    });
    expect((await policy.checkPatient(launched, 'Observation', 'r', 'other')).kind).toBe('denied');
    // A patient picked in a standalone launch (no launch id) does not count.
    const picked = { ...base, scopes: ['user/*.rs'], patient: 'ctx' };
    expect((await policy.checkPatient(picked, 'Observation', 'r', 'ctx')).kind).toBe('denied');
  });

  it('holds reads to the search parameters of query scopes', () => {
    const a = { ...base, scopes: ['patient/Observation.rs?category=vital-signs'], patient: 'ctx' };
    const observation = (category: string): Observation => ({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      category: [{ coding: [{ code: category }] }],
    });
    expect(policy.checkType(a, 'Observation', 'r').kind).toBe('allowed');
    expect(policy.checkScopeQuery(a, observation('vital-signs'), 'r').kind).toBe('allowed');
    expect(policy.checkScopeQuery(a, observation('survey'), 'r')).toEqual({
      kind: 'denied',
      reason: 'Tokenet gir bare tilgang til Observation med category=vital-signs.',
    });
    const rows = [
      { resourceType: 'Observation', id: '1', patient: 'ctx', json: JSON.stringify(observation('survey')) },
      {
        resourceType: 'Observation',
        id: '2',
        patient: 'ctx',
        json: JSON.stringify(observation('vital-signs')),
      },
      { resourceType: 'Patient', id: 'ctx', patient: 'ctx', json: 'not parsed: no query scope for Patient' },
    ];
    expect(policy.visibleRows(a, 's', rows).map((r) => r.id)).toEqual(['2', 'ctx']);
  });

  it('never lets an administrator read clinical content', async () => {
    const a = { ...base, role: 'administrator' as const, scopes: ['user/*.cruds'] };
    expect((await policy.checkPatient(a, 'Observation', 'r', 'mine')).kind).toBe('denied');
    expect(policy.checkType(a, 'Practitioner', 'r').kind).toBe('allowed');
  });
});

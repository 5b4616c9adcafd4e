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

  it('never lets an administrator read clinical content', async () => {
    const a = { ...base, role: 'administrator' as const, scopes: ['user/*.cruds'] };
    expect((await policy.checkPatient(a, 'Observation', 'r', 'mine')).kind).toBe('denied');
    expect(policy.checkType(a, 'Practitioner', 'r').kind).toBe('allowed');
  });
});

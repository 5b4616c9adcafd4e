import { describe, expect, it } from 'vitest';
import {
  allowedResourceScopes,
  covers,
  decideResourceScopes,
  parseResourceScope,
  recognisedResourceScopes,
} from './scopes';

describe('parseResourceScope', () => {
  it.each([
    ['patient/Observation.rs', { context: 'patient', resourceType: 'Observation', perms: 'rs' }],
    ['user/*.cruds', { context: 'user', resourceType: '*', perms: 'cruds' }],
    ['patient/Patient.read', { context: 'patient', resourceType: 'Patient', perms: 'rs' }],
    ['user/Observation.write', { context: 'user', resourceType: 'Observation', perms: 'cud' }],
    ['patient/*.*', { context: 'patient', resourceType: '*', perms: 'cruds' }],
  ])('reads %s', (scope, expected) => {
    expect(parseResourceScope(scope)).toEqual(expected);
  });

  it.each([
    'patient/Observation.sr', // out of order
    'patient/Observation.rr', // repeated
    'patient/Observation.', // empty
    'patient/Observation.x',
    'system/Observation.rs', // backend services are not offered
    'patient/Unknown.rs',
    'patient/Observation.rs?category=vital-signs', // fine-grained scopes not supported
    'launch/patient',
    'openid',
  ])('does not recognise %s', (scope) => {
    expect(parseResourceScope(scope)).toBeUndefined();
  });
});

describe('covers', () => {
  const p = (s: string) => parseResourceScope(s)!;
  it('needs the same context, a matching type and every permission', () => {
    expect(covers(p('patient/*.rs'), p('patient/Observation.r'))).toBe(true);
    expect(covers(p('patient/*.rs'), p('user/Observation.r'))).toBe(false);
    expect(covers(p('patient/Observation.rs'), p('patient/Patient.r'))).toBe(false);
    expect(covers(p('patient/Observation.c'), p('patient/Observation.cu'))).toBe(false);
    expect(covers(p('patient/Observation.rs'), p('patient/*.rs'))).toBe(false);
  });
});

describe('decideResourceScopes', () => {
  it('grants clinicians reading and creating measurements, never updating or deleting', () => {
    const decision = decideResourceScopes(
      [
        'patient/*.rs',
        'patient/Observation.c',
        'patient/Observation.cu',
        'user/Flag.c',
        'patient/Patient.d',
        'openid',
      ],
      'home-care-nurse',
    );
    expect(decision.granted).toEqual(['patient/*.rs', 'patient/Observation.c', 'user/Flag.c']);
    expect(decision.rejected).toEqual(['patient/Observation.cu', 'patient/Patient.d']);
  });

  it('refuses a wildcard the role holds only in part', () => {
    expect(decideResourceScopes(['patient/*.crs'], 'legevakt-doctor')).toEqual({
      granted: [],
      rejected: ['patient/*.crs'],
    });
  });

  it('gives administrators nothing clinical', () => {
    expect(allowedResourceScopes('administrator')).toEqual([]);
    expect(decideResourceScopes(['patient/*.rs', 'user/AuditEvent.rs'], 'administrator').granted).toEqual([]);
  });
});

describe('recognisedResourceScopes', () => {
  it('lists every well-formed scope once, and each parses', () => {
    const all = recognisedResourceScopes();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain('patient/Observation.rs');
    expect(all).toContain('user/*.cruds');
    expect(all).toContain('patient/Patient.read');
    for (const scope of all) expect(parseResourceScope(scope), scope).toBeDefined();
  });
});

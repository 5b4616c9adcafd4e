import { describe, expect, it } from 'vitest';
import {
  allowedResourceScopes,
  classifyScope,
  covers,
  decideContextScopes,
  decideResourceScopes,
  grantedScopes,
  parseResourceScope,
  resourceServerScopes,
} from './scopes';

describe('parseResourceScope', () => {
  it.each([
    ['patient/Observation.rs', { context: 'patient', resourceType: 'Observation', perms: 'rs' }],
    ['user/*.cruds', { context: 'user', resourceType: '*', perms: 'cruds' }],
    ['patient/Patient.read', { context: 'patient', resourceType: 'Patient', perms: 'rs' }],
    ['user/Observation.write', { context: 'user', resourceType: 'Observation', perms: 'cud' }],
    ['patient/*.*', { context: 'patient', resourceType: '*', perms: 'cruds' }],
    [
      'patient/Observation.rs?category=vital-signs',
      {
        context: 'patient',
        resourceType: 'Observation',
        perms: 'rs',
        query: [{ param: 'category', values: ['vital-signs'] }],
        queryText: 'category=vital-signs',
      },
    ],
    [
      'user/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs,survey&code=9279-1',
      {
        context: 'user',
        resourceType: 'Observation',
        perms: 'rs',
        query: [
          {
            param: 'category',
            values: ['http://terminology.hl7.org/CodeSystem/observation-category|vital-signs', 'survey'],
          },
          { param: 'code', values: ['9279-1'] },
        ],
        queryText:
          'category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs,survey&code=9279-1',
      },
    ],
  ])('reads %s', (scope, expected) => {
    expect(parseResourceScope(scope)).toEqual(expected);
  });
});

describe('classifyScope', () => {
  it.each([
    ['patient/Observation.sr', 'bad-permissions'], // out of order
    ['patient/Observation.rr', 'bad-permissions'], // repeated
    ['patient/Observation.', 'unknown-scope'],
    ['patient/Observation.x', 'bad-permissions'],
    ['system/Observation.rs', 'system-scope'],
    ['patient/Condition.rs', 'unknown-type'],
    ['patient/*.rs?category=vital-signs', 'bad-query'],
    ['patient/Observation.rs?date=ge2026', 'query-param'],
    ['patient/Observation.rs?category=', 'bad-query'],
    ['patient/Observation.rs?category:in=x', 'query-param'],
    ['patient/Observation.rs?category=%E0', 'bad-query'],
    ['__custom', 'unknown-scope'],
  ])('refuses %s (%s) with a reason in Norwegian', (scope, code) => {
    const c = classifyScope(scope);
    expect(c.kind).toBe('refused');
    if (c.kind !== 'refused') return;
    expect(c.refusal.code).toBe(code);
    expect(c.refusal.nb.length).toBeGreaterThan(10);
  });

  it('names the supported parameters when one is not', () => {
    const c = classifyScope('patient/Observation.rs?date=ge2026');
    expect(c.kind === 'refused' && c.refusal.nb).toContain('category, code');
  });

  it.each(['openid', 'fhirUser', 'launch', 'launch/patient', 'offline_access', 'online_access'])(
    'knows the context scope %s',
    (scope) => {
      expect(classifyScope(scope).kind).toBe('context');
    },
  );

  it('tells v1 from v2', () => {
    expect(classifyScope('patient/*.read')).toMatchObject({ kind: 'resource', version: 'v1' });
    expect(classifyScope('patient/*.rs')).toMatchObject({ kind: 'resource', version: 'v2' });
  });
});

describe('covers', () => {
  const p = (s: string) => parseResourceScope(s)!;
  it('needs the same context, a matching type, the same query and every permission', () => {
    expect(covers(p('patient/*.rs'), p('patient/Observation.r'))).toBe(true);
    expect(covers(p('patient/*.rs'), p('patient/Observation.rs?category=survey'))).toBe(true);
    expect(covers(p('patient/Observation.rs?category=survey'), p('patient/Observation.rs'))).toBe(false);
    expect(covers(p('patient/*.rs'), p('user/Observation.r'))).toBe(false);
    expect(covers(p('patient/Observation.rs'), p('patient/Patient.r'))).toBe(false);
    expect(covers(p('patient/Observation.c'), p('patient/Observation.cu'))).toBe(false);
    expect(covers(p('patient/Observation.rs'), p('patient/*.rs'))).toBe(false);
  });
});

describe('decideResourceScopes', () => {
  const decide = (scopes: string[], role: Parameters<typeof decideResourceScopes>[1] = 'home-care-nurse') =>
    Object.fromEntries(decideResourceScopes(scopes, role).map((o) => [o.requested, o]));

  it('grants what a clinician holds exactly as asked, v1 names included', () => {
    const d = decide([
      'patient/*.rs',
      'patient/Observation.c',
      'user/AuditEvent.c',
      'patient/*.read',
      'patient/Observation.rs?category=vital-signs',
    ]);
    for (const [scope, outcome] of Object.entries(d)) {
      expect(outcome.granted, scope).toEqual([scope]);
      expect(outcome.refusal).toBeUndefined();
    }
  });

  it('grants the part a clinician holds, in v2 syntax, and says what was left out', () => {
    const d = decide(['patient/*.*', 'patient/Observation.cu', 'user/Patient.cruds', 'user/*.write']);
    expect(d['patient/*.*']?.granted).toEqual([
      'patient/*.rs',
      'patient/Observation.c',
      'patient/AuditEvent.c',
      'patient/Flag.c',
      'patient/CarePlan.c',
      'patient/Communication.c',
    ]);
    expect(d['patient/*.*']?.refusal?.nb).toMatch(/u \(oppdatere\) og d \(slette\) gis aldri/);
    expect(d['patient/*.*']?.refusal?.nb).toMatch(
      /c \(opprette\) gis bare for Observation, AuditEvent, Flag, CarePlan og Communication/,
    );
    expect(d['patient/Observation.cu']?.granted).toEqual(['patient/Observation.c']);
    expect(d['patient/Observation.cu']?.refusal?.code).toBe('read-only');
    expect(d['user/Patient.cruds']?.granted).toEqual(['user/Patient.rs']);
    expect(d['user/*.write']?.granted).toEqual([
      'user/Observation.c',
      'user/AuditEvent.c',
      'user/Flag.c',
      'user/CarePlan.c',
      'user/Communication.c',
    ]);
  });

  it('refuses what no clinician can hold, with the reason', () => {
    const d = decide(['user/Patient.c', 'patient/Patient.d', 'patient/Condition.rs', 'system/*.rs']);
    expect(d['user/Patient.c']).toMatchObject({ granted: [], refusal: { code: 'not-creatable' } });
    expect(d['user/Patient.c']?.refusal?.nb).toContain('Apper kan ikke opprette Patient');
    expect(d['patient/Patient.d']).toMatchObject({ granted: [], refusal: { code: 'read-only' } });
    expect(d['patient/Condition.rs']).toMatchObject({ granted: [], refusal: { code: 'unknown-type' } });
    expect(d['system/*.rs']).toMatchObject({ granted: [], refusal: { code: 'system-scope' } });
  });

  it('grants only reading and searching with a search-parameter restriction', () => {
    const d = decide(['patient/Observation.crs?category=vital-signs', 'patient/Observation.c?code=x']);
    expect(d['patient/Observation.crs?category=vital-signs']?.granted).toEqual([
      'patient/Observation.rs?category=vital-signs',
    ]);
    expect(d['patient/Observation.crs?category=vital-signs']?.refusal?.nb).toContain(
      'bare for lesing og søk',
    );
    expect(d['patient/Observation.c?code=x']?.granted).toEqual([]);
  });

  it('gives administrators nothing clinical, and says why', () => {
    expect(allowedResourceScopes('administrator')).toEqual([]);
    const outcomes = decideResourceScopes(['patient/*.rs', 'user/AuditEvent.rs'], 'administrator');
    expect(grantedScopes(outcomes)).toEqual([]);
    expect(outcomes.map((o) => o.refusal?.code)).toEqual(['role', 'role']);
  });

  it('leaves context scopes to decideContextScopes', () => {
    expect(decideResourceScopes(['openid', 'launch', 'offline_access'], 'home-care-nurse')).toEqual([]);
  });

  it('answers for the best case before the user is known', () => {
    expect(
      grantedScopes(decideResourceScopes(['patient/*.rs', 'patient/Condition.rs'], 'clinician')),
    ).toEqual(['patient/*.rs']);
  });
});

describe('decideContextScopes', () => {
  it('grants launch only in an EHR launch and launch/encounter only with an encounter', () => {
    const outcomes = decideContextScopes(
      ['openid', 'fhirUser', 'launch', 'launch/patient', 'launch/encounter', 'online_access', 'patient/*.rs'],
      { ehrLaunch: false, patient: true, encounter: false },
    );
    expect(grantedScopes(outcomes)).toEqual(['openid', 'fhirUser', 'launch/patient', 'online_access']);
    expect(outcomes.filter((o) => o.refusal).map((o) => [o.requested, o.refusal?.code])).toEqual([
      ['launch', 'no-launch'],
      ['launch/encounter', 'no-encounter'],
    ]);
  });
});

describe('resourceServerScopes', () => {
  it('lists the context scopes and every parsable resource scope asked for or held', () => {
    const list = resourceServerScopes([
      'openid patient/Observation.rs?category=vital-signs patient/Condition.rs foo',
      undefined,
      'user/*.read',
    ]);
    expect(list).toContain('online_access');
    expect(list).toContain('patient/Observation.rs?category=vital-signs');
    expect(list).toContain('user/*.read');
    expect(list).not.toContain('patient/Condition.rs');
    expect(list).not.toContain('foo');
  });
});

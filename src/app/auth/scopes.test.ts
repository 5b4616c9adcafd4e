// Scope negotiation (issue #13 point 5): v2 where the server takes it, v1 where not, and
// what a granted scope lets the app write.
import { describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../config/appConfig';
import { APP_WRITES, grantsOf, parseScope, requestedScope, scopeSyntaxOf } from './scopes';
import { beginLaunch } from './smartLaunch';

describe('the syntax the server takes', () => {
  it('is v2 when capabilities say permission-v2', () => {
    expect(scopeSyntaxOf({ capabilities: ['launch-ehr', 'permission-v2'] })).toBe('v2');
  });
  it('is v2 when scopes_supported lists a v2 scope', () => {
    expect(scopeSyntaxOf({ scopes_supported: ['openid', 'patient/Observation.rs'] })).toBe('v2');
  });
  it('is v1 when the server names only v1 scopes, or nothing', () => {
    expect(
      scopeSyntaxOf({ capabilities: ['launch-ehr', 'permission-v1'], scopes_supported: ['patient/*.read'] }),
    ).toBe('v1');
    expect(scopeSyntaxOf({})).toBe('v1');
  });
});

describe('the scopes Varde asks for', () => {
  it('are built from the table of what the app writes, in either syntax', () => {
    expect(requestedScope('ehr', 'v2')).toBe(
      'openid fhirUser profile launch patient/*.rs patient/Observation.c patient/AuditEvent.c patient/CarePlan.c patient/Flag.c patient/Communication.c offline_access',
    );
    expect(requestedScope('ehr', 'v1')).toBe(
      'openid fhirUser profile launch patient/*.read patient/Observation.write patient/AuditEvent.write patient/CarePlan.write patient/Flag.write patient/Communication.write offline_access',
    );
    expect(requestedScope('standalone', 'v1')).toBe(
      'openid fhirUser profile user/*.read user/Observation.write user/AuditEvent.write user/CarePlan.write user/Flag.write user/Communication.write offline_access',
    );
  });
  it('grow by one line per written type', () => {
    const writes = [...APP_WRITES, { resourceType: 'Communication', what: 'eskaleringer' }];
    expect(requestedScope('ehr', 'v2', writes)).toContain('patient/Communication.c');
    expect(requestedScope('ehr', 'v1', writes)).toContain('patient/Communication.write');
  });
});

describe('what a granted scope allows', () => {
  it('v2: read everything, write observations', () => {
    const g = grantsOf('openid launch patient/*.rs patient/Observation.c offline_access');
    expect(g.mayRead('Patient')).toBe(true);
    expect(g.mayWrite('Observation')).toBe(true);
    expect(g.mayWrite('AuditEvent')).toBe(false);
    expect(g.missingWrites().map((w) => w.resourceType)).toEqual([
      'AuditEvent',
      'CarePlan',
      'Flag',
      'Communication',
    ]);
  });
  it('v1: read and write', () => {
    const g = grantsOf('launch patient/*.read patient/Observation.write');
    expect(g.mayRead('EpisodeOfCare')).toBe(true);
    expect(g.mayWrite('Observation')).toBe(true);
    expect(g.mayWrite('Flag')).toBe(false);
    expect(grantsOf('user/*.*').mayWrite('AuditEvent')).toBe(true);
  });
  it('read only: nothing may be written', () => {
    const g = grantsOf('openid launch patient/*.read offline_access');
    expect(g.mayRead('Observation')).toBe(true);
    expect(g.mayWrite('Observation')).toBe(false);
    expect(g.missingWrites().map((w) => w.resourceType)).toEqual([
      'Observation',
      'AuditEvent',
      'CarePlan',
      'Flag',
      'Communication',
    ]);
    // v2 read and search letters do not write.
    expect(grantsOf('patient/*.rs').mayWrite('Observation')).toBe(false);
    expect(grantsOf('patient/Observation.cruds').mayWrite('Observation')).toBe(true);
  });
  it('ignores what it cannot parse, and system scopes', () => {
    expect(parseScope('patient/Observation.xyz')).toBeUndefined();
    expect(parseScope('patient/Observation.sr')).toBeUndefined();
    expect(grantsOf('system/*.cruds').mayWrite('Observation')).toBe(false);
    expect(grantsOf('patient/Observation.c?category=vital-signs').mayWrite('Observation')).toBe(true);
  });
});

describe('the authorization request', () => {
  const config: AppConfig = {
    clientId: 'varde',
    municipalities: [{ name: 'Annen EPJ', fhirBase: 'https://ehr.test/fhir' }],
  };
  const launchWith = async (smart: Record<string, unknown>) => {
    const fetchFn = vi.fn(
      async () =>
        new Response(
          JSON.stringify({
            authorization_endpoint: 'https://ehr.test/oidc/auth',
            token_endpoint: 'https://ehr.test/oidc/token',
            code_challenge_methods_supported: ['S256'],
            ...smart,
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
    );
    const url = await beginLaunch(
      {
        config,
        origin: 'https://app.test',
        storage: window.sessionStorage,
        fetchFn: fetchFn as typeof fetch,
      },
      { iss: 'https://ehr.test/fhir', launch: 'L1' },
    );
    return new URL(url).searchParams.get('scope');
  };

  it('asks a v1 server in v1 and a v2 server in v2', async () => {
    expect(await launchWith({ capabilities: ['launch-ehr', 'permission-v1'] })).toBe(
      requestedScope('ehr', 'v1'),
    );
    expect(await launchWith({ capabilities: ['launch-ehr', 'permission-v2'] })).toBe(
      requestedScope('ehr', 'v2'),
    );
  });
});

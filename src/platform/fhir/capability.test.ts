import { describe, expect, it } from 'vitest';
import { capabilityStatement, OAUTH_URIS_EXTENSION } from './capability';
import { SEARCH_PARAMS } from './searchParams';

const BASE = 'https://varde.example.no/fhir/4601';
const ISSUER = 'https://varde.example.no/auth';
const URIS = {
  authorize: `${ISSUER}/auth`,
  token: `${ISSUER}/token`,
  revoke: `${ISSUER}/token/revocation`,
  introspect: `${ISSUER}/token/introspection`,
  register: `${ISSUER}/reg`,
};

describe('capabilityStatement', () => {
  const cs = capabilityStatement(BASE, '2026-11-01T10:00:00Z', URIS);
  const security = cs.rest?.[0]?.security;

  it('names the real SMART endpoints in oauth-uris, each an absolute URL', () => {
    const ext = security?.extension?.find((e) => e.url === OAUTH_URIS_EXTENSION);
    const uris = Object.fromEntries((ext?.extension ?? []).map((e) => [e.url, e.valueUri]));
    expect(uris).toEqual(URIS);
    for (const uri of Object.values(uris)) expect(URL.parse(String(uri))?.protocol).toBe('https:');
    // Not the discovery document (what it used to say), and never a relative address.
    expect(Object.values(uris)).not.toContain(`${BASE}/.well-known/smart-configuration`);
  });

  it('says the API is SMART on FHIR and CORS-enabled', () => {
    expect(security?.cors).toBe(true);
    expect(security?.service?.[0]?.coding?.[0]?.code).toBe('SMART-on-FHIR');
  });

  it('leaves oauth-uris out when there is no authorization server', () => {
    const bare = capabilityStatement(BASE, '2026-11-01T10:00:00Z');
    expect(bare.rest?.[0]?.security?.extension).toBeUndefined();
  });

  it('lists every searchable type, creates only where the router creates', () => {
    const resources = cs.rest?.[0]?.resource ?? [];
    expect(resources.map((r) => r.type)).toEqual(Object.keys(SEARCH_PARAMS));
    const creatable = resources
      .filter((r) => r.interaction?.some((i) => i.code === 'create'))
      .map((r) => r.type);
    expect([...creatable].sort()).toEqual(['AuditEvent', 'CarePlan', 'Communication', 'Flag', 'Observation']);
  });
});

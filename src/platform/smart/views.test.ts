import { describe, expect, it } from 'vitest';
import { decideResourceScopes } from './scopes';
import { consentPage, errorPage, loginPage, scopeMeaning } from './views';

const app = { clientId: 'vitalia-1', name: 'Vitalia <Pleie>', thirdParty: true };
const user = {
  username: 'kari.nordmann',
  practitionerId: 'p1',
  name: 'Kari Nordmann',
  role: 'home-care-nurse' as const,
  organizationId: 'o',
  organizationName: 'Hjemmesykepleien',
};

describe('scopeMeaning', () => {
  it.each([
    ['patient/*.rs', 'lese og søke i alle data om pasienten'],
    ['user/Observation.c', 'opprette Observation om pasienter du har tjenstlig behov for'],
    [
      'patient/Observation.rs?category=vital-signs',
      'lese og søke i Observation om pasienten (bare category=vital-signs)',
    ],
    ['online_access', 'fornye tilgangen så lenge du er innlogget'],
    ['patient/Condition.rs', ''],
  ])('%s', (scope, meaning) => {
    expect(scopeMeaning(scope)).toBe(meaning);
  });
});

describe('pages', () => {
  it('name the app on the login page, escaped, with what the platform cannot give', () => {
    const html = loginPage({
      uid: 'u1',
      tenantName: 'Bergen kommune',
      users: [user],
      app,
      scopes: decideResourceScopes(['patient/*.rs', 'patient/Condition.rs'], 'clinician'),
    });
    expect(html).toContain('<h1>Logg inn i Vitalia &#60;Pleie&#62;</h1>');
    expect(html).toContain('<code>vitalia-1</code>');
    expect(html).toContain(
      '<code>patient/Condition.rs</code>: Ikke gitt. Ressurstypen Condition finnes ikke',
    );
    expect(html).not.toContain('<code>patient/*.rs</code>:');
  });

  it('keep Varde’s own login page as it was', () => {
    const html = loginPage({
      uid: 'u1',
      tenantName: 'Bergen kommune',
      users: [user],
      app: { clientId: 'varde', name: 'Varde', thirdParty: false },
      scopes: [],
    });
    expect(html).toContain('<h1>Logg inn i Varde</h1>');
    expect(html).not.toContain('client_id');
  });

  it('show on the consent page what is granted, what is not, and carry the picked patient', () => {
    const html = consentPage({
      uid: 'u1',
      app,
      user,
      pickedPatient: 'pat-1',
      ehrLaunch: false,
      outcomes: decideResourceScopes(['patient/*.*'], 'home-care-nurse'),
    });
    expect(html).toContain('<li><code>patient/*.rs</code> – lese og søke i alle data om pasienten</li>');
    expect(html).toContain('<code>patient/*.*</code>: Gitt i stedet:');
    expect(html).toContain('<input type="hidden" name="patient" value="pat-1">');
    expect(html).toContain('action="/auth/interaction/u1/consent"');
  });

  it('give the error code, the description and where to look, without inline style or script', () => {
    const html = errorPage({
      error: 'invalid_redirect_uri',
      description: "redirect_uri did not match any of the client's registered redirect_uris",
      clientId: 'c',
      redirectUri: 'https://x.example.no/cb',
      issuer: 'https://p.example.no/auth',
    });
    expect(html).toContain('<code>invalid_redirect_uri</code>');
    expect(html).toContain('<code>redirect_uris</code>');
    expect(html).toContain('<code>https://x.example.no/cb</code>');
    expect(html).not.toMatch(/<script|<style|style="/);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { session } from '../testing/renderApp';
import { readClinicalRole, withLaunchContext } from './practitionerRole';

const ROLE_SYSTEM = 'https://varde.no/fhir/CodeSystem/role';

function roleBundle(code: string, practitioner = 'Practitioner/prac-4601-13') {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: [
      {
        resource: {
          resourceType: 'PractitionerRole',
          practitioner: { reference: practitioner },
          code: [{ coding: [{ system: ROLE_SYSTEM, code }] }],
        },
        search: { mode: 'match' },
      },
    ],
  };
}

const answering = (body: unknown, status = 200) =>
  vi.fn(async () => Response.json(body, { status })) as unknown as typeof fetch & ReturnType<typeof vi.fn>;

const doctor = session({
  fhirUser: 'https://app.test/fhir/4601/Practitioner/prac-4601-13',
  accessToken: 'tok-1',
});

describe("the user's role from the FHIR server", () => {
  it("reads the practitioner's PractitionerRole with the session's token", async () => {
    const fetchFn = answering(roleBundle('legevakt-doctor'));
    expect(await readClinicalRole(doctor, fetchFn)).toBe('doctor');
    const [url, init] = fetchFn.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('https://app.test/fhir/4601/PractitionerRole?practitioner=Practitioner%2Fprac-4601-13');
    expect(new Headers(init.headers).get('Authorization')).toBe('Bearer tok-1');
  });

  it('is a nurse for the home-care role, and unknown for anything it cannot tell', async () => {
    expect(await readClinicalRole(doctor, answering(roleBundle('home-care-nurse')))).toBe('nurse');
    expect(await readClinicalRole(doctor, answering(roleBundle('administrator')))).toBeUndefined();
    // Another practitioner's role is not the user's.
    expect(
      await readClinicalRole(doctor, answering(roleBundle('legevakt-doctor', 'Practitioner/other'))),
    ).toBeUndefined();
    expect(
      await readClinicalRole(doctor, answering({ resourceType: 'OperationOutcome' }, 403)),
    ).toBeUndefined();
    const offline = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await readClinicalRole(doctor, offline)).toBeUndefined();
    // No fhirUser: nothing to ask for, and nothing is asked.
    const never = answering(roleBundle('legevakt-doctor'));
    expect(await readClinicalRole({ ...doctor, fhirUser: undefined }, never)).toBeUndefined();
    expect(never).not.toHaveBeenCalled();
  });
});

describe('the session after the callback', () => {
  it('an EHR launch is an online session the EPJ locks, by default, with the role', async () => {
    const s = await withLaunchContext(doctor, {}, answering(roleBundle('legevakt-doctor')));
    expect(s).toMatchObject({ kind: 'ehr', store: 'memory', lock: 'epj', role: 'doctor' });
  });

  it("follows the deployment's ehrLaunch; standalone always keeps the device store", async () => {
    const fetchFn = answering(roleBundle('home-care-nurse'));
    expect(await withLaunchContext(doctor, { ehrLaunch: { lock: 'idle' } }, fetchFn)).toMatchObject({
      store: 'memory',
      lock: 'idle',
    });
    const device = await withLaunchContext(doctor, { ehrLaunch: { store: 'device' } }, fetchFn);
    expect(device.store).toBe('device');
    expect(device.lock).toBeUndefined();
    const standalone = await withLaunchContext(
      session({ kind: 'standalone', patient: undefined, fhirUser: doctor.fhirUser }),
      { ehrLaunch: { store: 'memory' } },
      fetchFn,
    );
    expect(standalone).toMatchObject({ store: 'device', role: 'nurse' });
  });

  it('keeps no role when it cannot be read', async () => {
    const s = await withLaunchContext(doctor, {}, answering({}, 500));
    expect('role' in s).toBe(false);
  });
});

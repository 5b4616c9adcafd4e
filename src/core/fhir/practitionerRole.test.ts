import type { PractitionerRole } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { clinicalRoleFromPractitionerRoles } from './practitionerRole';

const PLATFORM = 'https://varde.no/fhir/CodeSystem/role';
const VOLVEN_9060 = 'urn:oid:2.16.578.1.12.4.1.1.9060';

function role(system: string, code: string, extra: Partial<PractitionerRole> = {}): PractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    active: true,
    practitioner: { reference: 'Practitioner/prac-1' },
    code: [{ coding: [{ system, code }] }],
    ...extra,
  };
}

describe('clinicalRoleFromPractitionerRoles', () => {
  it.each([
    ['legevakt-doctor', 'doctor'],
    ['home-care-nurse', 'nurse'],
    ['kad-nurse', 'nurse'],
    ['administrator', undefined],
    ['unknown-role', undefined],
  ])("reads the platform's role code %s as %s", (code, expected) => {
    expect(clinicalRoleFromPractitionerRoles([role(PLATFORM, code)])).toBe(expected);
  });

  it.each([
    ['LE', 'doctor'],
    ['SP', 'nurse'],
    ['JO', undefined],
  ])('reads the HPR category (Volven 9060) %s as %s', (code, expected) => {
    expect(clinicalRoleFromPractitionerRoles([role(VOLVEN_9060, code)])).toBe(expected);
  });

  it('ignores a code in another system, an inactive role and other resource types', () => {
    expect(clinicalRoleFromPractitionerRoles([role('https://example.org/roles', 'legevakt-doctor')])).toBe(
      undefined,
    );
    expect(clinicalRoleFromPractitionerRoles([role(PLATFORM, 'legevakt-doctor', { active: false })])).toBe(
      undefined,
    );
    expect(
      clinicalRoleFromPractitionerRoles([
        { resourceType: 'Practitioner' },
        { resourceType: 'OperationOutcome' },
        role(PLATFORM, 'kad-nurse'),
      ]),
    ).toBe('nurse');
    expect(clinicalRoleFromPractitionerRoles([])).toBe(undefined);
  });

  it('says nothing when the roles disagree, within one resource or across several', () => {
    expect(
      clinicalRoleFromPractitionerRoles([
        role(PLATFORM, 'legevakt-doctor'),
        role(PLATFORM, 'home-care-nurse'),
      ]),
    ).toBe(undefined);
    const both: PractitionerRole = {
      ...role(PLATFORM, 'legevakt-doctor'),
      code: [
        {
          coding: [
            { system: PLATFORM, code: 'legevakt-doctor' },
            { system: VOLVEN_9060, code: 'SP' },
          ],
        },
      ],
    };
    expect(clinicalRoleFromPractitionerRoles([both])).toBe(undefined);
    // Agreeing codes are one role.
    expect(
      clinicalRoleFromPractitionerRoles([role(PLATFORM, 'legevakt-doctor'), role(VOLVEN_9060, 'LE')]),
    ).toBe('doctor');
  });

  it("reads only the given practitioner's roles when asked to", () => {
    const other = role(PLATFORM, 'home-care-nurse', { practitioner: { reference: 'Practitioner/prac-2' } });
    expect(
      clinicalRoleFromPractitionerRoles([role(PLATFORM, 'legevakt-doctor'), other], {
        practitioner: 'Practitioner/prac-1',
      }),
    ).toBe('doctor');
    expect(clinicalRoleFromPractitionerRoles([other], { practitioner: 'Practitioner/prac-1' })).toBe(
      undefined,
    );
  });
});

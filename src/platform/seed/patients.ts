// One synthetic patient: demographics from the patient's own random stream, so patient n
// of a tenant is the same person whatever the dataset size.

import type { Patient } from '@medplum/fhirtypes';
import { SYSTEM } from '../../core/fhir/codes';
import { syntheticFnr } from './fodselsnummer';
import type { MunicipalityDef, Street } from './municipalities';
import { FEMALE_NAMES, MALE_NAMES, SURNAMES_COMMON } from './names';
import type { Rng } from './prng';
import { DAY, osloDate } from './time';

export const COVERAGE_SYSTEM = SYSTEM.coverage;

export interface PatientPerson {
  given: string;
  family: string;
  gender: 'male' | 'female';
  birthDate: string;
  fnr: string;
  address: Street & { houseNumber: string };
}

export function makePerson(
  rng: Rng,
  m: Pick<MunicipalityDef, 'surnames'>,
  streets: readonly Street[],
  nowMs: number,
  /** Numbers already given out in this tenant: a fødselsnummer identifies one person. */
  usedFnr: Set<string>,
): PatientPerson {
  const gender = rng.chance(0.6) ? 'female' : 'male';
  const given = rng.pick(gender === 'female' ? FEMALE_NAMES : MALE_NAMES);
  const family = rng.chance(0.5) ? rng.pick(m.surnames) : rng.pick(SURNAMES_COMMON);
  // Mostly 65–98 years old, centred on the early eighties.
  const age = Math.round(Math.min(98, Math.max(65, 82 + rng.gauss() * 7)));
  const birthMs = nowMs - age * 365.25 * DAY - rng.int(1, 360) * DAY;
  const birthDate = osloDate(birthMs);
  const fnr = syntheticFnr(
    birthDate,
    gender,
    () => rng.int(0, 499),
    (f) => usedFnr.has(f),
  );
  usedFnr.add(fnr);
  const street = rng.pick(streets);
  const houseNumber = `${rng.int(1, 120)}${rng.chance(0.15) ? rng.pick(['A', 'B', 'C']) : ''}`;
  return { given, family, gender, birthDate, fnr, address: { ...street, houseNumber } };
}

export function personToPatient(
  p: PatientPerson,
  opts: {
    id: string;
    sourceSystem: string;
    managingOrganization?: { id: string; display: string };
    notCovered: boolean;
    /** The fastlege and the office (Patient.generalPractitioner). */
    generalPractitioner?: { practitionerId: string; name: string; officeId: string; officeName: string };
  },
): Patient {
  const gp = opts.generalPractitioner;
  return {
    resourceType: 'Patient',
    id: opts.id,
    meta: {
      source: opts.sourceSystem,
      ...(opts.notCovered
        ? {
            tag: [
              {
                system: COVERAGE_SYSTEM,
                code: 'not-covered',
                display: 'Ikke registrert i kommunens PLO-system',
              },
            ],
          }
        : {}),
    },
    identifier: [{ use: 'official', system: SYSTEM.fodselsnummer, value: p.fnr }],
    active: true,
    name: [{ use: 'official', family: p.family, given: [p.given], text: `${p.given} ${p.family}` }],
    gender: p.gender,
    birthDate: p.birthDate,
    address: [
      {
        use: 'home',
        type: 'physical',
        line: [`${p.address.street} ${p.address.houseNumber}`],
        postalCode: p.address.postalCode,
        city: p.address.city,
        country: 'NO',
      },
    ],
    ...(gp
      ? {
          generalPractitioner: [
            { reference: `Practitioner/${gp.practitionerId}`, display: gp.name },
            { reference: `Organization/${gp.officeId}`, display: gp.officeName },
          ],
        }
      : {}),
    ...(opts.managingOrganization
      ? {
          managingOrganization: {
            reference: `Organization/${opts.managingOrganization.id}`,
            display: opts.managingOrganization.display,
          },
        }
      : {}),
  };
}

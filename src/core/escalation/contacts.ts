// Whom to call after an elevated set, in which order (issue #11 point 3, DOMAIN.md §8): the
// patient's fastlege, the legevakt (the local number and the national 116 117), and 113 for
// emergencies. The order follows the RCP urgency of the set (chart 4):
//
// - NEWS2 7 or more ("emergency"): 113 (AMK) first. RCP asks for an emergency assessment by
//   a team with critical-care skills; in municipal care that is the ambulance service via
//   AMK. Then the legevakt, then the fastlege (who should hear of it, not be the first call).
// - Otherwise (5–6 "urgent", a single 3, or a lower score): a doctor who knows the patient
//   first. The fastlege in the office's usual hours, else the legevakt, which is the doctor
//   on call outside them ("legevakt utenom fastlegens åpningstid"). 113 stays on the list,
//   last, for a sudden change.
//
// Office hours are an assumption, stated in the text the nurse reads: Monday–Friday
// 08:00–15:30 Oslo time (a common fastlege day; public holidays are not known here), so a
// call at 16:10 is not sent to a closed office first. Nothing here changes the score or the
// RCP response; it orders the phone numbers beside them.
import { news2ResponseLevel } from '../news2/response';
import type { News2ResponseLevel } from '../news2/response';
import type { News2Score } from '../news2/types';
import { osloDateOf, osloOffsetMinutes, parseInstant } from '../time/oslo';
import { AMK_PHONE, LEGEVAKT_PHONE } from './escalation';

/** The patient's GP (Patient.generalPractitioner), with the office when known. */
export interface FastlegeContact {
  /** "Per Olsen". */
  name: string;
  /** Practitioner/… */
  reference?: string;
  /** The number for health personnel, when known. */
  phone?: string;
  office?: { name: string; reference?: string; phone?: string };
}

/** The municipality's own legevakt (the local number beside the national 116 117). */
export interface LocalLegevakt {
  /** "Bergen legevakt". */
  name: string;
  /** HealthcareService/… or Organization/… */
  reference?: string;
  phone?: string;
}

/**
 * What the panel needs to know about whom to call for one patient. Absent fields are
 * unknown ("ukjent"), never "none": a patient without `fastlege` here may well have one.
 */
export interface PatientContacts {
  fastlege?: FastlegeContact;
  legevakt?: LocalLegevakt;
  /** Where the patient lives, one line ("Kalfarveien 12, 5018 Bergen"), for the call to 113. */
  homeAddress?: string;
}

export interface CallNumber {
  /** As written for people: "55 55 02 00", "116 117", "113". */
  number: string;
  /** What the number is: "direkte", "nasjonalt legevaktnummer", "nødnummer". */
  label: string;
}

export interface CallOption {
  kind: 'amk' | 'legevakt' | 'fastlege';
  /** "Nødnummer 113 (AMK)", "Legevakt", "Fastlege". */
  title: string;
  /** Whom: "Per Olsen, Kalfaret legesenter", "Bergen legevakt", "AMK". */
  name: string;
  reference?: string;
  /** Numbers, the one to try first first. Empty when none is known ("ukjent"). */
  numbers: CallNumber[];
  /** When to use it, or why it is in this place (Norwegian). */
  note: string;
}

export interface CallOrder {
  level: News2ResponseLevel;
  /** True on a weekday between 08:00 and 15:30 Oslo time. */
  officeHours: boolean;
  options: CallOption[];
  /** One sentence on the order, for the top of the list (Norwegian). */
  summary: string;
}

const OFFICE_OPENS_MIN = 8 * 60;
const OFFICE_CLOSES_MIN = 15 * 60 + 30;

/** Monday–Friday 08:00–15:30 in Oslo. */
export function inFastlegeOfficeHours(at: string): boolean {
  const ms = parseInstant(at, 'at');
  const local = new Date(ms + osloOffsetMinutes(ms) * 60_000);
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
  const day = new Date(`${osloDateOf(ms)}T00:00:00Z`).getUTCDay();
  return day >= 1 && day <= 5 && minutes >= OFFICE_OPENS_MIN && minutes < OFFICE_CLOSES_MIN;
}

/** Whether the panel is shown at all: risk low–medium ("single 3") or higher, partial sets too. */
export function escalationIndicated(score: Pick<News2Score, 'risk'>): boolean {
  return score.risk !== 'low';
}

/** The options in the order the set's urgency and the time of day call for. */
export function escalationCallOrder(input: {
  score: Pick<News2Score, 'total' | 'risk'>;
  contacts?: PatientContacts;
  now: string;
}): CallOrder {
  const level = news2ResponseLevel(input.score);
  const officeHours = inFastlegeOfficeHours(input.now);
  const gp = input.contacts?.fastlege;
  const local = input.contacts?.legevakt;

  const amk: CallOption = {
    kind: 'amk',
    title: 'Nødnummer 113 (AMK)',
    name: 'AMK',
    numbers: [{ number: AMK_PHONE, label: 'medisinsk nødtelefon' }],
    note:
      level === 'emergency'
        ? 'NEWS2 7 eller mer: ring 113 først.'
        : 'Ved akutt forverring: bevissthet, pust eller sirkulasjon.',
  };
  const legevakt: CallOption = {
    kind: 'legevakt',
    title: 'Legevakt',
    name: local?.name ?? 'Legevakten',
    ...(local?.reference ? { reference: local.reference } : {}),
    numbers: [
      ...(local?.phone ? [{ number: local.phone, label: 'direkte til legevakten' }] : []),
      { number: LEGEVAKT_PHONE, label: 'nasjonalt legevaktnummer' },
    ],
    note: officeHours
      ? 'Når fastlegen ikke kan nås.'
      : 'Utenom fastlegens vanlige åpningstid (hverdager 08–15.30).',
  };
  const gpNumbers: CallNumber[] = [
    ...(gp?.phone ? [{ number: gp.phone, label: 'direkte for helsepersonell' }] : []),
    ...(gp?.office?.phone && gp.office.phone !== gp.phone
      ? [{ number: gp.office.phone, label: 'legekontoret' }]
      : []),
  ];
  const fastlege: CallOption = {
    kind: 'fastlege',
    title: 'Fastlege',
    name: gp ? [gp.name, gp.office?.name].filter(Boolean).join(', ') : 'ukjent (ikke registrert i Varde)',
    ...(gp?.reference ? { reference: gp.reference } : {}),
    numbers: gpNumbers,
    note: officeHours
      ? 'Kjenner pasienten: ring i åpningstiden.'
      : 'Legekontoret er vanligvis stengt nå (hverdager 08–15.30).',
  };

  let options: CallOption[];
  let summary: string;
  if (level === 'emergency') {
    options = [amk, legevakt, fastlege];
    summary = 'NEWS2 7 eller mer: ring 113 først, så legevakten.';
  } else if (officeHours) {
    options = [fastlege, legevakt, amk];
    summary = 'Ring fastlegen; når fastlegen ikke kan nås, legevakten.';
  } else {
    options = [legevakt, fastlege, amk];
    summary = 'Utenom fastlegens åpningstid: ring legevakten.';
  }
  return { level, officeHours, options, summary };
}

/** The digits of a number for a `tel:` link ("55 55 02 00" -> "55550200"). */
export function dialString(number: string): string {
  return number.replace(/[^\d+]/g, '');
}

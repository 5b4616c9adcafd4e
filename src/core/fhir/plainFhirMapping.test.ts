// Plain R4 services and Scale 2 Flags, as another EHR writes them (issue #13 point 4).
import { describe, expect, it } from 'vitest';
import type { EpisodeOfCare, Flag, HealthcareService, ServiceRequest } from '@medplum/fhirtypes';
import { OFFICE_HOURS, reachability } from './plainFhirMapping';
import { scale2DecisionsFromFlags } from './scale2Flag';
import { servicesFromFhir } from './services';

const episode: EpisodeOfCare = {
  resourceType: 'EpisodeOfCare',
  id: 'ep-1',
  status: 'active',
  type: [{ coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9151', code: '15' }] }],
  patient: { reference: 'Patient/p1' },
  referralRequest: [{ reference: 'ServiceRequest/sr-1' }],
};

function request(...performers: string[]): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id: 'sr-1',
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    performer: performers.map((id) => ({ reference: `HealthcareService/${id}` })),
  };
}

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

const dayTeam: HealthcareService = {
  resourceType: 'HealthcareService',
  id: 'hs-dag',
  name: 'Hjemmesykepleien dag',
  telecom: [{ system: 'phone', value: '55 11 11 11', use: 'work' }],
  availableTime: [
    { daysOfWeek: [...weekdays], availableStartTime: '07:30:00', availableEndTime: '15:30:00' },
  ],
};

const nightTeam: HealthcareService = {
  resourceType: 'HealthcareService',
  id: 'hs-natt',
  name: 'Hjemmesykepleien kveld og natt',
  telecom: [{ system: 'phone', value: '55 99 99 99', use: 'work' }],
  availableTime: [
    { daysOfWeek: [...weekdays], availableStartTime: '15:30:00', availableEndTime: '23:59:59' },
    { daysOfWeek: [...weekdays], availableStartTime: '00:00:00', availableEndTime: '07:30:00' },
    { daysOfWeek: ['sat', 'sun'], allDay: true },
  ],
};

function contact(performers: string[], services: HealthcareService[]) {
  return servicesFromFhir({ episodes: [episode], requests: [request(...performers)], services })[0]?.location;
}

describe('after-hours contact from plain R4 (availableTime)', () => {
  it('reads a day team and a night team named as performers', () => {
    expect(contact(['hs-dag', 'hs-natt'], [dayTeam, nightTeam])).toEqual({
      name: 'Hjemmesykepleien dag',
      phone: '55 11 11 11',
      afterHoursPhone: '55 99 99 99',
    });
    // The order of performers does not decide which is the day number: availableTime does.
    expect(contact(['hs-natt', 'hs-dag'], [nightTeam, dayTeam])).toMatchObject({
      name: 'Hjemmesykepleien dag',
      phone: '55 11 11 11',
      afterHoursPhone: '55 99 99 99',
    });
  });

  it('gives a service open around the clock the same number day and night', () => {
    const always: HealthcareService = {
      ...dayTeam,
      id: 'hs-døgn',
      availableTime: [{ daysOfWeek: [...weekdays, 'sat', 'sun'], allDay: true }],
    };
    expect(contact(['hs-døgn'], [always])).toMatchObject({
      phone: '55 11 11 11',
      afterHoursPhone: '55 11 11 11',
    });
  });

  it('leaves after hours unknown for a day-only service or one that states no hours', () => {
    expect(contact(['hs-dag'], [dayTeam])).toEqual({ name: 'Hjemmesykepleien dag', phone: '55 11 11 11' });
    const noHours: HealthcareService = { ...dayTeam, availableTime: undefined };
    expect(contact(['hs-dag'], [noHours])?.afterHoursPhone).toBeUndefined();
    // Two plain work numbers say nothing about the night: no guess.
    const twoNumbers: HealthcareService = {
      ...noHours,
      telecom: [
        { ...noHours.telecom![0]!, rank: 1 },
        { system: 'phone', value: '55 22 22 22', use: 'work', rank: 2 },
      ],
    };
    expect(contact(['hs-dag'], [twoNumbers])).toEqual({ name: 'Hjemmesykepleien dag', phone: '55 11 11 11' });
  });

  it('never calls a number marked old or whose period has ended', () => {
    const night: HealthcareService = {
      ...nightTeam,
      telecom: [
        { system: 'phone', value: '55 00 00 00', use: 'old', rank: 1 },
        {
          system: 'phone',
          value: '55 33 33 33',
          period: { start: '2020-01-01', end: '2024-01-01' },
          rank: 1,
        },
        { system: 'phone', value: '55 99 99 99', use: 'work', rank: 3 },
      ],
    };
    expect(contact(['hs-dag', 'hs-natt'], [dayTeam, night])?.afterHoursPhone).toBe('55 99 99 99');
  });

  it('classifies slots against office hours', () => {
    expect(OFFICE_HOURS.start).toBe('08:00:00');
    expect(reachability(dayTeam)).toEqual({ office: true, afterHours: false });
    expect(reachability(nightTeam)).toEqual({ office: false, afterHours: true });
    expect(
      reachability({
        availableTime: [
          { daysOfWeek: ['sat'], availableStartTime: '10:00:00', availableEndTime: '12:00:00' },
        ],
      }),
    ).toEqual({ office: false, afterHours: true });
    // An evening team overlapping the end of the day counts as after hours.
    expect(
      reachability({
        availableTime: [
          { daysOfWeek: ['mon'], availableStartTime: '14:00:00', availableEndTime: '22:30:00' },
        ],
      }),
    ).toEqual({ office: true, afterHours: true });
    expect(reachability({})).toBeUndefined();
  });
});

describe('Scale 2 from a standard code', () => {
  const flag = (code: { system: string; code: string }, extra: Partial<Flag> = {}): Flag => ({
    resourceType: 'Flag',
    id: 'f1',
    status: 'active',
    code: { coding: [code], text: 'SpO2 skala 2 (KOLS)' },
    subject: { reference: 'Patient/p1' },
    author: { reference: 'Practitioner/lege-1' },
    period: { start: '2026-01-10T11:00:00Z' },
    ...extra,
  });
  const snomed = { system: 'http://snomed.info/sct', code: '1104321000000108' };

  it('reads a Flag coded with the SNOMED CT NEWS2 SpO2 Scale 2 concept', () => {
    expect(scale2DecisionsFromFlags([flag(snomed)])).toEqual([
      {
        id: 'f1',
        patientId: 'p1',
        decidedBy: { reference: 'Practitioner/lege-1' },
        decidedAt: '2026-01-10T11:00:00Z',
        reason: 'SpO2 skala 2 (KOLS)',
      },
    ]);
  });

  it('still needs who and when, and ignores other SNOMED codes', () => {
    expect(scale2DecisionsFromFlags([flag(snomed, { author: undefined })])).toEqual([]);
    expect(scale2DecisionsFromFlags([flag(snomed, { period: undefined })])).toEqual([]);
    expect(scale2DecisionsFromFlags([flag({ system: snomed.system, code: '1104311000000102' })])).toEqual([]);
  });
});

// One patient and her home-nursing episode, as the scripted server holds them in client tests.
import type { EpisodeOfCare, Patient } from '@medplum/fhirtypes';

export const PATIENT: Patient = {
  resourceType: 'Patient',
  id: 'pas-1',
  name: [{ use: 'official', given: ['Kari'], family: 'Nordmann' }],
  identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: '01015012345' }],
  birthDate: '1950-01-01',
  gender: 'female',
  text: { status: 'generated', div: '<div>fritekst som ikke skal lagres</div>' },
};

export const EPISODE: EpisodeOfCare = {
  resourceType: 'EpisodeOfCare',
  id: 'eoc-1',
  status: 'active',
  type: [{ coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9151', code: '15' }] }],
  patient: { reference: 'Patient/pas-1' },
  period: { start: '2026-03-01' },
};

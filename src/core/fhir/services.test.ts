import { describe, expect, it } from 'vitest';
import type { Bundle, EpisodeOfCare, HealthcareService, ServiceRequest } from '@medplum/fhirtypes';
import { validateR4 } from '../../../test/fixtures/core/fhirR4Validator';
import type { MunicipalService } from '../services/types';
import { EXTENSION, SYSTEM } from './codes';
import { coverageOutcomeEntry, parseCoverageOutcome } from './coverage';
import { municipalServiceToFhir, servicesFromFhir, servicesInputFromBundle } from './services';

const homeNursing: MunicipalService = {
  id: 'ep-hjemmesykepleie',
  typeCode: '15',
  typeDisplay: 'Helsetjenester i hjemmet',
  localName: 'Hjemmesykepleie sone Nord',
  status: 'active',
  start: '2025-03-01',
  reviewDate: '2026-03-01',
  hoursPerWeek: 7.5,
  location: {
    name: 'Hjemmetjenesten Åsane',
    phone: '+47 55 00 00 01',
    afterHoursPhone: '+47 55 00 00 99',
    address: 'Åsane senter 10, 5116 Ulset',
  },
  sourceSystem: 'Gerica',
  recordedAt: '2025-02-20T10:00:00+01:00',
};

const alarm: MunicipalService = {
  id: 'ep-alarm',
  typeCode: '6',
  typeDisplay: 'Trygghetsalarm',
  status: 'onhold',
  start: '2024-01-15',
  sourceSystem: 'Gerica',
};

const ended: MunicipalService = {
  id: 'ep-mat',
  typeCode: '5',
  typeDisplay: 'Matombringing',
  status: 'finished',
  start: '2023-06-01',
  end: '2024-06-01',
  hoursPerWeek: 1,
};

const opts = { patientId: 'pas-ola', organizationId: 'kommune-4601' };

function toResources(services: MunicipalService[]) {
  const episodes: EpisodeOfCare[] = [];
  const requests: ServiceRequest[] = [];
  const hss: HealthcareService[] = [];
  for (const s of services) {
    const r = municipalServiceToFhir(s, opts);
    episodes.push(r.episode);
    requests.push(r.request);
    if (r.healthcareService) hss.push(r.healthcareService);
  }
  return { episodes, requests, services: hss };
}

describe('municipal services <-> FHIR', () => {
  it('round-trips services, ordered active, on hold, finished', () => {
    const back = servicesFromFhir(toResources([ended, alarm, homeNursing]));
    expect(back).toEqual([homeNursing, alarm, ended]);
  });

  it('builds the shape of docs/platform-api.md', () => {
    const { episode, request, healthcareService } = municipalServiceToFhir(homeNursing, opts);
    expect(episode.type?.[0]).toEqual({
      coding: [
        { system: 'urn:oid:2.16.578.1.12.4.1.1.9151', code: '15', display: 'Helsetjenester i hjemmet' },
      ],
      text: 'Hjemmesykepleie sone Nord',
    });
    expect(episode.referralRequest).toEqual([{ reference: 'ServiceRequest/ep-hjemmesykepleie-vedtak' }]);
    expect(episode.managingOrganization).toEqual({ reference: 'Organization/kommune-4601' });
    expect(request.quantityQuantity).toEqual({ value: 7.5, unit: 'h/wk', system: SYSTEM.ucum, code: 'h/wk' });
    expect(request.occurrencePeriod?.end).toBe('2026-03-01');
    expect(request.performer).toEqual([{ reference: 'HealthcareService/ep-hjemmesykepleie-sted' }]);
    const after = healthcareService?.telecom?.find((t) =>
      t.extension?.some((e) => e.url === EXTENSION.afterHours),
    );
    expect(after).toMatchObject({ system: 'phone', value: '+47 55 00 00 99', use: 'work', rank: 2 });
  });

  it('produces valid base R4 resources', async () => {
    for (const s of [homeNursing, alarm, ended]) {
      const r = municipalServiceToFhir(s, {
        ...opts,
        careManager: { reference: 'Practitioner/saksbehandler' },
      });
      await expect(validateR4(r.episode)).resolves.toBeDefined();
      await expect(validateR4(r.request)).resolves.toBeDefined();
      if (r.healthcareService) await expect(validateR4(r.healthcareService)).resolves.toBeDefined();
    }
  });

  it('refuses to invent an EpisodeOfCare status for an unknown one', () => {
    expect(() => municipalServiceToFhir({ ...alarm, status: 'unknown' }, opts)).toThrow(RangeError);
  });

  it('tolerates foreign data: no request, odd status, no 9151 coding, entered in error', () => {
    const episodes: EpisodeOfCare[] = [
      {
        resourceType: 'EpisodeOfCare',
        id: 'x1',
        status: 'weird' as EpisodeOfCare['status'],
        patient: { reference: 'Patient/pas-ola' },
        type: [{ coding: [{ system: 'urn:example', code: 'hs', display: 'Hjemmehjelp' }] }],
      },
      {
        resourceType: 'EpisodeOfCare',
        id: 'x2',
        status: 'entered-in-error',
        patient: { reference: 'Patient/pas-ola' },
      },
      {
        resourceType: 'EpisodeOfCare',
        id: 'x3',
        status: 'active',
        patient: { reference: 'Patient/pas-ola' },
      },
    ];
    expect(servicesFromFhir({ episodes })).toEqual([
      { id: 'x3', typeCode: '', typeDisplay: 'Ukjent tjenestetype', status: 'active' },
      { id: 'x1', typeCode: 'hs', typeDisplay: 'Hjemmehjelp', status: 'unknown' },
    ]);
  });

  it('uses the daytime number without the after-hours flag, and ignores ended numbers', () => {
    const { episode, request, healthcareService } = municipalServiceToFhir(homeNursing, opts);
    healthcareService!.telecom = [
      { system: 'phone', value: '111', use: 'work', period: { end: '2020-01-01' } },
      ...(healthcareService!.telecom ?? []),
    ];
    const [s] = servicesFromFhir({
      episodes: [episode],
      requests: [request],
      services: [healthcareService!],
    });
    expect(s?.location?.phone).toBe('+47 55 00 00 01');
    expect(s?.location?.afterHoursPhone).toBe('+47 55 00 00 99');
  });
});

describe('coverage', () => {
  const bundleWith = (...entries: Bundle['entry'] & object): Bundle => ({
    resourceType: 'Bundle',
    type: 'searchset',
    entry: entries,
  });

  it('round-trips covered and not covered', () => {
    expect(
      parseCoverageOutcome(bundleWith(coverageOutcomeEntry({ code: 'covered', since: '2025-09-01' }))),
    ).toEqual({
      kind: 'covered',
      since: '2025-09-01',
    });
    expect(
      parseCoverageOutcome(bundleWith(coverageOutcomeEntry({ code: 'not-covered', since: '2025-09-01' }))),
    ).toEqual({
      kind: 'not-covered',
      since: '2025-09-01',
    });
  });

  it('reads a services Bundle into services and coverage', () => {
    const r = municipalServiceToFhir(homeNursing, opts);
    const bundle = bundleWith(
      { resource: r.episode, search: { mode: 'match' } },
      { resource: r.request, search: { mode: 'include' } },
      { resource: r.healthcareService!, search: { mode: 'include' } },
      coverageOutcomeEntry({ code: 'covered', since: '2025-09-01' }),
    );
    expect(servicesFromFhir(servicesInputFromBundle(bundle))).toEqual([homeNursing]);
    expect(parseCoverageOutcome(bundle).kind).toBe('covered');
  });

  it('is unknown when missing, conflicting or malformed, never "no services"', () => {
    expect(parseCoverageOutcome(bundleWith()).kind).toBe('unknown');
    expect(
      parseCoverageOutcome(
        bundleWith(
          coverageOutcomeEntry({ code: 'covered', since: '2025-09-01' }),
          coverageOutcomeEntry({ code: 'not-covered', since: '2025-09-01' }),
        ),
      ).kind,
    ).toBe('unknown');
    const malformed = coverageOutcomeEntry({ code: 'covered', since: '2025-09-01' });
    (malformed.resource as { issue: { diagnostics?: string }[] }).issue[0]!.diagnostics = 'since yesterday';
    expect(parseCoverageOutcome(bundleWith(malformed))).toEqual({
      kind: 'unknown',
      reason: 'Coverage has no valid coverage-since date',
    });
    const notOutcome = {
      ...coverageOutcomeEntry({ code: 'covered', since: '2025-09-01' }),
      search: { mode: 'match' as const },
    };
    expect(parseCoverageOutcome(bundleWith(notOutcome)).kind).toBe('unknown');
  });

  it('is a valid base R4 OperationOutcome', async () => {
    await expect(
      validateR4(coverageOutcomeEntry({ code: 'covered', since: '2025-09-01' }).resource!),
    ).resolves.toBeDefined();
  });
});

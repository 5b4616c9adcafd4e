import { describe, expect, it } from 'vitest';
import type { CarePlan, Condition } from '@medplum/fhirtypes';
import { validateR4 } from '../../../test/fixtures/core/fhirR4Validator';
import type { MonitoringPlan } from '../plan/monitoringPlan';
import type { PersonalPlan } from '../plan/personalPlan';
import {
  monitoringPlanFromCarePlan,
  monitoringPlanToCarePlan,
  personalPlanFromCarePlan,
  personalPlanToCarePlan,
} from './carePlan';
import { WORKFLOW_EXTENSION, WORKFLOW_SYSTEM } from './workflowCodes';

const weekly: MonitoringPlan = {
  id: '0b7c7f0e-6f44-4a7b-9d55-3a6c2f1d9e01',
  patientId: 'pas-stabil',
  interval: { value: 1, unit: 'wk' },
  setBy: { reference: 'Practitioner/hpr-9144889', display: 'Kari Nordmann', role: 'nurse' },
  setAt: '2026-10-01T09:00:00+02:00',
  reason: 'Stabil, ukentlig besøk',
};

const kolsPlan: PersonalPlan = {
  id: '5e1c7a0e-2b44-4c7b-8d55-1a6c2f1d9e02',
  patientId: 'pas-kols',
  setBy: { reference: 'Practitioner/lege-1', display: 'Kari Hansen', role: 'doctor' },
  setAt: '2026-11-01T10:00:00+01:00',
  reason: 'Kjent KOLS; vanlig NEWS2 5',
  validUntil: '2027-02-01T00:00:00+01:00',
  usualValues: { news2Total: { usual: 5, low: 4, high: 6 }, temperature: { usual: 36.8 } },
  spo2Target: { low: 88, high: 92, scale: 2 },
  alerts: [
    { parameter: 'news2Total', comparator: '>=', value: 7, zone: 'yellow', action: 'Ring fastlege' },
    { parameter: 'temperature', comparator: '>=', value: 38.5, zone: 'red', action: 'Ring legevakt 116 117' },
  ],
};

describe('monitoring plan as CarePlan', () => {
  it('is valid R4 with the interval as activity timing, and reads back', async () => {
    const cp = monitoringPlanToCarePlan(weekly);
    await validateR4(cp);
    expect(cp.activity?.[0]?.detail?.scheduledTiming).toEqual({
      repeat: { frequency: 1, period: 1, periodUnit: 'wk' },
    });
    expect(cp.activity?.[0]?.detail?.description).toBe('NEWS2 hver uke, og alltid ved endring');
    expect(monitoringPlanFromCarePlan(cp)).toEqual({ ok: true, value: weekly });
  });

  it('a withdrawn plan is revoked with its end', async () => {
    const ended = { ...weekly, endedAt: '2026-11-01T09:00:00+01:00' };
    const cp = monitoringPlanToCarePlan(ended);
    await validateR4(cp);
    expect(cp.status).toBe('revoked');
    expect(monitoringPlanFromCarePlan(cp)).toEqual({ ok: true, value: ended });
  });

  it('refuses a plan without an author role or interval', () => {
    const cp = monitoringPlanToCarePlan(weekly);
    expect(monitoringPlanFromCarePlan({ ...cp, extension: [] }).ok).toBe(false);
    expect(monitoringPlanFromCarePlan({ ...cp, activity: [] }).ok).toBe(false);
    expect(monitoringPlanFromCarePlan(personalPlanToCarePlan(kolsPlan)).ok).toBe(false);
  });
});

describe('personal plan as CarePlan (HL7 Norway zone plan, contained)', () => {
  const cp = personalPlanToCarePlan(kolsPlan);
  const contained = cp.contained ?? [];
  const zonePlans = contained.filter((r): r is CarePlan => r.resourceType === 'CarePlan');
  const conditions = contained.filter((r): r is Condition => r.resourceType === 'Condition');

  it('is valid R4, every contained resource referenced (dom-3, which the validator does not check)', async () => {
    await validateR4(cp);
    const { contained: inner, ...outer } = cp;
    for (const r of inner ?? []) {
      const others = JSON.stringify([outer, ...(inner ?? []).filter((o) => o !== r)]);
      const refersToContainer = JSON.stringify(r).includes('"reference":"#"');
      expect(others.includes(`"#${r.id}"`) || refersToContainer, r.id).toBe(true);
    }
  });

  it('has one zone CarePlan per threshold, partOf the plan, addressing its zone Condition', () => {
    expect(
      zonePlans.map((z) => [
        z.title,
        z.partOf?.[0]?.reference,
        z.addresses?.[0]?.reference,
        z.activity?.[0]?.detail?.description,
      ]),
    ).toEqual([
      ['Tiltak – grønn sone', '#', '#zone-green', expect.stringMatching(/^Vanlig oppfølging/)],
      ['Tiltak – gul sone', '#', '#zone-1', 'Ring fastlege'],
      ['Tiltak – rød sone', '#', '#zone-2', 'Ring legevakt 116 117'],
    ]);
    expect(
      conditions.map((c) => [
        c.id,
        c.severity?.coding?.map(
          (x) => `${x.system === WORKFLOW_SYSTEM.hl7NoZone ? 'hl7no' : 'varde'}:${x.code}`,
        ),
        c.code?.text,
      ]),
    ).toEqual([
      ['zone-green', ['varde:green', 'hl7no:green'], 'Vanlige verdier: NEWS2 5 (4–6), temperatur 36,8 °C'],
      ['zone-1', ['varde:yellow', 'hl7no:yellow'], 'NEWS2 ≥ 7'],
      ['zone-2', ['varde:red', 'hl7no:red'], 'temperatur ≥ 38,5 °C'],
    ]);
    expect(cp.addresses?.map((a) => a.reference)).toEqual(['#zone-green', '#zone-1', '#zone-2']);
    expect(cp.period).toEqual({ start: kolsPlan.setAt, end: kolsPlan.validUntil });
  });

  it('holds a machine-readable threshold with a UCUM unit', () => {
    const ext = conditions[2]?.extension?.find((e) => e.url === WORKFLOW_EXTENSION.planThreshold);
    expect(ext?.extension).toEqual([
      {
        url: 'parameter',
        valueCoding: { system: 'http://loinc.org', code: '8310-5', display: 'Body temperature' },
      },
      { url: 'comparator', valueCode: '>=' },
      {
        url: 'value',
        valueQuantity: { value: 38.5, unit: 'Cel', system: 'http://unitsofmeasure.org', code: 'Cel' },
      },
    ]);
  });

  it('the SpO2 target is a Goal with a range', () => {
    expect(cp.goal).toEqual([{ reference: '#spo2-target' }]);
    const goal = contained.find((r) => r.resourceType === 'Goal');
    expect(goal).toMatchObject({
      description: { text: 'SpO₂ 88–92 % (skala 2)' },
      target: [{ detailRange: { low: { value: 88 }, high: { value: 92 } } }],
    });
  });

  it('reads back to the same plan, withdrawn too', async () => {
    expect(personalPlanFromCarePlan(cp)).toEqual({ ok: true, value: kolsPlan });
    const ended = { ...kolsPlan, endedAt: '2026-11-20T10:00:00+01:00' };
    const revoked = personalPlanToCarePlan(ended);
    await validateR4(revoked);
    expect(personalPlanFromCarePlan(revoked)).toEqual({ ok: true, value: ended });
    const bare = { ...kolsPlan, usualValues: undefined, spo2Target: undefined };
    delete bare.usualValues;
    delete bare.spo2Target;
    expect(personalPlanFromCarePlan(personalPlanToCarePlan(bare))).toEqual({ ok: true, value: bare });
  });

  it('refuses a plan with a threshold it cannot read, rather than dropping it', () => {
    const broken = structuredClone(cp);
    const zone = broken.contained!.find((r) => r.id === 'zone-2') as Condition;
    zone.extension = [];
    expect(personalPlanFromCarePlan(broken)).toEqual({
      ok: false,
      reason: 'zone zone-2 has no readable threshold',
    });
    expect(personalPlanFromCarePlan({ ...cp, period: { start: kolsPlan.setAt } }).ok).toBe(false);
  });
});

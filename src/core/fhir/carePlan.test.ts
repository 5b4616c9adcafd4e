import { describe, expect, it } from 'vitest';
import type { CarePlan, Condition } from '@medplum/fhirtypes';
import { validateR4 } from '../../../test/fixtures/core/fhirR4Validator';
import { kolsPlan, weeklyPlan } from '../../../test/fixtures/core/plans';
import {
  monitoringPlanFromCarePlan,
  monitoringPlanToCarePlan,
  personalPlanFromCarePlan,
  personalPlanToCarePlan,
} from './carePlan';
import { WORKFLOW_EXTENSION, WORKFLOW_SYSTEM } from './workflowCodes';

const weekly = weeklyPlan;

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
      ['Tiltak – rød sone', '#', '#zone-2', 'Ring 113'],
      ['Tiltak – rød sone', '#', '#zone-3', 'Ring legevakt'],
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
      ['zone-green', ['varde:green', 'hl7no:green'], 'Vanlige verdier: NEWS2 5 (4–6), SpO₂ 90 (88–92) %'],
      ['zone-1', ['varde:yellow', 'hl7no:yellow'], 'NEWS2 ≥ 7'],
      ['zone-2', ['varde:red', 'hl7no:red'], 'NEWS2 ≥ 9'],
      ['zone-3', ['varde:red', 'hl7no:red'], 'SpO₂ ≤ 85 %'],
    ]);
    expect(cp.addresses?.map((a) => a.reference)).toEqual(['#zone-green', '#zone-1', '#zone-2', '#zone-3']);
    expect(cp.period).toEqual({ start: kolsPlan.setAt, end: kolsPlan.validUntil });
  });

  it('holds a machine-readable threshold with a UCUM unit', () => {
    const ext = conditions[3]?.extension?.find((e) => e.url === WORKFLOW_EXTENSION.planThreshold);
    expect(ext?.extension).toEqual([
      {
        url: 'parameter',
        valueCoding: {
          system: 'http://loinc.org',
          code: '2708-6',
          display: 'Oxygen saturation in Arterial blood',
        },
      },
      { url: 'comparator', valueCode: '<=' },
      {
        url: 'value',
        valueQuantity: { value: 85, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
      },
    ]);
    const news2 = conditions[1]?.extension?.[0]?.extension?.[2]?.valueQuantity;
    expect(news2).toEqual({ value: 7, unit: 'poeng', system: 'http://unitsofmeasure.org', code: '{score}' });
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

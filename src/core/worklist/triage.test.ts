import { describe, expect, it } from 'vitest';
import type { VitalSigns } from '../news2/index';
import type { ClinicianBaseline } from '../baseline/baseline';
import type { MonitoringPlan } from '../plan/monitoringPlan';
import type { PersonalPlan } from '../plan/personalPlan';
import type { VitalSignsSet } from '../vitals/types';
import { compareTriage, requiringAction, sortWorklist, triageRow } from './triage';
import type { TriageInput } from './triage';
import {
  actionReasonText,
  dueBasisText,
  measurementAgeText,
  monitoringStateText,
  TRIAGE_BAND_LABELS,
  usualDeviationText,
} from './texts';

const now = '2026-11-25T12:00:00+01:00';
const normal: VitalSigns = {
  respirationRate: 16,
  spo2: 97,
  onOxygen: false,
  systolicBP: 125,
  pulse: 72,
  consciousness: 'A',
  temperature: 36.9,
};
const v = {
  normal,
  one: { ...normal, spo2: 95 },
  single3: { ...normal, consciousness: 'C' as const },
  five: { ...normal, respirationRate: 22, pulse: 115, temperature: 38.5 },
  eight: { ...normal, respirationRate: 25, pulse: 115, temperature: 39.5, spo2: 95 },
};
const nurse = { reference: 'Practitioner/hpr-1', display: 'Kari Nordmann', role: 'nurse' as const };
const weekly = (patientId: string): MonitoringPlan => ({
  id: `plan-${patientId}`,
  patientId,
  interval: { value: 1, unit: 'wk' },
  setBy: nurse,
  setAt: '2026-01-01T09:00:00+01:00',
});
const set = (patientId: string, effectiveDateTime: string, vitals: VitalSigns): VitalSignsSet => ({
  id: `${patientId}-${effectiveDateTime}`,
  patientId,
  effectiveDateTime,
  vitals,
});

function row(patientId: string, sets: [string, VitalSigns][], extra: Partial<TriageInput> = {}) {
  return triageRow({
    patientId,
    sets: sets.map(([t, vitals]) => set(patientId, t, vitals)),
    monitoringPlans: [weekly(patientId)],
    now,
    ...extra,
  });
}

describe('triage order', () => {
  // Visit order is the reverse of urgency, so the order cannot come from it.
  const rows = [
    row('stable-ok', [['2026-11-24T10:00:00+01:00', v.normal]], { visitOrder: 1 }),
    row('stable-overdue-2d', [['2026-11-16T10:00:00+01:00', v.normal]], { visitOrder: 2 }),
    row('stable-overdue-5d', [['2026-11-13T10:00:00+01:00', v.normal]], { visitOrder: 3 }),
    row('stable-due-today', [['2026-11-18T10:00:00+01:00', v.normal]], { visitOrder: 4 }),
    row('no-news2', [], { visitOrder: 5 }),
    row('single-3', [['2026-11-25T11:30:00+01:00', v.single3]], { visitOrder: 6 }),
    row('medium', [['2026-11-25T11:45:00+01:00', v.five]], { visitOrder: 7 }),
    row('medium-overdue', [['2026-11-25T09:00:00+01:00', v.five]], { visitOrder: 8 }),
    row('high', [['2026-11-25T08:00:00+01:00', v.eight]], { visitOrder: 9 }),
    row('ok-no-visit', [['2026-11-24T09:00:00+01:00', v.one]]),
    row('ok-visit-0', [['2026-11-24T09:00:00+01:00', v.one]], { visitOrder: 0 }),
  ];

  it('sorts by band, then how overdue, then visit order', () => {
    expect(sortWorklist(rows, { now }).map((r) => `${r.patientId}:${r.band}`)).toEqual([
      'high:high',
      'medium-overdue:medium',
      'medium:medium',
      'single-3:low-medium',
      'no-news2:unknown',
      'stable-overdue-5d:low',
      'stable-overdue-2d:low',
      'stable-due-today:low',
      'ok-visit-0:low',
      'stable-ok:low',
      'ok-no-visit:low',
    ]);
  });

  it('does not depend on the input order', () => {
    const a = sortWorklist(rows, { now }).map((r) => r.patientId);
    const b = sortWorklist([...rows].reverse(), { now }).map((r) => r.patientId);
    expect(b).toEqual(a);
  });

  it('keeps the input order for rows equal on every key', () => {
    const x = row('x', [['2026-11-24T10:00:00+01:00', v.normal]]);
    const y = row('y', [['2026-11-24T11:00:00+01:00', v.normal]]);
    expect(compareTriage(now)(x, y)).toBe(0);
    expect(sortWorklist([y, x], { now }).map((r) => r.patientId)).toEqual(['y', 'x']);
  });

  it('"Krever handling": medium or higher, single 3, overdue', () => {
    expect(requiringAction(sortWorklist(rows, { now })).map((r) => r.patientId)).toEqual([
      'high',
      'medium-overdue',
      'medium',
      'single-3',
      'stable-overdue-5d',
      'stable-overdue-2d',
    ]);
  });
});

describe('triageRow', () => {
  it('an incomplete set after a complete one raises the band, never lowers it', () => {
    const raised = row('p', [
      ['2026-11-25T09:00:00+01:00', v.normal],
      ['2026-11-25T11:00:00+01:00', { spo2: 85 }],
    ]);
    expect(raised.band).toBe('low-medium');
    const notLowered = row('p', [
      ['2026-11-25T09:00:00+01:00', v.five],
      ['2026-11-25T11:00:00+01:00', { pulse: 70 }],
    ]);
    expect(notLowered.band).toBe('medium');
    expect(notLowered.latest?.score.complete).toBe(false);
    expect(notLowered.latestComplete?.score.total).toBe(5);
  });

  it('a set marked entered-in-error leaves the worklist', () => {
    const wrong = {
      ...set('p', '2026-11-25T11:00:00+01:00', v.eight),
      enteredInError: {
        setId: 'x',
        patientId: 'p',
        reason: 'Feil pasient',
        correctedBy: nurse,
        correctedAt: now,
      },
    };
    const r = triageRow({
      patientId: 'p',
      sets: [set('p', '2026-11-24T10:00:00+01:00', v.normal), wrong],
      now,
    });
    expect(r.band).toBe('low');
    expect(r.requiresAction).toBe(false);
    expect(r.latest?.set.id).toBe('p-2026-11-24T10:00:00+01:00');
  });

  const usualFive: ClinicianBaseline = {
    kind: 'clinician',
    patientId: 'kols',
    setBy: { reference: 'Practitioner/lege-1' },
    setAt: '2026-11-01T10:00:00+01:00',
    reason: 'KOLS',
    values: { news2Total: { usual: 5, low: 4, high: 6 } },
  };
  const plan: PersonalPlan = {
    id: 'pp',
    patientId: 'kols',
    setBy: { reference: 'Practitioner/lege-1', display: 'Kari Hansen', role: 'doctor' },
    setAt: '2026-11-01T10:00:00+01:00',
    reason: 'KOLS',
    validUntil: '2027-02-01T00:00:00+01:00',
    alerts: [
      { parameter: 'pulse', comparator: '>=', value: 110, zone: 'yellow', action: 'Ring fastlege' },
      {
        parameter: 'news2Total',
        comparator: '>=',
        value: 4,
        zone: 'yellow',
        action: 'Ring hjemmesykepleien',
      },
    ],
  };

  it('a personal threshold adds a reason to act; the standard band stays', () => {
    const r = row('kols', [['2026-11-25T11:00:00+01:00', v.five]], {
      personalPlan: plan,
      baseline: usualFive,
    });
    expect(r.band).toBe('medium');
    expect(r.actionReasons.map((a) => a.kind)).toEqual(['risk', 'personal-threshold']);
    expect(actionReasonText(r.actionReasons[1]!, now)).toBe(
      'Personlig grense: puls ≥ 110 /min: Ring fastlege; NEWS2 ≥ 4: Ring hjemmesykepleien',
    );
    expect(r.deviation && usualDeviationText(r.deviation)).toBe('vanlig 5 (±0)');
  });

  it('a personal threshold alone makes a low-risk patient "Krever handling"', () => {
    const low = { ...v.normal, pulse: 95, spo2: 95, respirationRate: 21 }; // 1 + 1 + 2 = 4, low
    const r = row('kols', [['2026-11-25T11:00:00+01:00', low]], { personalPlan: plan });
    expect(r.band).toBe('low');
    expect(r.requiresAction).toBe(true);
    expect(r.actionReasons).toEqual([
      { kind: 'personal-threshold', crossed: [expect.objectContaining({ value: 4 })] },
    ]);
  });

  it('a later single measurement does not hide a threshold the complete set crossed', () => {
    const r = row(
      'kols',
      [
        ['2026-11-25T10:00:00+01:00', { ...v.normal, pulse: 112 }],
        ['2026-11-25T11:00:00+01:00', { systolicBP: 130 }],
      ],
      { personalPlan: plan },
    );
    expect(r.personal.kind === 'evaluated' && r.personal.crossed.map((c) => c.alert.parameter)).toEqual([
      'pulse',
    ]);
  });

  it('an expired plan adds nothing', () => {
    const r = row('kols', [['2026-11-25T11:00:00+01:00', { ...v.normal, pulse: 112 }]], {
      personalPlan: { ...plan, validUntil: '2026-11-20T00:00:00+01:00' },
    });
    expect(r.personal).toMatchObject({ kind: 'not-in-force', status: 'expired' });
    expect(r.requiresAction).toBe(false);
  });
});

describe('row texts', () => {
  it('band labels say unknown, never none', () => {
    expect(TRIAGE_BAND_LABELS.unknown).toBe('Ukjent risiko');
    expect(TRIAGE_BAND_LABELS['low-medium']).toBe('Lav–middels risiko');
  });

  it.each([
    ['2026-11-25T11:59:30+01:00', 'nå nettopp'],
    ['2026-11-25T11:48:00+01:00', 'for 12 min siden'],
    ['2026-11-25T08:30:00+01:00', 'for 3 t siden'],
    ['2026-11-24T10:00:00+01:00', 'for 1 dag siden'],
    ['2026-11-20T10:00:00+01:00', 'for 5 dager siden'],
    ['2026-10-01T10:00:00+02:00', '01.10.2026'],
    ['2025-10-10T21:37:00+02:00', 'eldre enn 12 måneder (10.10.2025)'],
  ])('age of %s: %s', (at, text) => {
    expect(measurementAgeText(at, now)).toBe(text);
  });

  it('plan states in words', () => {
    const text = (sets: [string, VitalSigns][]) => {
      const r = row('p', sets);
      return [monitoringStateText(r.monitoring, now), dueBasisText(r.monitoring.basis)];
    };
    expect(text([['2026-11-24T10:00:00+01:00', v.normal]])).toEqual([
      'neste måling 01.12.2026',
      'Rutine: NEWS2 hver uke (sykepleier Kari Nordmann, 01.01.2026)',
    ]);
    expect(text([['2026-11-18T10:00:00+01:00', v.normal]])[0]).toBe('ny måling i dag');
    expect(text([['2026-11-13T10:00:00+01:00', v.normal]])[0]).toBe('forfalt siden 20.11.2026');
    expect(text([['2026-11-25T11:30:00+01:00', v.single3]])).toEqual([
      'ny måling innen kl. 12:30',
      'Økt oppfølging etter RCP: Minst hver time (lav–middels risiko)',
    ]);
    expect(text([['2026-11-25T09:00:00+01:00', v.five]])[0]).toBe('forfalt siden kl. 10:00');
    expect(text([['2026-11-24T09:00:00+01:00', v.five]])[0]).toBe('forfalt siden 24.11.2026 kl. 10:00');
    expect(text([['2026-11-25T11:00:00+01:00', v.eight]])[0]).toBe('kontinuerlig overvåking');
    expect(text([])[0]).toBe('Ingen fullstendig NEWS2 registrert');
    const noPlan = triageRow({ patientId: 'p', sets: [], now });
    expect(dueBasisText(noPlan.monitoring.basis)).toBe('Rutine: minst årlig (kommunens standard)');
  });

  it('reasons to act in words', () => {
    const r = row('p', [['2026-11-13T10:00:00+01:00', v.normal]]);
    expect(r.actionReasons.map((a) => actionReasonText(a, now))).toEqual(['Måling forfalt siden 20.11.2026']);
    const s = row('p', [['2026-11-25T09:00:00+01:00', v.single3]]);
    expect(s.actionReasons.map((a) => actionReasonText(a, now))).toEqual([
      'Én parameter gir 3 poeng',
      'Måling forfalt siden kl. 10:00',
    ]);
  });
});

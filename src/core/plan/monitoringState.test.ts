import { describe, expect, it } from 'vitest';
import type { VitalSigns } from '../news2/index';
import type { ClinicianBaseline } from '../baseline/baseline';
import type { VitalSignsSet } from '../vitals/types';
import { monitoringState, routineDueDate } from './monitoringState';
import type { MonitoringState } from './monitoringState';
import { intervalText, monitoringPlanInForce, validateMonitoringPlan } from './monitoringPlan';
import type { MonitoringPlan } from './monitoringPlan';

const normal: VitalSigns = {
  respirationRate: 16,
  spo2: 97,
  onOxygen: false,
  systolicBP: 125,
  pulse: 72,
  consciousness: 'A',
  temperature: 36.9,
};
const singleThree: VitalSigns = { ...normal, consciousness: 'C' }; // total 3, one parameter 3
const five: VitalSigns = { ...normal, respirationRate: 22, pulse: 115, temperature: 38.5 };
const seven: VitalSigns = { ...normal, respirationRate: 25, pulse: 115, temperature: 39.5 };
const three: VitalSigns = { ...normal, respirationRate: 22, temperature: 38.3 }; // total 3, no single 3

let n = 0;
const set = (effectiveDateTime: string, vitals: VitalSigns = normal, extra: Partial<VitalSignsSet> = {}) => ({
  id: `s${++n}`,
  patientId: 'pas',
  effectiveDateTime,
  vitals,
  ...extra,
});

const nurse = { reference: 'Practitioner/hpr-1', display: 'Kari Nordmann', role: 'nurse' as const };
const weekly: MonitoringPlan = {
  id: 'plan-weekly',
  patientId: 'pas',
  interval: { value: 7, unit: 'd' },
  setBy: nurse,
  setAt: '2026-10-01T09:00:00+02:00',
  reason: 'Stabil, ukentlig besøk',
};
const usualThree: ClinicianBaseline = {
  kind: 'clinician',
  patientId: 'pas',
  setBy: { reference: 'Practitioner/lege-1' },
  setAt: '2026-10-01T09:00:00+02:00',
  reason: 'KOLS',
  values: { news2Total: { usual: 3, low: 2, high: 3 } },
};

type Expect = Partial<{
  kind: MonitoringState['kind'];
  at: string; // since / dueAt / nextDueAt
  basis: 'routine' | 'escalated';
  trigger: 'risk' | 'above-usual';
  source: 'plan' | 'municipal-default';
  intervalHours: number;
}>;

function summary(s: MonitoringState): Expect {
  const at =
    s.kind === 'overdue'
      ? s.since
      : s.kind === 'due-today'
        ? s.dueAt
        : s.kind === 'ok'
          ? s.nextDueAt
          : undefined;
  const out: Expect = { kind: s.kind, basis: s.basis.kind };
  if (at !== undefined) out.at = at;
  if (s.basis.kind === 'routine') out.source = s.basis.source;
  else {
    out.trigger = s.basis.trigger;
    out.intervalHours = s.basis.intervalHours;
  }
  return out;
}

const MON = '2026-11-23T14:00:00+01:00'; // a Monday
const cases: [string, Omit<Parameters<typeof monitoringState>[0], 'patientId'>, Expect][] = [
  [
    'stable weekly patient, 3 days later: not overdue',
    { sets: [set(MON)], plans: [weekly], now: '2026-11-26T14:00:00+01:00' },
    { kind: 'ok', at: '2026-11-29T23:00:00.000Z', basis: 'routine', source: 'plan' },
  ],
  [
    'stable weekly patient, on the 7th day: due today (any hour)',
    { sets: [set(MON)], plans: [weekly], now: '2026-11-30T08:00:00+01:00' },
    { kind: 'due-today', at: '2026-11-29T23:00:00.000Z', basis: 'routine' },
  ],
  [
    'stable weekly patient, 8 days later: overdue since the due day',
    { sets: [set(MON)], plans: [weekly], now: '2026-12-01T14:00:00+01:00' },
    { kind: 'overdue', at: '2026-11-29T23:00:00.000Z', basis: 'routine', source: 'plan' },
  ],
  [
    'no plan: the 12-month rule, not yet',
    { sets: [set('2025-11-26T10:00:00+01:00')], now: '2026-11-25T10:00:00+01:00' },
    { kind: 'ok', at: '2026-11-25T23:00:00.000Z', basis: 'routine', source: 'municipal-default' },
  ],
  [
    'no plan: the 12-month rule, a year and a day later overdue',
    { sets: [set('2025-10-10T21:37:00+02:00')], now: '2026-11-25T10:00:00+01:00' },
    { kind: 'overdue', at: '2026-10-09T22:00:00.000Z', basis: 'routine', source: 'municipal-default' },
  ],
  [
    'a single 3: hourly, due within the hour',
    {
      sets: [set(MON), set('2026-11-25T10:00:00+01:00', singleThree)],
      plans: [weekly],
      now: '2026-11-25T10:30:00+01:00',
    },
    {
      kind: 'due-today',
      at: '2026-11-25T10:00:00.000Z',
      basis: 'escalated',
      trigger: 'risk',
      intervalHours: 1,
    },
  ],
  [
    'a single 3: overdue after the hour',
    {
      sets: [set('2026-11-25T10:00:00+01:00', singleThree)],
      plans: [weekly],
      now: '2026-11-25T11:00:01+01:00',
    },
    { kind: 'overdue', at: '2026-11-25T10:00:00.000Z', basis: 'escalated', trigger: 'risk' },
  ],
  [
    'a single 3, then a set back at the usual level: routine again',
    {
      sets: [set('2026-11-25T10:00:00+01:00', singleThree), set('2026-11-25T11:00:00+01:00')],
      plans: [weekly],
      now: '2026-11-26T11:00:00+01:00',
    },
    { kind: 'ok', at: '2026-12-01T23:00:00.000Z', basis: 'routine', source: 'plan' },
  ],
  [
    'a single 3, then a set still elevated (5): hourly from the later set',
    {
      sets: [set('2026-11-25T10:00:00+01:00', singleThree), set('2026-11-25T11:00:00+01:00', five)],
      plans: [weekly],
      now: '2026-11-25T11:30:00+01:00',
    },
    {
      kind: 'due-today',
      at: '2026-11-25T11:00:00.000Z',
      basis: 'escalated',
      trigger: 'risk',
      intervalHours: 1,
    },
  ],
  [
    'a single 3, then only a partial set: the escalation goes on',
    {
      sets: [set('2026-11-25T10:00:00+01:00', singleThree), set('2026-11-25T10:50:00+01:00', { pulse: 72 })],
      plans: [weekly],
      now: '2026-11-25T11:10:00+01:00',
    },
    { kind: 'overdue', at: '2026-11-25T10:00:00.000Z', basis: 'escalated', trigger: 'risk' },
  ],
  [
    'NEWS2 7: continuous monitoring, overdue at once',
    { sets: [set('2026-11-25T10:00:00+01:00', seven)], plans: [weekly], now: '2026-11-25T10:00:30+01:00' },
    {
      kind: 'overdue',
      at: '2026-11-25T09:00:00.000Z',
      basis: 'escalated',
      trigger: 'risk',
      intervalHours: 0,
    },
  ],
  [
    'total 3 above the usual range (0–1): 4-hourly',
    {
      sets: [set('2026-11-25T10:00:00+01:00', three)],
      plans: [weekly],
      baseline: { ...usualThree, values: { news2Total: { usual: 0, low: 0, high: 1 } } },
      now: '2026-11-25T12:00:00+01:00',
    },
    {
      kind: 'due-today',
      at: '2026-11-25T13:00:00.000Z',
      basis: 'escalated',
      trigger: 'above-usual',
      intervalHours: 4,
    },
  ],
  [
    "total 3 at a KOLS patient's usual 3: routine",
    {
      sets: [set('2026-11-25T10:00:00+01:00', three)],
      plans: [weekly],
      baseline: usualThree,
      now: '2026-11-25T12:00:00+01:00',
    },
    { kind: 'ok', basis: 'routine', at: '2026-12-01T23:00:00.000Z' },
  ],
  [
    'incomplete set only, partial low: no NEWS2 yet',
    {
      sets: [set('2026-11-25T10:00:00+01:00', { pulse: 80, systolicBP: 130 })],
      plans: [weekly],
      now: '2026-11-25T12:00:00+01:00',
    },
    { kind: 'no-set', basis: 'routine', source: 'plan' },
  ],
  [
    'incomplete set after a complete one: the routine runs from the complete set',
    {
      sets: [set('2026-11-20T10:00:00+01:00'), set('2026-11-25T10:00:00+01:00', { systolicBP: 130 })],
      plans: [weekly],
      now: '2026-11-25T12:00:00+01:00',
    },
    { kind: 'ok', basis: 'routine', at: '2026-11-26T23:00:00.000Z' },
  ],
  [
    'incomplete set whose partial sum already has a 3: at least hourly',
    {
      sets: [set('2026-11-20T10:00:00+01:00'), set('2026-11-25T10:00:00+01:00', { spo2: 85 })],
      plans: [weekly],
      now: '2026-11-25T10:20:00+01:00',
    },
    {
      kind: 'due-today',
      basis: 'escalated',
      trigger: 'risk',
      intervalHours: 1,
      at: '2026-11-25T10:00:00.000Z',
    },
  ],
  [
    'no sets at all',
    { sets: [], plans: [weekly], now: '2026-11-25T12:00:00+01:00' },
    { kind: 'no-set', basis: 'routine', source: 'plan' },
  ],
  [
    'a set marked entered-in-error counts nowhere',
    {
      sets: [
        set('2026-11-20T10:00:00+01:00'),
        set('2026-11-25T10:00:00+01:00', seven, {
          enteredInError: {
            setId: 'x',
            patientId: 'pas',
            reason: 'Feil pasient',
            correctedBy: nurse,
            correctedAt: '2026-11-25T10:05:00+01:00',
          },
        }),
      ],
      plans: [weekly],
      now: '2026-11-25T12:00:00+01:00',
    },
    { kind: 'ok', basis: 'routine', at: '2026-11-26T23:00:00.000Z' },
  ],
  [
    'a plan set after now does not apply yet: the default does',
    {
      sets: [set(MON)],
      plans: [{ ...weekly, setAt: '2026-12-24T09:00:00+01:00' }],
      now: '2026-12-01T14:00:00+01:00',
    },
    { kind: 'ok', basis: 'routine', source: 'municipal-default', at: '2027-11-22T23:00:00.000Z' },
  ],
];

describe('monitoringState (table)', () => {
  it.each(cases)('%s', (_, input, expected) => {
    expect(summary(monitoringState({ patientId: 'pas', ...input }))).toMatchObject(expected);
  });

  it('passes the RCP monitoring text through unchanged', () => {
    const s = monitoringState({
      patientId: 'pas',
      sets: [set('2026-11-25T10:00:00+01:00', singleThree)],
      now: '2026-11-25T10:10:00+01:00',
    });
    expect(s.basis.kind === 'escalated' && s.basis.monitoringText).toBe('Minst hver time');
  });
});

describe('routineDueDate', () => {
  it('counts calendar days in Oslo time and clamps months', () => {
    // 00:30 Oslo on 1 December is 30 November in UTC: Oslo's day counts.
    expect(routineDueDate(Date.parse('2026-11-30T23:30:00Z'), { value: 1, unit: 'd' })).toBe('2026-12-02');
    expect(routineDueDate(Date.parse('2026-01-31T10:00:00+01:00'), { value: 1, unit: 'mo' })).toBe(
      '2026-02-28',
    );
    expect(routineDueDate(Date.parse('2026-03-28T10:00:00+01:00'), { value: 2, unit: 'wk' })).toBe(
      '2026-04-11',
    );
    expect(routineDueDate(Date.parse('2024-02-29T10:00:00+01:00'), { value: 1, unit: 'a' })).toBe(
      '2025-02-28',
    );
  });
});

describe('monitoring plans', () => {
  it('are validated with Norwegian reasons', () => {
    const now = '2026-11-25T12:00:00+01:00';
    expect(validateMonitoringPlan(weekly, { now })).toEqual({ ok: true, value: weekly });
    const bad = (change: object) => {
      const r = validateMonitoringPlan({ ...weekly, ...change }, { now });
      return r.ok ? [] : r.errors;
    };
    expect(bad({ interval: { value: 13, unit: 'mo' } })).toEqual([
      { field: 'interval', message: 'Intervallet kan være høyst 12 måneder: NEWS2 skal tas minst årlig' },
    ]);
    expect(bad({ interval: { value: 400, unit: 'd' } })[0]?.field).toBe('interval');
    expect(bad({ interval: { value: 1.5, unit: 'wk' } })).toEqual([
      { field: 'interval', message: 'Intervallet må være et helt tall', path: ['interval', 'value'] },
    ]);
    expect(bad({ setBy: undefined })).toEqual([
      { field: 'setBy', message: 'Det mangler hvem som satte planen' },
    ]);
    expect(bad({ setBy: { ...nurse, role: 'admin' } })).toEqual([
      { field: 'setBy', message: 'Rollen må være lege eller sykepleier', path: ['setBy', 'role'] },
    ]);
    expect(bad({ setAt: '2026-11-26T12:00:00+01:00' })).toEqual([
      { field: 'setAt', message: 'Tidspunktet ligger fram i tid' },
    ]);
    expect(validateMonitoringPlan({ ...weekly, interval: { value: 1, unit: 'a' } }, { now }).ok).toBe(true);
  });

  it('the most recently set plan in force applies', () => {
    const monthly = {
      ...weekly,
      id: 'm',
      interval: { value: 1, unit: 'mo' as const },
      setAt: '2026-11-01T09:00:00+01:00',
    };
    const ended = {
      ...monthly,
      id: 'e',
      setAt: '2026-11-10T09:00:00+01:00',
      endedAt: '2026-11-20T09:00:00+01:00',
    };
    const now = '2026-11-25T12:00:00+01:00';
    expect(monitoringPlanInForce([weekly, monthly, ended], { now, patientId: 'pas' })?.id).toBe('m');
    expect(monitoringPlanInForce([weekly], { now, patientId: 'other' })).toBeUndefined();
  });

  it('say their interval in Norwegian', () => {
    expect(intervalText({ value: 7, unit: 'd' })).toBe('hver 7. dag');
    expect(intervalText({ value: 1, unit: 'wk' })).toBe('hver uke');
    expect(intervalText({ value: 12, unit: 'mo' })).toBe('hver 12. måned');
  });
});

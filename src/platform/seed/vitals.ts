// Vital-sign histories per archetype. Each archetype is a usual state plus bounded noise;
// ranges keep clear of the NEWS2 band edges where the archetype promises a score (for
// example the sepsis patient's last set must score 7 or more whatever the noise), so the
// promise holds for every seed. Values are rounded the way they are read off devices.

import type { Consciousness, VitalSigns } from '../../core/news2/index';
import type { VitalSignsSet } from '../../core/vitals/types';
import type { Rng } from './prng';
import { DAY, HOUR, MINUTE, osloLocalTime, toOsloIso } from './time';

export type Archetype =
  | 'stable'
  | 'kols-scale-2'
  | 'heart-failure'
  | 'sepsis'
  | 'sparse'
  | 'not-covered'
  | 'sharing-restricted'
  | 'no-services'
  | 'long-term-care';

export const ARCHETYPES: readonly Archetype[] = [
  'stable',
  'kols-scale-2',
  'heart-failure',
  'sepsis',
  'sparse',
  'not-covered',
  'sharing-restricted',
  'no-services',
  'long-term-care',
];

/** What kind of reading a set is: a full NEWS2 set or a single measurement (never scored). */
export type SetKind = 'full' | 'spo2-only' | 'bp-only' | 'spo2-pulse';

export interface VitalsProfile {
  archetype: Archetype;
  /** Oxygen flow for KOLS patients on long-term oxygen; undefined = breathes air. */
  oxygenFlowLpm?: number;
  /** Personal offsets so that two stable patients do not look identical. */
  pulseBase: number;
  systolicBase: number;
  /** Typical days between home visits with measurements. */
  intervalDays: [number, number];
}

export interface SetContext {
  patientId: string;
  performer?: { reference: string; display?: string };
  sourceSystem: string;
}

export interface PlannedSet {
  set: VitalSignsSet;
  kind: SetKind;
  /** When the source recorded it (epoch ms). */
  recordedAtMs: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
/** A value in [lo, hi] drawn around the middle, rounded to an integer. */
const around = (rng: Rng, lo: number, hi: number) =>
  Math.round(clamp((lo + hi) / 2 + (rng.gauss() * (hi - lo)) / 5, lo, hi));

export function vitalsProfile(archetype: Archetype, rng: Rng): VitalsProfile {
  switch (archetype) {
    case 'kols-scale-2':
      return {
        archetype,
        oxygenFlowLpm: rng.chance(0.5) ? rng.pick([1, 1.5, 2]) : undefined,
        pulseBase: rng.int(93, 100),
        systolicBase: rng.int(125, 145),
        intervalDays: [2, 5],
      };
    case 'heart-failure':
      return {
        archetype,
        pulseBase: rng.int(96, 104),
        systolicBase: rng.int(104, 114),
        intervalDays: [2, 4],
      };
    case 'long-term-care':
      return {
        archetype,
        pulseBase: rng.int(64, 80),
        systolicBase: rng.int(120, 150),
        intervalDays: [14, 35],
      };
    default:
      return { archetype, pulseBase: rng.int(64, 80), systolicBase: rng.int(122, 150), intervalDays: [3, 7] };
  }
}

/** Usual-state vitals for an archetype (severity 0). */
function usualVitals(
  profile: VitalsProfile,
  rng: Rng,
): Omit<VitalSignsSet, 'id' | 'patientId' | 'effectiveDateTime'> {
  const consciousness: Consciousness = 'A';
  switch (profile.archetype) {
    case 'kols-scale-2': {
      const onOxygen = profile.oxygenFlowLpm !== undefined;
      const vitals: VitalSigns = {
        respirationRate: around(rng, 21, 24),
        spo2: around(rng, 88, 92),
        spo2Scale: 2,
        onOxygen,
        systolicBP: around(rng, profile.systolicBase - 10, profile.systolicBase + 10),
        pulse: around(rng, profile.pulseBase - 2, Math.min(108, profile.pulseBase + 6)),
        consciousness,
        temperature: round1(clamp(36.8 + rng.gauss() * 0.2, 36.3, 37.6)),
      };
      return {
        vitals,
        diastolicBP: around(rng, 70, 88),
        pulseIrregular: false,
        ...(onOxygen ? { oxygenFlowLpm: profile.oxygenFlowLpm } : {}),
      };
    }
    case 'heart-failure': {
      // Occasional SpO2 94–95 (scores 1 on Scale 1); otherwise 96–97.
      const spo2 = rng.chance(0.25) ? rng.int(94, 95) : rng.int(96, 97);
      return {
        vitals: {
          respirationRate: around(rng, 16, 20),
          spo2,
          spo2Scale: 1,
          onOxygen: false,
          systolicBP: around(rng, profile.systolicBase - 6, profile.systolicBase + 6),
          pulse: around(rng, Math.max(91, profile.pulseBase - 6), Math.min(110, profile.pulseBase + 6)),
          consciousness,
          temperature: round1(clamp(36.7 + rng.gauss() * 0.2, 36.3, 37.4)),
        },
        diastolicBP: around(rng, 58, 72),
        pulseIrregular: true,
      };
    }
    default: {
      // Stable: every parameter in its 0 band except an occasional SpO2 95 (NEWS2 0–1).
      const spo2 = rng.chance(0.1) ? 95 : around(rng, 96, 99);
      return {
        vitals: {
          respirationRate: around(rng, 13, 18),
          spo2,
          spo2Scale: 1,
          onOxygen: false,
          systolicBP: around(rng, Math.max(115, profile.systolicBase - 15), profile.systolicBase + 15),
          pulse: around(rng, Math.max(56, profile.pulseBase - 10), Math.min(88, profile.pulseBase + 10)),
          consciousness,
          temperature: round1(clamp(36.8 + rng.gauss() * 0.25, 36.3, 37.6)),
        },
        diastolicBP: around(rng, 66, 88),
        pulseIrregular: false,
      };
    }
  }
}

/**
 * Sepsis developing over the last days: severity 0..1 moves each parameter from the
 * usual state towards RR 26, pulse 118, temperature 38.8, systolic 94, SpO2 93.
 * At severity >= 0.95 the ranges alone give NEWS2 >= 9 (RR 3, pulse 2, temp 1, BP 2, SpO2 >= 1).
 */
function septicVitals(
  usual: Omit<VitalSignsSet, 'id' | 'patientId' | 'effectiveDateTime'>,
  severity: number,
  rng: Rng,
): Omit<VitalSignsSet, 'id' | 'patientId' | 'effectiveDateTime'> {
  const v = usual.vitals;
  const towards = (from: number, to: number) => from + (to - from) * severity;
  const noise = (sd: number) => rng.gauss() * sd * Math.min(1, 0.3 + severity);
  const vitals: VitalSigns = {
    ...v,
    respirationRate: Math.round(clamp(towards(v.respirationRate ?? 16, 26.5) + noise(0.4), 10, 40)),
    pulse: Math.round(clamp(towards(v.pulse ?? 76, 118) + noise(1.2), 40, 160)),
    temperature: round1(clamp(towards(v.temperature ?? 36.8, 38.8) + noise(0.08), 35, 41)),
    systolicBP: Math.round(clamp(towards(v.systolicBP ?? 130, 94) + noise(1.2), 70, 220)),
    spo2: Math.round(clamp(towards(v.spo2 ?? 97, 93) + noise(0.3), 85, 100)),
  };
  return { ...usual, vitals, diastolicBP: Math.round(towards(usual.diastolicBP ?? 75, 55)) };
}

function singleMeasurement(
  full: Omit<VitalSignsSet, 'id' | 'patientId' | 'effectiveDateTime'>,
  kind: Exclude<SetKind, 'full'>,
): Omit<VitalSignsSet, 'id' | 'patientId' | 'effectiveDateTime'> {
  const v = full.vitals;
  const oxygen = { spo2Scale: v.spo2Scale, onOxygen: v.onOxygen };
  switch (kind) {
    case 'spo2-only':
      return {
        vitals: { spo2: v.spo2, ...oxygen },
        ...(v.onOxygen ? { oxygenFlowLpm: full.oxygenFlowLpm } : {}),
      };
    case 'spo2-pulse':
      return {
        vitals: { spo2: v.spo2, pulse: v.pulse, ...oxygen },
        pulseIrregular: full.pulseIrregular,
        ...(v.onOxygen ? { oxygenFlowLpm: full.oxygenFlowLpm } : {}),
      };
    case 'bp-only':
      return { vitals: { systolicBP: v.systolicBP }, diastolicBP: full.diastolicBP };
  }
}

/** Visit times every few days between start and end, during the home-care day (08–21). */
function visitTimes(rng: Rng, startMs: number, endMs: number, interval: [number, number]): number[] {
  const out: number[] = [];
  let day = startMs + rng.int(0, interval[1]) * DAY;
  while (day < endMs) {
    const t = osloLocalTime(day, rng.int(8, 20), rng.int(0, 59));
    if (t < endMs && t >= startMs) out.push(t);
    day += rng.int(interval[0], interval[1]) * DAY;
  }
  return out;
}

export interface HistoryOptions {
  nowMs: number;
  historyDays: number;
  /** Share of visits that record a single measurement instead of a full set. */
  singleShare?: number;
  /** How long after measuring the source recorded it. */
  recordDelayMs: (rng: Rng) => number;
}

/** The vital-signs sets of one patient, oldest first. Ids come from `rng` (UUID format). */
export function vitalsHistory(
  profile: VitalsProfile,
  ctx: SetContext,
  rng: Rng,
  opts: HistoryOptions,
): PlannedSet[] {
  const { nowMs } = opts;
  const singleShare = opts.singleShare ?? 0.12;
  const planned: SetPlan[] = [];
  const historyStart = nowMs - opts.historyDays * DAY;

  switch (profile.archetype) {
    case 'not-covered':
    case 'no-services':
      break;
    case 'sparse': {
      // One or two full sets, the latest 13–14 months old: "NEWS2 older than 12 months".
      const latest = nowMs - rng.int(395, 430) * DAY;
      if (rng.chance(0.5)) planned.push({ t: latest - rng.int(60, 120) * DAY, kind: 'full', severity: 0 });
      planned.push({ t: latest, kind: 'full', severity: 0 });
      break;
    }
    case 'sepsis': {
      const onset = nowMs - 5 * DAY;
      for (const t of visitTimes(rng, historyStart, onset - DAY, [2, 4])) {
        planned.push({ t, kind: rng.chance(singleShare) ? 'spo2-pulse' : 'full', severity: 0 });
      }
      // Daily visits as it starts, then 4-hourly sets for the last two days.
      for (let d = 5; d >= 3; d--) {
        planned.push({
          t: osloLocalTime(nowMs - d * DAY, rng.int(9, 12), rng.int(0, 59)),
          kind: 'full',
          severity: 0,
        });
      }
      const last = nowMs - rng.int(30, 50) * MINUTE;
      for (let k = 11; k >= 0; k--) planned.push({ t: last - k * 4 * HOUR, kind: 'full', severity: 0 });
      for (const p of planned) {
        if (p.t > onset) p.severity = Math.pow((p.t - onset) / (last - onset), 1.4);
      }
      break;
    }
    default: {
      for (const t of visitTimes(rng, historyStart, nowMs - HOUR, profile.intervalDays)) {
        const single = rng.chance(singleShare);
        const kind: SetKind = single
          ? rng.weighted([
              ['spo2-only', 4],
              ['bp-only', 4],
              ['spo2-pulse', 2],
            ] as const)
          : 'full';
        planned.push({ t, kind, severity: 0 });
      }
    }
  }

  planned.sort((x, y) => x.t - y.t);
  return materialiseSets(profile, ctx, rng, planned, opts);
}

export interface SetPlan {
  /** Measured at (epoch ms). */
  t: number;
  kind: SetKind;
  /** 0 = usual state; up to 1 = the sepsis end point (sepsis archetype only). */
  severity: number;
}

/** Values, UUID-format ids and recorded times for planned measurement times. */
export function materialiseSets(
  profile: VitalsProfile,
  ctx: SetContext,
  rng: Rng,
  planned: readonly SetPlan[],
  opts: Pick<HistoryOptions, 'nowMs' | 'recordDelayMs'>,
): PlannedSet[] {
  const { nowMs } = opts;
  return planned.map(({ t, kind, severity }) => {
    const usual = usualVitals(profile, rng);
    const full = severity > 0 ? septicVitals(usual, severity, rng) : usual;
    const body = kind === 'full' ? full : singleMeasurement(full, kind);
    const set: VitalSignsSet = {
      id: rng.uuid(),
      patientId: ctx.patientId,
      effectiveDateTime: toOsloIso(t),
      ...body,
      ...(ctx.performer ? { performer: ctx.performer } : {}),
      sourceSystem: ctx.sourceSystem,
    };
    const recordedAtMs = Math.min(t + opts.recordDelayMs(rng), Math.max(t, nowMs - MINUTE));
    return { set, kind, recordedAtMs };
  });
}

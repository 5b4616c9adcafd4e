// NEWS2 scoring per the Royal College of Physicians 2017 chart (RCP NEWS2, chart 1).
// Each parameter scores 0..3 and the total is the sum of the parameters present.
//
// Decisions where the chart is silent (see also DOMAIN.md section 4):
// - The chart is drawn in whole numbers (temperature: one decimal). Values are rounded to
//   the chart's precision before banding, half away from zero, the way a display rounds:
//   38.05 °C -> 38.1 (scores 1), 35.04 °C -> 35.0 (scores 3), pulse 90.5 -> 91 (scores 1).
// - A value that is not a finite number (NaN, Infinity) is treated as missing, never as 0:
//   a missing parameter keeps the set incomplete, a silent 0 would hide it.
// - spo2Scale absent means Scale 1 (Scale 2 needs a documented clinical decision).
// - Scale 2, SpO2 >= 93 % and onOxygen unknown: the SpO2 part is scored as if on oxygen,
//   the higher and therefore safer reading. onOxygen itself stays missing (the set is
//   incomplete) and the score carries `spo2AssumedOnOxygen: true` so the UI can say so.
//   Below 93 % Scale 2 does not depend on oxygen, so no assumption is needed.
// - An incomplete set is still scored and banded on its partial sum. Missing parameters can
//   only add points, so the partial risk is a lower bound; `complete` says which it is.
import type { ClinicalRisk, News2Parameter, News2Score, VitalSigns } from './types';

/** Every scored parameter, in sorted order (the order `missing` is reported in). */
export const NEWS2_PARAMETERS: readonly News2Parameter[] = [
  'consciousness',
  'onOxygen',
  'pulse',
  'respirationRate',
  'spo2',
  'systolicBP',
  'temperature',
];

/** Rounds to `decimals`, half away from zero, immune to binary noise such as 1.005 * 100. */
export function roundToChartPrecision(value: number, decimals: 0 | 1): number {
  const factor = decimals === 1 ? 10 : 1;
  const scaled = Number((value * factor).toPrecision(12));
  return (Math.sign(scaled) * Math.round(Math.abs(scaled))) / factor;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function scoreRespirationRate(rate: number): number {
  const r = roundToChartPrecision(rate, 0);
  if (r <= 8) return 3;
  if (r <= 11) return 1;
  if (r <= 20) return 0;
  if (r <= 24) return 2;
  return 3;
}

export function scoreSpo2Scale1(spo2: number): number {
  const s = roundToChartPrecision(spo2, 0);
  if (s <= 91) return 3;
  if (s <= 93) return 2;
  if (s <= 95) return 1;
  return 0;
}

/** Scale 2 (hypercapnic respiratory failure). `onOxygen` undefined scores as on oxygen. */
export function scoreSpo2Scale2(spo2: number, onOxygen: boolean | undefined): number {
  const s = roundToChartPrecision(spo2, 0);
  if (s <= 83) return 3;
  if (s <= 85) return 2;
  if (s <= 87) return 1;
  if (s <= 92) return 0;
  if (onOxygen === false) return 0;
  if (s <= 94) return 1;
  if (s <= 96) return 2;
  return 3;
}

export function scoreOnOxygen(onOxygen: boolean): number {
  return onOxygen ? 2 : 0;
}

export function scoreSystolicBP(systolic: number): number {
  const s = roundToChartPrecision(systolic, 0);
  if (s <= 90) return 3;
  if (s <= 100) return 2;
  if (s <= 110) return 1;
  if (s <= 219) return 0;
  return 3;
}

export function scorePulse(pulse: number): number {
  const p = roundToChartPrecision(pulse, 0);
  if (p <= 40) return 3;
  if (p <= 50) return 1;
  if (p <= 90) return 0;
  if (p <= 110) return 1;
  if (p <= 130) return 2;
  return 3;
}

export function scoreConsciousness(level: VitalSigns['consciousness'] & string): number {
  return level === 'A' ? 0 : 3;
}

export function scoreTemperature(celsius: number): number {
  const t = roundToChartPrecision(celsius, 1);
  if (t <= 35.0) return 3;
  if (t <= 36.0) return 1;
  if (t <= 38.0) return 0;
  if (t <= 39.0) return 1;
  return 2;
}

/** RCP chart 3: high >= 7, medium 5-6, low-medium when any single parameter scores 3. */
export function clinicalRisk(total: number, parts: Partial<Record<News2Parameter, number>>): ClinicalRisk {
  if (total >= 7) return 'high';
  if (total >= 5) return 'medium';
  if (Object.values(parts).some((p) => p === 3)) return 'low-medium';
  return 'low';
}

const CONSCIOUSNESS_LEVELS: ReadonlySet<string> = new Set(['A', 'C', 'V', 'P', 'U']);

export function scoreNews2(v: VitalSigns): News2Score {
  const parts: Partial<Record<News2Parameter, number>> = {};
  let spo2AssumedOnOxygen = false;

  if (isNumber(v.respirationRate)) parts.respirationRate = scoreRespirationRate(v.respirationRate);
  if (isNumber(v.spo2)) {
    if (v.spo2Scale === 2) {
      parts.spo2 = scoreSpo2Scale2(v.spo2, v.onOxygen);
      spo2AssumedOnOxygen = typeof v.onOxygen !== 'boolean' && roundToChartPrecision(v.spo2, 0) >= 93;
    } else {
      parts.spo2 = scoreSpo2Scale1(v.spo2);
    }
  }
  if (typeof v.onOxygen === 'boolean') parts.onOxygen = scoreOnOxygen(v.onOxygen);
  if (isNumber(v.systolicBP)) parts.systolicBP = scoreSystolicBP(v.systolicBP);
  if (isNumber(v.pulse)) parts.pulse = scorePulse(v.pulse);
  if (typeof v.consciousness === 'string' && CONSCIOUSNESS_LEVELS.has(v.consciousness)) {
    parts.consciousness = scoreConsciousness(v.consciousness);
  }
  if (isNumber(v.temperature)) parts.temperature = scoreTemperature(v.temperature);

  const missing = NEWS2_PARAMETERS.filter((p) => parts[p] === undefined);
  const total = Object.values(parts).reduce((sum, p) => sum + p, 0);
  const score: News2Score = {
    total,
    parts,
    missing,
    complete: missing.length === 0,
    risk: clinicalRisk(total, parts),
  };
  if (spo2AssumedOnOxygen) score.spo2AssumedOnOxygen = true;
  return score;
}

// NEWS2 SpO2 Scale 2 applies only to patients with documented hypercapnic respiratory
// failure, decided by a clinician (RCP 2017; DOMAIN.md section 4). The decision records who
// decided it and when, and Scale 1 is the default whenever no decision covers the time.
import type { ClinicalRole } from '../actor';
import type { VitalSigns } from './types';

/** Who decided or ended Scale 2: a reference, a name, and the role when it was recorded. */
export interface Scale2Actor {
  reference: string;
  display?: string;
  role?: ClinicalRole;
}

export interface Scale2Decision {
  /** FHIR Flag id when read from the platform. */
  id?: string;
  /** The client-made identifier of a decision recorded in Varde (./scale2Change.ts). */
  identifier?: string;
  patientId: string;
  /** The deciding clinician, e.g. Practitioner/abc. */
  decidedBy: Scale2Actor;
  /** When Scale 2 took effect, ISO 8601. */
  decidedAt: string;
  /** Why, e.g. "KOLS med kjent hyperkapnisk respirasjonssvikt". */
  reason?: string;
  /** Set when the decision was withdrawn; Scale 1 applies from then on. */
  endedAt?: string;
  /** Who ended it, when an end record says so (./scale2Change.ts). */
  endedBy?: Scale2Actor;
  /** Why it was ended, when an end record says so. */
  endReason?: string;
}

function instant(iso: string, name: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not an ISO 8601 date-time: ${JSON.stringify(iso)}`);
  return ms;
}

/** True when `decision` covers the instant `at` (decidedAt <= at < endedAt). */
export function scale2AppliesAt(decision: Scale2Decision, at: string): boolean {
  const t = instant(at, 'at');
  if (instant(decision.decidedAt, 'decidedAt') > t) return false;
  return decision.endedAt === undefined || instant(decision.endedAt, 'endedAt') > t;
}

/**
 * The decision in force at `at` (the latest decided among those covering it), or undefined:
 * Scale 1 applies then. The one place that says which decision the screens show.
 */
export function scale2DecisionAt(
  decisions: readonly Scale2Decision[],
  opts: { at: string },
): Scale2Decision | undefined {
  let found: Scale2Decision | undefined;
  for (const d of decisions) {
    if (!scale2AppliesAt(d, opts.at)) continue;
    if (found === undefined || Date.parse(d.decidedAt) > Date.parse(found.decidedAt)) found = d;
  }
  return found;
}

/** The SpO2 scale for a measurement taken at `at`: 2 if any decision covers that time, else 1. */
export function spo2ScaleFor(decisions: readonly Scale2Decision[], opts: { at: string }): 1 | 2 {
  return scale2DecisionAt(decisions, opts) === undefined ? 1 : 2;
}

/** Who decided, as the screens name them: the display name, else the reference. */
export function scale2DecidedByText(decision: Pick<Scale2Decision, 'decidedBy'>): string {
  return decision.decidedBy.display ?? decision.decidedBy.reference;
}

/** The vitals with spo2Scale set from the decisions in force at `at` (a copy; input untouched). */
export function withSpo2Scale(
  vitals: VitalSigns,
  decisions: readonly Scale2Decision[],
  opts: { at: string },
): VitalSigns {
  return { ...vitals, spo2Scale: spo2ScaleFor(decisions, opts) };
}

// FHIR R4 Observations back into vital-signs sets: the inverse of ./toObservation.ts, and
// tolerant of other systems' vital signs. The codes and words read are the mapping table in
// ./vitalsMapping.ts.
//
// Grouping, first rule that applies:
// 1. Varde's set identifier (`{setId}/{part}`, ./setIdentifier.ts): grouped by setId.
// 2. A vital-signs panel (LOINC 85353-1, or a BP panel 85354-9) lists its parts in
//    `hasMember`: the panel and its members (same patient only) form one set, id
//    `panel:Observation/{panel id}`.
// 3. Otherwise by patient and measured time: parts within SAME_SET_TOLERANCE_MS (5 minutes)
//    of the set's first part form one set, whatever the time-zone spelling (`Z` or `+01:00`:
//    times are compared as instants) and whatever `meta.source` says (a server may stamp each
//    request with its own). A part whose value differs from one the set already holds (a
//    second pulse) starts a new set: two measurements are never merged into one. A time
//    without a time of day can only match the same text. Such a set gets the id
//    `auto:Patient/{patient}|{effective}|{source}` of its first part.
// Skipped: NEWS2 score Observations (a score is recomputed from the values, never read as a
// value), entered-in-error/cancelled Observations, codes not in the mapping table, and values
// that cannot be read. A parameter not stated stays undefined: the set is incomplete and its
// NEWS2 an honest partial sum, never a guess. Fahrenheit temperatures become Celsius.
// receivedAt is the latest meta.lastUpdated of the parts (stamped by the platform).
import type { CodeableConcept, Observation, ObservationComponent, Quantity } from '@medplum/fhirtypes';
import type { Consciousness } from '../news2/types';
import { compareSetsChronologically } from '../vitals/order';
import type { VitalSignsSet } from '../vitals/types';
import { EXTENSION, LOINC, SNOMED_FINDING, SNOMED_NEWS2, SYSTEM, hasCoding } from './codes';
import { setPartOf } from './setIdentifier';
import {
  PANEL_LOINC,
  ROOM_AIR_O2_PERCENT,
  SAME_SET_TOLERANCE_MS,
  acvpuFromCodings,
  acvpuFromText,
  airOrOxygenFromCodings,
  hasAcvpuCoding,
  readKindOf,
  type ReadKind,
} from './vitalsMapping';

/** What one part says; merged into its set. */
interface Reading {
  respirationRate?: number;
  spo2?: number;
  spo2Scale?: 1 | 2;
  onOxygen?: boolean;
  /** From an inhaled-oxygen concentration: used only when nothing more specific says. */
  onOxygenByConcentration?: boolean;
  oxygenFlowLpm?: number;
  systolicBP?: number;
  diastolicBP?: number;
  pulse?: number;
  pulseIrregular?: boolean;
  consciousness?: Consciousness;
  temperature?: number;
}

interface Part {
  obs: Observation;
  reading: Reading;
  patientId: string;
  effective: string;
  /** The instant (time grouping only); undefined when the time has no time of day. */
  at: number | undefined;
  index: number;
}

function isNews2Score(obs: Observation): boolean {
  return hasCoding(obs.code, SYSTEM.snomed, SNOMED_NEWS2.total);
}

function isPanel(obs: Observation): boolean {
  return (obs.code.coding ?? []).some((c) => c.system === SYSTEM.loinc && PANEL_LOINC.has(c.code ?? ''));
}

function numberOf(q: Quantity | undefined): number | undefined {
  return typeof q?.value === 'number' && Number.isFinite(q.value) ? q.value : undefined;
}

function celsius(q: Quantity | undefined): number | undefined {
  const value = numberOf(q);
  if (value === undefined) return undefined;
  if (q?.code === '[degF]' || q?.unit === '°F' || q?.unit === 'degF') {
    return Math.round((((value - 32) * 5) / 9) * 10) / 10;
  }
  return value;
}

function componentOf(obs: Observation, loinc: string): ObservationComponent | undefined {
  return obs.component?.find((c) => hasCoding(c.code, SYSTEM.loinc, loinc));
}

function patientIdOf(obs: Observation): string | undefined {
  const ref = obs.subject?.reference;
  if (ref === undefined) return undefined;
  return /(?:^|\/)Patient\/([^/]+)$/.exec(ref)?.[1];
}

function effectiveOf(obs: Observation): string | undefined {
  return obs.effectiveDateTime ?? obs.effectiveInstant ?? obs.effectivePeriod?.start;
}

/** The instant of a FHIR dateTime with a time of day; undefined for a date only. */
function instantOf(effective: string): number | undefined {
  if (!/T\d{2}:\d{2}/.test(effective)) return undefined;
  const ms = Date.parse(effective);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Inhaled oxygen flow (L/min) or a coded air/oxygen answer, as a reading. */
function oxygenFlowReading(value: Quantity | undefined, coded: CodeableConcept | undefined): Reading {
  const flow = numberOf(value);
  if (flow !== undefined) return flow > 0 ? { onOxygen: true, oxygenFlowLpm: flow } : { onOxygen: false };
  const onOxygen = airOrOxygenFromCodings(coded);
  return onOxygen === undefined ? {} : { onOxygen };
}

function concentrationReading(value: Quantity | undefined): Reading {
  const percent = numberOf(value);
  return percent === undefined ? {} : { onOxygenByConcentration: percent > ROOM_AIR_O2_PERCENT };
}

function consciousnessReading(obs: Observation): Reading {
  const coded = acvpuFromCodings(obs.valueCodeableConcept);
  if (coded !== undefined) return { consciousness: coded };
  // Text only where no code of the table is present: known codes that disagree are not
  // outvoted by a text.
  if (hasAcvpuCoding(obs.valueCodeableConcept)) return {};
  const level = acvpuFromText(obs.valueString ?? obs.valueCodeableConcept?.text);
  return level === undefined ? {} : { consciousness: level };
}

/** What one Observation of a known kind says. */
function readPart(obs: Observation, kind: ReadKind): Reading {
  switch (kind) {
    case 'respirationRate': {
      const value = numberOf(obs.valueQuantity);
      return value === undefined ? {} : { respirationRate: value };
    }
    case 'spo2': {
      const value = numberOf(obs.valueQuantity);
      if (value === undefined) return {};
      const r: Reading = { spo2: value };
      const scale = obs.extension?.find((e) => e.url === EXTENSION.spo2Scale)?.valueInteger;
      if (scale === 1 || scale === 2) r.spo2Scale = scale;
      // The oximeter's own record of inhaled oxygen (US Core pulse oximetry components).
      const flow = componentOf(obs, LOINC.inhaledOxygenFlow);
      const concentration = componentOf(obs, LOINC.inhaledOxygenConcentration);
      if (flow) Object.assign(r, oxygenFlowReading(flow.valueQuantity, flow.valueCodeableConcept));
      if (concentration) Object.assign(r, concentrationReading(concentration.valueQuantity));
      return r;
    }
    case 'oxygenFlow':
      return oxygenFlowReading(obs.valueQuantity, obs.valueCodeableConcept);
    case 'oxygenConcentration':
      return concentrationReading(obs.valueQuantity);
    case 'roomAir':
      return { onOxygen: false };
    case 'patientOnOxygen': {
      if (typeof obs.valueBoolean === 'boolean') return { onOxygen: obs.valueBoolean };
      const onOxygen = airOrOxygenFromCodings(obs.valueCodeableConcept);
      return onOxygen === undefined ? {} : { onOxygen };
    }
    case 'bloodPressure': {
      const r: Reading = {};
      const systolic = numberOf(componentOf(obs, LOINC.systolicBP)?.valueQuantity);
      const diastolic = numberOf(componentOf(obs, LOINC.diastolicBP)?.valueQuantity);
      if (systolic !== undefined) r.systolicBP = systolic;
      if (diastolic !== undefined) r.diastolicBP = diastolic;
      return r;
    }
    case 'systolicBP': {
      const value = numberOf(obs.valueQuantity);
      return value === undefined ? {} : { systolicBP: value };
    }
    case 'diastolicBP': {
      const value = numberOf(obs.valueQuantity);
      return value === undefined ? {} : { diastolicBP: value };
    }
    case 'pulse': {
      const r: Reading = {};
      const value = numberOf(obs.valueQuantity);
      if (value !== undefined) r.pulse = value;
      const rhythm = componentOf(obs, LOINC.heartRhythm)?.valueCodeableConcept;
      if (hasCoding(rhythm, SYSTEM.snomed, SNOMED_FINDING.pulseIrregular)) r.pulseIrregular = true;
      else if (hasCoding(rhythm, SYSTEM.snomed, SNOMED_FINDING.pulseRegular)) r.pulseIrregular = false;
      return r;
    }
    case 'consciousness':
      return consciousnessReading(obs);
    case 'temperature': {
      const value = celsius(obs.valueQuantity);
      return value === undefined ? {} : { temperature: value };
    }
  }
}

/** True when `next` states a value the set already holds differently (a second measurement). */
function conflicts(held: Reading, next: Reading): boolean {
  for (const key in next) {
    const mine = held[key as keyof Reading];
    if (mine !== undefined && mine !== next[key as keyof Reading]) return true;
  }
  return false;
}

function newSet(id: string, anchor: Observation, patientId: string, effective: string): VitalSignsSet {
  const set: VitalSignsSet = { id, patientId, effectiveDateTime: effective, vitals: {} };
  const source = anchor.meta?.source;
  if (source !== undefined) set.sourceSystem = source;
  const performer = anchor.performer?.[0];
  if (performer?.reference !== undefined) {
    set.performer = { reference: performer.reference };
    if (performer.display !== undefined) set.performer.display = performer.display;
  }
  return set;
}

/** The set's fields from its merged reading (only what is stated). */
function finish(set: VitalSignsSet, r: Reading, parts: readonly Observation[]): VitalSignsSet {
  const v = set.vitals;
  if (r.respirationRate !== undefined) v.respirationRate = r.respirationRate;
  if (r.spo2 !== undefined) v.spo2 = r.spo2;
  if (r.spo2Scale !== undefined) v.spo2Scale = r.spo2Scale;
  const onOxygen = r.onOxygen ?? r.onOxygenByConcentration;
  if (onOxygen !== undefined) v.onOxygen = onOxygen;
  if (r.systolicBP !== undefined) v.systolicBP = r.systolicBP;
  if (r.pulse !== undefined) v.pulse = r.pulse;
  if (r.consciousness !== undefined) v.consciousness = r.consciousness;
  if (r.temperature !== undefined) v.temperature = r.temperature;
  if (r.diastolicBP !== undefined) set.diastolicBP = r.diastolicBP;
  if (r.pulseIrregular !== undefined) set.pulseIrregular = r.pulseIrregular;
  if (r.oxygenFlowLpm !== undefined && onOxygen === true) set.oxygenFlowLpm = r.oxygenFlowLpm;
  for (const obs of parts) {
    const lastUpdated = obs.meta?.lastUpdated;
    if (
      lastUpdated !== undefined &&
      (set.receivedAt === undefined || Date.parse(lastUpdated) > Date.parse(set.receivedAt))
    ) {
      set.receivedAt = lastUpdated;
    }
  }
  return set;
}

const SKIPPED_STATUSES: ReadonlySet<string> = new Set(['entered-in-error', 'cancelled']);

/** `Observation/{id}` of a reference, whether relative, absolute or versioned. */
function observationRef(reference: string | undefined): string | undefined {
  const m = /(?:^|\/)Observation\/([^/]+)(?:\/_history\/[^/]+)?$/.exec(reference ?? '');
  return m ? `Observation/${m[1]}` : undefined;
}

/** Panel key of every Observation that is (in) a panel, members of the same patient only. */
function panelMembership(observations: readonly Observation[]): Map<Observation, string> {
  const out = new Map<Observation, string>();
  // Most inputs hold no panel: then no index of ids is built.
  if (!observations.some((o) => o.hasMember?.length && isPanel(o))) return out;
  const byRef = new Map<string, Observation>();
  for (const o of observations) if (o.id !== undefined) byRef.set(`Observation/${o.id}`, o);
  observations.forEach((panel, index) => {
    if (!panel.hasMember?.length || !isPanel(panel) || out.has(panel)) return;
    const patientId = patientIdOf(panel);
    if (patientId === undefined) return;
    const key = panel.id !== undefined ? `panel:Observation/${panel.id}` : `panel:#${index}`;
    out.set(panel, key);
    // Members, and members of member panels (a BP panel inside a vital-signs panel).
    const queue = [...panel.hasMember];
    while (queue.length > 0) {
      const ref = observationRef(queue.shift()?.reference);
      const member = ref === undefined ? undefined : byRef.get(ref);
      if (member === undefined || out.has(member) || patientIdOf(member) !== patientId) continue;
      out.set(member, key);
      queue.push(...(member.hasMember ?? []));
    }
  });
  return out;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Loose parts of one patient into sets by measured time (rule 3 above). */
function clusterByTime(parts: Part[]): Part[][] {
  const timed = parts.filter((p) => p.at !== undefined).sort((a, b) => a.at! - b.at! || a.index - b.index);
  const out: Part[][] = [];
  let current: Part[] = [];
  let held: Reading = {};
  for (const p of timed) {
    const anchor = current[0];
    if (anchor === undefined || p.at! - anchor.at! > SAME_SET_TOLERANCE_MS || conflicts(held, p.reading)) {
      if (current.length > 0) out.push(current);
      current = [];
      held = {};
    }
    current.push(p);
    Object.assign(held, p.reading); // this cluster's own object
  }
  if (current.length > 0) out.push(current);
  // A date without a time of day places a part on that date only: grouped by the same text.
  const dated = new Map<string, Part[]>();
  for (const p of parts) if (p.at === undefined) pushTo(dated, p.effective, p);
  return [...out, ...dated.values()];
}

/**
 * Groups Observations into vital-signs sets, sorted by measured time, then entry order, then
 * the order of the Observations given (never by id).
 * Observations without a Patient subject or an effective time cannot be placed and are skipped.
 */
export function observationsToVitalSignsSets(observations: readonly Observation[]): VitalSignsSet[] {
  const live = observations.filter((o) => !SKIPPED_STATUSES.has(o.status));
  const panels = panelMembership(live);
  const grouped = new Map<string, Part[]>();
  const loose = new Map<string, Part[]>();
  const panelAnchor = new Map<string, Observation>();
  live.forEach((obs, index) => {
    const panelKey = panels.get(obs);
    if (panelKey !== undefined && isPanel(obs) && !panelAnchor.has(panelKey)) panelAnchor.set(panelKey, obs);
    if (isNews2Score(obs)) return;
    const kind = readKindOf(obs.code);
    const patientId = patientIdOf(obs);
    const effective = effectiveOf(obs);
    if (kind === undefined || patientId === undefined || effective === undefined) return;
    const part: Part = {
      obs,
      reading: readPart(obs, kind),
      patientId,
      effective,
      at: undefined,
      index,
    };
    const key = setPartOf(obs.identifier)?.setId ?? panelKey;
    if (key !== undefined) pushTo(grouped, key, part);
    else {
      part.at = instantOf(effective);
      pushTo(loose, patientId, part);
    }
  });

  const sets: VitalSignsSet[] = [];
  for (const [key, parts] of grouped) {
    // The panel states the set's patient, time, source and performer; else the first part.
    const panel = panelAnchor.get(key);
    const anchor = parts[0]!;
    const effective = (panel && effectiveOf(panel)) ?? anchor.effective;
    const set = newSet(key, panel ?? anchor.obs, anchor.patientId, effective);
    const reading: Reading = {};
    for (const p of parts) Object.assign(reading, p.reading); // later parts win: a corrected part replaces an earlier one
    sets.push(finish(set, reading, panel ? [panel, ...parts.map((p) => p.obs)] : parts.map((p) => p.obs)));
  }
  for (const parts of loose.values()) {
    for (const cluster of clusterByTime(parts)) {
      const anchor = cluster[0]!;
      const id = `auto:Patient/${anchor.patientId}|${anchor.effective}|${anchor.obs.meta?.source ?? ''}`;
      const set = newSet(id, anchor.obs, anchor.patientId, anchor.effective);
      const reading: Reading = {};
      for (const p of cluster) Object.assign(reading, p.reading);
      sets.push(
        finish(
          set,
          reading,
          cluster.map((p) => p.obs),
        ),
      );
    }
  }
  // Measured time, then entry order (../vitals/order.ts), then the order the Observations
  // came in; never the sets' ids (random: issue #11 point 7). Each time parsed once, not once
  // per comparison (a year of one patient is 2,200 sets).
  const keyed = sets.map((set, i) => ({ set, i, ms: Date.parse(set.effectiveDateTime) }));
  keyed.sort((a, b) => a.ms - b.ms || compareSetsChronologically(a.set, b.set) || a.i - b.i);
  return keyed.map((k) => k.set);
}

// The identifier that ties the parts of one vital-signs set together on the wire
// (docs/platform-api.md, "Vital-signs sets on the wire"): every part Observation carries
// {system: SET_IDENTIFIER_SYSTEM, value: `{setId}/{part}`}, and the platform's NEWS2 score
// carries `{setId}/news2`. Conditional create keys on it, so a retried upload never
// duplicates; the platform's NEWS2 ingest groups by it. Built and parsed here only.
import type { Identifier } from '@medplum/fhirtypes';
import { SYSTEM } from './codes';

/** The identifier system of a part of a vital-signs set. */
export const SET_IDENTIFIER_SYSTEM = SYSTEM.vitalSignsSet;

/** The parts of a set on the wire, the suffix of each part's identifier. */
export const VITAL_SIGNS_PARTS = [
  'respirationRate',
  'spo2',
  'onOxygen',
  'bloodPressure',
  'pulse',
  'consciousness',
  'temperature',
] as const;
export type VitalSignsPart = (typeof VITAL_SIGNS_PARTS)[number];
/** The part of the platform's NEWS2 score Observation. */
export const NEWS2_PART = 'news2';

export interface SetPart {
  setId: string;
  /** The text after the last slash: a VitalSignsPart, `news2`, or anything a writer sent. */
  part: string;
}

/** `{setId}/{part}`. */
export function partIdentifierValue(setId: string, part: VitalSignsPart | typeof NEWS2_PART): string {
  return `${setId}/${part}`;
}

/** The identifier of one part of a set (a new object each call). */
export function partIdentifier(setId: string, part: VitalSignsPart | typeof NEWS2_PART): Identifier {
  return { system: SET_IDENTIFIER_SYSTEM, value: partIdentifierValue(setId, part) };
}

/**
 * `{setId}/{part}` split at the last slash (a set id may itself hold slashes). A value
 * without a slash, or with nothing before it, names no set: undefined.
 */
export function parsePartIdentifierValue(value: string | undefined): SetPart | undefined {
  if (value === undefined) return undefined;
  const slash = value.lastIndexOf('/');
  return slash > 0 ? { setId: value.slice(0, slash), part: value.slice(slash + 1) } : undefined;
}

/** The raw value of the first set identifier among `identifiers`, if any. */
export function setIdentifierValue(identifiers: readonly Identifier[] | undefined): string | undefined {
  return identifiers?.find((i) => i.system === SET_IDENTIFIER_SYSTEM && i.value !== undefined)?.value;
}

/** The set and part a resource's identifiers name: the first set identifier that parses. */
export function setPartOf(identifiers: readonly Identifier[] | undefined): SetPart | undefined {
  for (const id of identifiers ?? []) {
    if (id.system !== SET_IDENTIFIER_SYSTEM) continue;
    const parsed = parsePartIdentifierValue(id.value);
    if (parsed) return parsed;
  }
  return undefined;
}

/** The search (and `ifNoneExist`) query that finds a part by its identifier value. */
export function setIdentifierQuery(value: string): string {
  return `identifier=${SET_IDENTIFIER_SYSTEM}|${value}`;
}

/** The search token `system|value` of a part's identifier (the platform's identifier index). */
export function setIdentifierToken(value: string): string {
  return `${SET_IDENTIFIER_SYSTEM}|${value}`;
}

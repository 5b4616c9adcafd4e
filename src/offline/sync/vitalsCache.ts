// The sealed form of a patient's cached vitals: compact, and the one whitelist of what the
// cache keeps of an Observation.
//
// What is kept: only what the merge (identifier, id, meta.lastUpdated) and core
// observationsToSetsWithHistory read (status, codes, subject, effective time, performer,
// values, components, the SpO2 scale, hasMember of a panel, meta.source, a value's text or
// valueString only where core reads ACVPU from text; since format 3 also what the history
// and the set order need: issued (entry time), the notes (text, time, author) and the
// entered-in-error extension (reason, by, at)). Displays, other texts, other extensions,
// narrative, category and the rest are dropped: the cache stays minimal (DOMAIN.md risk 11).
// The id is kept only for parts without Varde's set identifier (it is their merge key and
// what a panel's hasMember points at).
//
// Why compact: sealing and storing the cache is the client's share of a worklist sync, and a
// stripped Observation still spends ~740 bytes of JSON on a part whose facts fit in under
// a hundred (system URLs, codes, the subject, the set id and the effective time repeat
// across the 7 parts of a set and across 90 days). So each part is a short tuple whose strings
// are indexes into one string table per patient. Hand-rolled rather than a compression
// library: the gain comes from knowing the shape, and the table keeps the format plain JSON
// that seals like every other section.
//
// It stays a per-part record (not a per-set one) on purpose: an incremental page may bring
// one corrected or entered-in-error part of a set, and merge + decode must rebuild that set
// exactly as a full pull would: observationsToSetsWithHistory(decodeVitals(encodeVitals(x)))
// equals observationsToSetsWithHistory(x).
import type { CodeableConcept, Coding, Observation, Quantity } from '@medplum/fhirtypes';
import type { Annotation, Extension } from '@medplum/fhirtypes';
import { EXTENSION } from '../../core/fhir/codes';
import { WORKFLOW_EXTENSION } from '../../core/fhir/workflowCodes';
import { SET_IDENTIFIER_SYSTEM } from '../../core/fhir/setIdentifier';
import { readsValueText } from '../../core/fhir/vitalsMapping';

/**
 * Bump when the tuple layout changes; a record of another format reads as "nothing cached"
 * (the next pull fetches everything). 3: issued, notes, the entered-in-error extension.
 */
export const VITALS_CACHE_FORMAT = 3;

type S = number | null; // an index into the string table, or absent
type Codings = S[] | null; // [system, code, system, code, …]; null: no `coding` at all
type Qty = [number | null, S, S] | null;

/**
 * One Observation part (format 2):
 * [set identifiers, id, status, code, subject, effectiveDateTime, effectiveInstant,
 *  effectivePeriod.start, performer [reference, display], valueQuantity,
 *  valueCodeableConcept, components [code, valueQuantity, valueCodeableConcept][],
 *  SpO2 scale extensions (valueInteger each), meta [lastUpdated, source],
 *  hasMember references, valueString, valueBoolean, valueCodeableConcept.text,
 *  issued, notes [text, time, author reference, author display][],
 *  entered-in-error [reason, by reference, by display, at]]
 */
export type CompactPart = [
  S[] | null,
  S,
  S,
  Codings,
  S,
  S,
  S,
  S,
  [S, S] | null,
  Qty,
  Codings,
  [Codings, Qty, Codings][] | null,
  (number | null)[] | null,
  [S, S] | null,
  S[] | null,
  S,
  boolean | null,
  S,
  S,
  [S, S, S, S][] | null,
  [S, S, S, S] | null,
];

export interface CompactVitals {
  format: typeof VITALS_CACHE_FORMAT;
  strings: string[];
  parts: CompactPart[];
  /** The server withheld sets at the patient's request (set by the patient cache, not here). */
  withheld?: boolean;
}

function interner() {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const s = (v: string | undefined): S => {
    if (v === undefined) return null;
    let i = index.get(v);
    if (i === undefined) {
      i = strings.push(v) - 1;
      index.set(v, i);
    }
    return i;
  };
  return { strings, s };
}

/** Encodes the parts, keeping only the whitelisted fields (see the header). */
export function encodeVitals(observations: readonly Observation[]): CompactVitals {
  const { strings, s } = interner();
  const codings = (c: CodeableConcept | undefined): Codings =>
    c?.coding ? c.coding.flatMap((x) => [s(x.system), s(x.code)]) : null;
  const qty = (q: Quantity | undefined): Qty => (q ? [q.value ?? null, s(q.unit), s(q.code)] : null);
  const parts = observations.map((o): CompactPart => trimmed(part(o)));
  return { format: VITALS_CACHE_FORMAT, strings, parts };

  function part(o: Observation): CompactPart {
    const sids = o.identifier?.filter((i) => i.system === SET_IDENTIFIER_SYSTEM);
    const performer = o.performer?.[0];
    const scales = o.extension?.filter((e) => e.url === EXTENSION.spo2Scale);
    const text = readsValueText(o.code);
    const wrong = o.extension?.find((e) => e.url === WORKFLOW_EXTENSION.enteredInError);
    // Only notes core reads as comments (text, time and author); others are dropped.
    const notes = o.note?.filter((n) => n.text && n.time && n.authorReference?.reference);
    const sub = (url: string) => wrong?.extension?.find((e) => e.url === url);
    return [
      sids?.length ? sids.map((i) => s(i.value)) : null,
      // The id is the merge key only for parts without Varde's set identifier.
      sids?.length ? null : s(o.id),
      s(o.status),
      codings(o.code),
      s(o.subject?.reference),
      s(o.effectiveDateTime),
      s(o.effectiveInstant),
      s(o.effectivePeriod?.start),
      performer ? [s(performer.reference), s(performer.display)] : null,
      qty(o.valueQuantity),
      codings(o.valueCodeableConcept),
      o.component?.map((c) => [codings(c.code), qty(c.valueQuantity), codings(c.valueCodeableConcept)]) ??
        null,
      scales?.length ? scales.map((e) => e.valueInteger ?? null) : null,
      o.meta && (o.meta.lastUpdated !== undefined || o.meta.source !== undefined)
        ? [s(o.meta.lastUpdated), s(o.meta.source)]
        : null,
      o.hasMember?.length ? o.hasMember.map((m) => s(m.reference)) : null,
      text ? s(o.valueString) : null,
      typeof o.valueBoolean === 'boolean' ? o.valueBoolean : null,
      text ? s(o.valueCodeableConcept?.text) : null,
      s(o.issued),
      notes?.length
        ? notes.map((n) => [
            s(n.text),
            s(n.time),
            s(n.authorReference?.reference),
            s(n.authorReference?.display),
          ])
        : null,
      wrong
        ? [
            s(sub('reason')?.valueString),
            s(sub('by')?.valueReference?.reference),
            s(sub('by')?.valueReference?.display),
            s(sub('at')?.valueDateTime),
          ]
        : null,
    ];
  }
}

/**
 * Trailing absent fields are left out (most parts have none of the later ones); the
 * decoder reads a missing field as absent.
 */
function trimmed(p: CompactPart): CompactPart {
  let end = p.length;
  while (end > 0 && p[end - 1] === null) end--;
  return p.slice(0, end) as CompactPart;
}

/** True for a sealed vitals payload in the current format. */
export function isCompactVitals(v: unknown): v is CompactVitals {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as CompactVitals).format === VITALS_CACHE_FORMAT &&
    Array.isArray((v as CompactVitals).parts)
  );
}

/** Back to FHIR R4 Observations (absent fields are left out, not set to undefined). */
export function decodeVitals(c: CompactVitals): Observation[] {
  const t = c.strings;
  const str = (i: S): string | undefined => (i === null ? undefined : t[i]);
  const codings = (flat: Codings): CodeableConcept | undefined => {
    if (!flat) return undefined;
    const coding: Coding[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const x: Coding = {};
      if (flat[i] !== null) x.system = t[flat[i]!];
      if (flat[i + 1] !== null) x.code = t[flat[i + 1]!];
      coding.push(x);
    }
    return { coding };
  };
  const qty = (q: Qty): Quantity | undefined => {
    if (!q) return undefined;
    const out: Quantity = {};
    if (q[0] !== null) out.value = q[0];
    if (q[1] !== null) out.unit = t[q[1]];
    if (q[2] !== null) out.code = t[q[2]];
    return out;
  };
  return c.parts.map((p) => {
    // Trailing absent fields are not stored (trimmed): read them as null.
    const at = <I extends number>(i: I): CompactPart[I] => (p[i] ?? null) as CompactPart[I];
    const [sids, id, status, code, subject, edt, ein, eps, perf, vq, vcc, comp, scales, meta] = [
      at(0),
      at(1),
      at(2),
      at(3),
      at(4),
      at(5),
      at(6),
      at(7),
      at(8),
      at(9),
      at(10),
      at(11),
      at(12),
      at(13),
    ];
    const [members, vstr, vbool, vtext, issued, notes, wrong] = [
      at(14),
      at(15),
      at(16),
      at(17),
      at(18),
      at(19),
      at(20),
    ];
    const o = { resourceType: 'Observation', code: codings(code) ?? {} } as Observation;
    if (status !== null) o.status = t[status] as Observation['status'];
    if (id !== null) o.id = t[id];
    if (sids) o.identifier = sids.map((v) => ({ system: SET_IDENTIFIER_SYSTEM, value: str(v) }));
    if (subject !== null) o.subject = { reference: t[subject] };
    if (edt !== null) o.effectiveDateTime = t[edt];
    if (ein !== null) o.effectiveInstant = t[ein];
    if (eps !== null) o.effectivePeriod = { start: t[eps] };
    if (perf) {
      const r: { reference?: string; display?: string } = {};
      if (perf[0] !== null) r.reference = t[perf[0]];
      if (perf[1] !== null) r.display = t[perf[1]];
      o.performer = [r];
    }
    const q = qty(vq);
    if (q) o.valueQuantity = q;
    const cc = codings(vcc);
    if (cc) o.valueCodeableConcept = cc;
    if (vtext !== null) o.valueCodeableConcept = { ...o.valueCodeableConcept, text: t[vtext] };
    if (vstr !== null) o.valueString = t[vstr];
    if (vbool !== null) o.valueBoolean = vbool;
    if (comp) {
      o.component = comp.map(([cCode, cq, ccc]) => {
        const x: NonNullable<Observation['component']>[number] = { code: codings(cCode) ?? {} };
        const xq = qty(cq);
        if (xq) x.valueQuantity = xq;
        const xcc = codings(ccc);
        if (xcc) x.valueCodeableConcept = xcc;
        return x;
      });
    }
    if (scales) {
      o.extension = scales.map((v) =>
        v === null ? { url: EXTENSION.spo2Scale } : { url: EXTENSION.spo2Scale, valueInteger: v },
      );
    }
    if (issued !== null) o.issued = t[issued];
    if (notes) {
      o.note = notes.map(([text, time, ref, display]) => {
        const n = { text: str(text) } as Annotation;
        if (time !== null) n.time = t[time];
        if (ref !== null || display !== null) {
          n.authorReference = {};
          if (ref !== null) n.authorReference.reference = t[ref];
          if (display !== null) n.authorReference.display = t[display];
        }
        return n;
      });
    }
    if (wrong) {
      const [reason, byRef, byDisplay, at] = wrong;
      const parts: Extension[] = [];
      if (reason !== null) parts.push({ url: 'reason', valueString: t[reason] });
      if (byRef !== null || byDisplay !== null) {
        const by: NonNullable<Extension['valueReference']> = {};
        if (byRef !== null) by.reference = t[byRef];
        if (byDisplay !== null) by.display = t[byDisplay];
        parts.push({ url: 'by', valueReference: by });
      }
      if (at !== null) parts.push({ url: 'at', valueDateTime: t[at] });
      o.extension = [...(o.extension ?? []), { url: WORKFLOW_EXTENSION.enteredInError, extension: parts }];
    }
    if (meta) {
      o.meta = {};
      if (meta[0] !== null) o.meta.lastUpdated = t[meta[0]];
      if (meta[1] !== null) o.meta.source = t[meta[1]];
    }
    if (members) o.hasMember = members.map((m) => (m === null ? {} : { reference: t[m] }));
    return o;
  });
}

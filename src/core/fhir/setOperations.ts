// The two operations that change a recorded vital-signs set (issue #11 point 4), as
// Parameters on the wire: `POST {base}/Observation/$correct-set` ("registrert feil") and
// `POST {base}/Observation/$comment-set` (a comment, Observation.note). Built here, read
// here: the offline outbox sends them and the platform reads them with the same code.
//
// Why an operation and not new Observation versions written by the app: an app may only
// create (docs/platform-api.md "Writes"; PUT answers 405), a correction must also withdraw
// the platform's own NEWS2 score of the set (which no app may write), and who corrected
// is the token's user, never a claim in the body. So the app states its intent (which set,
// why, when) and the platform writes the new versions of every Observation of the set in
// one transaction, as events appended to the store.
//
// Parameters (all required, nothing else accepted):
//   $correct-set: setId (valueString), patient (valueReference Patient/{id}),
//                 reason (valueString), correctedAt (valueDateTime)
//   $comment-set: setId (valueString), patient (valueReference Patient/{id}),
//                 text (valueString), writtenAt (valueDateTime)
// Who: the platform takes it from the access token (`by` / the note's author).
import type { Parameters, ParametersParameter } from '@medplum/fhirtypes';
import type { SetComment, SetCorrection } from '../correction/types';

export const CORRECT_SET_OPERATION = '$correct-set';
export const COMMENT_SET_OPERATION = '$comment-set';
/** The operations' addresses below a FHIR base (also a transaction entry's request.url). */
export const CORRECT_SET_URL = `Observation/${CORRECT_SET_OPERATION}`;
export const COMMENT_SET_URL = `Observation/${COMMENT_SET_OPERATION}`;

/** What a $correct-set request states; who corrected comes from the token. */
export type CorrectSetRequest = Omit<SetCorrection, 'correctedBy'>;
/** What a $comment-set request states; the author comes from the token. */
export type CommentSetRequest = Omit<SetComment, 'author'>;

const str = (name: string, value: string): ParametersParameter => ({ name, valueString: value });
const patientRef = (patientId: string): ParametersParameter => ({
  name: 'patient',
  valueReference: { reference: `Patient/${patientId}` },
});

export function correctSetParameters(c: CorrectSetRequest | SetCorrection): Parameters {
  return {
    resourceType: 'Parameters',
    parameter: [
      str('setId', c.setId),
      patientRef(c.patientId),
      str('reason', c.reason),
      { name: 'correctedAt', valueDateTime: c.correctedAt },
    ],
  };
}

export function commentSetParameters(c: CommentSetRequest | SetComment): Parameters {
  return {
    resourceType: 'Parameters',
    parameter: [
      str('setId', c.setId),
      patientRef(c.patientId),
      str('text', c.text),
      { name: 'writtenAt', valueDateTime: c.writtenAt },
    ],
  };
}

export type ParametersRead<T> = { ok: true; value: T } | { ok: false; message: string; expression: string };

type Kind = 'string' | 'patient' | 'dateTime';
const VALUE_KEY: Record<Kind, keyof ParametersParameter> = {
  string: 'valueString',
  patient: 'valueReference',
  dateTime: 'valueDateTime',
};

/**
 * Reads named parameters, each exactly once and of its type; an unknown or repeated
 * parameter is refused (with where, for the OperationOutcome's expression). Values are
 * not validated here beyond their type: core's validators do that with Norwegian reasons.
 */
function readParameters<N extends string>(
  input: unknown,
  spec: Record<N, Kind>,
): ParametersRead<Record<N, string>> {
  const p = input as Parameters | undefined;
  if (typeof p !== 'object' || p === null || p.resourceType !== 'Parameters') {
    return { ok: false, message: 'Operasjonen må få en Parameters-ressurs.', expression: 'Parameters' };
  }
  const list = Array.isArray(p.parameter) ? p.parameter : [];
  const out: Partial<Record<N, string>> = {};
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    const name = x?.name as N;
    const where = `Parameters.parameter[${i}]`;
    if (!(name in spec)) {
      return { ok: false, message: `Ukjent parameter «${String(x?.name)}».`, expression: where };
    }
    if (out[name] !== undefined) {
      return { ok: false, message: `Parameteren «${name}» kan bare stå én gang.`, expression: where };
    }
    const kind = spec[name];
    const value = x[VALUE_KEY[kind]];
    if (kind === 'patient') {
      const ref = (value as { reference?: unknown } | undefined)?.reference;
      const m = typeof ref === 'string' ? /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(ref) : null;
      if (!m) {
        return {
          ok: false,
          message: 'patient må være en referanse til en pasient (Patient/id).',
          expression: `${where}.valueReference`,
        };
      }
      out[name] = m[1];
    } else {
      if (typeof value !== 'string') {
        return {
          ok: false,
          message: `Parameteren «${name}» må ha ${VALUE_KEY[kind]}.`,
          expression: `${where}.${VALUE_KEY[kind]}`,
        };
      }
      out[name] = value;
    }
  }
  for (const name of Object.keys(spec) as N[]) {
    if (out[name] === undefined) {
      return { ok: false, message: `Parameteren «${name}» mangler.`, expression: 'Parameters.parameter' };
    }
  }
  return { ok: true, value: out as Record<N, string> };
}

/** The request of a $correct-set call (types only; validate with validateSetCorrection). */
export function readCorrectSetParameters(input: unknown): ParametersRead<CorrectSetRequest> {
  const r = readParameters(input, {
    setId: 'string',
    patient: 'patient',
    reason: 'string',
    correctedAt: 'dateTime',
  });
  if (!r.ok) return r;
  const { setId, patient, reason, correctedAt } = r.value;
  return { ok: true, value: { setId, patientId: patient, reason, correctedAt } };
}

/** The request of a $comment-set call (types only; validate with validateSetComment). */
export function readCommentSetParameters(input: unknown): ParametersRead<CommentSetRequest> {
  const r = readParameters(input, {
    setId: 'string',
    patient: 'patient',
    text: 'string',
    writtenAt: 'dateTime',
  });
  if (!r.ok) return r;
  const { setId, patient, text, writtenAt } = r.value;
  return { ok: true, value: { setId, patientId: patient, text, writtenAt } };
}

// Corrections ("registrert feil") and comments on a recorded vital-signs set (issue #11
// point 4): `POST {base}/Observation/$correct-set` and `POST {base}/Observation/$comment-set`
// with Parameters (core/fhir/setOperations.ts), alone or as entries of a transaction Bundle.
//
// The event store stays append-only: a change is a new version of every Observation of the
// set (its parts and the platform's NEWS2 score), appended as events in one transaction, so
// the projections show `entered-in-error` (or the note) and rebuildProjections gives the
// same. The app states its intent; the platform writes the versions, with who from the token.
//
// Rules, and why:
// - Who may: any clinician the access policy lets record vital signs for the patient now
//   (scope Observation.c, care relationship or launch context) in the set's municipality;
//   the corrector is recorded beside the original performer. The author alone would be
//   too narrow: a wrong-patient entry found by a colleague the next morning must not count
//   in that patient's scores until the author is back on shift.
// - Only sets this app wrote (every part's meta.source is the token's client): the source
//   system is master of its own data (DOMAIN.md 6: "never edits another system's data").
//   A set imported from Gerica corrected here would disagree with Gerica, and the next
//   import would bring it back as valid; the nurse corrects it in Gerica instead, which then
//   sends it here entered-in-error. Comments follow the same rule: they are part of the record.
// - Exactly once: a set already corrected is not corrected again (the first correction
//   stands, the answer is 200 with the set as stored), and a comment already on the set
//   (same text, time and author) is not added again; a retry after a lost answer writes nothing.
// - Refusals are OperationOutcomes in Norwegian; every refusal that names a patient or a set
//   is audited (AuditedRefusal / AccessDenied): another municipality's set is "not found here".
import type { Bundle, HumanName, Observation, Resource } from '@medplum/fhirtypes';
import {
  commentSetObservations,
  correctSetObservations,
  setIdentifierOf,
} from '../../../core/fhir/correction';
import { NEWS2_PART } from '../../../core/fhir/setIdentifier';
import { WORKFLOW_EXTENSION } from '../../../core/fhir/workflowCodes';
import {
  COMMENT_SET_URL,
  CORRECT_SET_URL,
  readCommentSetParameters,
  readCorrectSetParameters,
} from '../../../core/fhir/setOperations';
import { validateSetComment, validateSetCorrection } from '../../../core/correction/correction';
import type { SetComment, SetCorrection } from '../../../core/correction/types';
import type { ActorRef } from '../../../core/actor';
import { searchColumns } from '../../events/projection';
import type { AppendInput, EventWriter } from '../../events/types';
import { parseJson } from '../body';
import { AuditedRefusal, type UserContext } from '../context';
import { NEWS2_SOURCE } from '../news2Derivation';
import { FhirError, type IssueCode } from '../outcome';
import type { FhirResponse } from '../request';
import { MAX_CLOCK_SKEW_MS } from './clientAudit';

export type SetChangeKind = 'correct' | 'comment';

/** The operation a transaction entry's request.url names, if it names one of these. */
export function setChangeOf(url: string | undefined): SetChangeKind | undefined {
  const path = url?.split('?')[0];
  if (path === CORRECT_SET_URL) return 'correct';
  if (path === COMMENT_SET_URL) return 'comment';
  return undefined;
}

export type PendingSetChange = { index: number; path: string; patient: string } & (
  { kind: 'correct'; correction: SetCorrection } | { kind: 'comment'; comment: SetComment }
);

export interface SetChangeResult {
  index: number;
  patient: string;
  /** True when this request wrote new versions; false when the change was already there. */
  changed: boolean;
  /** The set's Observations as stored after the change (parts and NEWS2 score). */
  observations: Observation[];
}

const NOUN: Record<SetChangeKind, string> = { correct: 'Rettingen', comment: 'Kommentaren' };

function nameOf(names: HumanName[] | undefined): string | undefined {
  const n = names?.[0];
  if (!n) return undefined;
  const text = n.text ?? [...(n.given ?? []), n.family].filter(Boolean).join(' ');
  return text || undefined;
}

/** The token's user as core's ActorRef, with the name the directory holds. */
async function tokenActor(ctx: UserContext): Promise<ActorRef> {
  const reference = `Practitioner/${ctx.access.practitionerId}`;
  const stored = await ctx.services.store.read(ctx.tenant, 'Practitioner', ctx.access.practitionerId);
  const display =
    nameOf((stored?.resource as { name?: HumanName[] } | undefined)?.name) ?? ctx.access.username;
  return { reference, display };
}

function refusal(
  ctx: UserContext,
  kind: SetChangeKind,
  status: number,
  code: IssueCode,
  message: string,
  patient: string | undefined,
  expression?: string[],
): AuditedRefusal {
  return new AuditedRefusal(
    status,
    code,
    message,
    {
      access: ctx.access,
      interaction: 'operation',
      patient,
      outcome: 'refused',
      detail: `${NOUN[kind]} av en måling ble avvist: ${message}`,
    },
    expression,
  );
}

/**
 * Checks one change before anything is written: the request's shape, core's rules (reason
 * required, comment within the limit, not in the future), the patient in this municipality
 * and the user's access to record for them. `path` is where it sits ("" or
 * "Bundle.entry[3].resource.").
 */
export async function prepareSetChange(
  ctx: UserContext,
  kind: SetChangeKind,
  value: unknown,
  path: string,
  index: number,
): Promise<PendingSetChange> {
  ctx.guard.requireType('Observation', 'c', { interaction: 'operation' });
  const read = kind === 'correct' ? readCorrectSetParameters(value) : readCommentSetParameters(value);
  if (!read.ok) throw FhirError.of(400, 'invalid', read.message, [`${path}${read.expression}`]);
  const actor = await tokenActor(ctx);
  const now = ctx.services.now().toISOString();
  const checked =
    kind === 'correct'
      ? validateSetCorrection({ ...read.value, correctedBy: actor }, { now })
      : validateSetComment({ ...read.value, author: actor }, { now });
  const patient = read.value.patientId;
  if (!checked.ok) {
    throw FhirError.of(
      422,
      'business-rule',
      `${checked.errors.map((e) => e.message).join('. ')}.`,
      checked.errors.map((e) => `${path}Parameters.parameter.where(name='${e.field}')`),
    );
  }
  const exists = await ctx.services.store.read(ctx.tenant, 'Patient', patient);
  if (!exists) {
    throw refusal(
      ctx,
      kind,
      404,
      'not-found',
      `Patient/${patient} finnes ikke i kommune ${ctx.tenant}.`,
      patient,
      [`${path}Parameters.parameter.where(name='patient')`],
    );
  }
  await ctx.guard.requirePatients('Observation', 'c', [patient], { interaction: 'operation' });
  const base = { index, path, patient };
  return kind === 'correct'
    ? { ...base, kind, correction: checked.value as SetCorrection }
    : { ...base, kind, comment: checked.value as SetComment };
}

/** The latest version of each Observation, in the order first met. */
function latestOf(observations: Observation[]): Observation[] {
  const byId = new Map<string, Observation>();
  for (const o of observations) {
    const known = byId.get(o.id as string);
    if (!known || Number(o.meta?.versionId ?? 0) >= Number(known.meta?.versionId ?? 0))
      byId.set(o.id as string, o);
  }
  return [...byId.values()];
}

/**
 * Writes the prepared changes in the caller's transaction, in order: each reads the set as
 * stored now (a set created earlier in the same transaction included), checks it may be
 * changed by this app, and appends new versions of the Observations that change.
 */
export async function writeSetChanges(
  w: EventWriter,
  ctx: UserContext,
  changes: PendingSetChange[],
): Promise<SetChangeResult[]> {
  const out: SetChangeResult[] = [];
  for (const change of changes) {
    const { kind, patient, path } = change;
    const setId = kind === 'correct' ? change.correction.setId : change.comment.setId;
    const where = [`${path}Parameters.parameter.where(name='setId')`];
    const stored = latestOf(
      ((await w.findVitalSignsSets([setId])) as Resource[]).filter(
        (r): r is Observation => r.resourceType === 'Observation',
      ),
    );
    const visible = stored.filter((o) => !searchColumns(o).restricted);
    // Another municipality's set, an unknown one, or one the patient has restricted: not here.
    if (!visible.length) {
      throw refusal(
        ctx,
        kind,
        404,
        'not-found',
        `Målingen finnes ikke i kommune ${ctx.tenant}.`,
        patient,
        where,
      );
    }
    if (visible.some((o) => o.subject?.reference !== `Patient/${patient}`)) {
      throw refusal(ctx, kind, 422, 'business-rule', 'Målingen gjelder en annen pasient.', patient, where);
    }
    if (visible.length !== stored.length) {
      throw refusal(
        ctx,
        kind,
        404,
        'not-found',
        `Målingen finnes ikke i kommune ${ctx.tenant}.`,
        patient,
        where,
      );
    }
    const parts = stored.filter((o) => setIdentifierOf(o)?.part !== NEWS2_PART);
    const foreign = parts.find((o) => o.meta?.source !== ctx.access.clientId);
    if (foreign) {
      const source = foreign.meta?.source ?? 'et annet system';
      throw refusal(
        ctx,
        kind,
        422,
        'business-rule',
        `Målingen er registrert i ${source}. En app kan bare rette og kommentere målinger den selv har registrert; gjør det i ${source}.`,
        patient,
        where,
      );
    }
    if (kind === 'correct') {
      const measured = Math.min(
        ...parts.map((o) => Date.parse(o.effectiveDateTime ?? '')).filter(Number.isFinite),
      );
      if (Date.parse(change.correction.correctedAt) + MAX_CLOCK_SKEW_MS < measured) {
        throw FhirError.of(422, 'business-rule', 'Rettingen kan ikke være gjort før målingen ble tatt.', [
          `${path}Parameters.parameter.where(name='correctedAt')`,
        ]);
      }
    }
    const next =
      kind === 'correct'
        ? correctSetObservations(stored, change.correction)
        : commentSetObservations(stored, change.comment);
    const before = new Map(stored.map((o) => [o.id, o]));
    const changed = next.filter((o) => o !== before.get(o.id));
    const author = kind === 'correct' ? change.correction.correctedBy : change.comment.author;
    const at = kind === 'correct' ? change.correction.correctedAt : change.comment.writtenAt;
    const inputs: AppendInput[] = changed.map((o) => ({
      resource: o,
      // Each version keeps its own source: the app's parts, the platform's score.
      sourceSystem:
        o.meta?.source ?? (setIdentifierOf(o)?.part === NEWS2_PART ? NEWS2_SOURCE : ctx.access.clientId),
      author: author.reference,
      recordedAt: at,
    }));
    const appended = (await w.appendMany(inputs)) as Observation[];
    const written = new Map(appended.map((o) => [o.id, o]));
    out.push({
      index: change.index,
      patient,
      changed: appended.length > 0,
      observations: stored.map((o) => written.get(o.id) ?? o),
    });
  }
  return out;
}

/** The answer of one change: the set's Observations as stored (a collection Bundle). */
export function setChangeBundle(result: SetChangeResult): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: result.observations.map((resource) => ({ resource })),
  };
}

/** Notes the audit record of each change (the refusals are audited by the pipeline). */
export function auditSetChanges(
  ctx: UserContext,
  changes: PendingSetChange[],
  results: SetChangeResult[],
): void {
  results.forEach((r, i) => {
    const kind = changes[i].kind;
    ctx.audit.record({
      interaction: 'operation',
      patient: r.patient,
      resources: r.observations.map((o) => `Observation/${o.id}`),
      outcome: 'success',
      detail:
        kind === 'correct'
          ? r.changed
            ? 'Måling markert som registrert feil'
            : 'Måling var allerede markert som registrert feil'
          : r.changed
            ? 'Kommentar lagt til en måling'
            : 'Kommentaren fantes allerede på målingen',
    });
  });
}

async function handle(ctx: UserContext, kind: SetChangeKind): Promise<FhirResponse> {
  const pending = await prepareSetChange(ctx, kind, parseJson(ctx.req.body), '', 0);
  const [result] = await ctx.services.store.write(ctx.tenant, (w) => writeSetChanges(w, ctx, [pending]));
  auditSetChanges(ctx, [pending], [result]);
  return { status: 200, resource: setChangeBundle(result) };
}

/** POST {base}/Observation/$correct-set */
export const correctSet = (ctx: UserContext): Promise<FhirResponse> => handle(ctx, 'correct');
/** POST {base}/Observation/$comment-set */
export const commentSet = (ctx: UserContext): Promise<FhirResponse> => handle(ctx, 'comment');

/**
 * The same rules for a set as it is created (prepareCreate): an app creates a set valid
 * (a correction is the operation above, which also withdraws the NEWS2 score), a comment
 * written with the set is within core's limit and by the token's user, and the entry time
 * (`issued`) is not in the future. Throws 422 (or 403 for another author), audited.
 */
export function checkNewObservation(ctx: UserContext, obs: Observation, path: string, patient: string): void {
  const refuse = (status: number, code: IssueCode, message: string, expression: string): never => {
    throw new AuditedRefusal(
      status,
      code,
      message,
      {
        access: ctx.access,
        interaction: 'create',
        patient,
        outcome: 'refused',
        detail: `Måling avvist: ${message}`,
      },
      [`${path}Observation.${expression}`],
    );
  };
  if (obs.status === 'entered-in-error' || obs.status === 'cancelled') {
    refuse(
      422,
      'business-rule',
      `En måling kan ikke opprettes med status ${obs.status}. Send målingen, og marker den som registrert feil med ${CORRECT_SET_URL}.`,
      'status',
    );
  }
  if ((obs.extension ?? []).some((e) => e.url === WORKFLOW_EXTENSION.enteredInError)) {
    refuse(422, 'business-rule', `Retting skrives av plattformen med ${CORRECT_SET_URL}.`, 'extension');
  }
  const now = ctx.services.now().getTime();
  if (obs.issued !== undefined && Date.parse(obs.issued) > now + MAX_CLOCK_SKEW_MS) {
    refuse(422, 'business-rule', 'Registreringstidspunktet (issued) ligger fram i tid.', 'issued');
  }
  const me = `Practitioner/${ctx.access.practitionerId}`;
  const ids = setIdentifierOf(obs);
  (obs.note ?? []).forEach((note, i) => {
    const ref = note.authorReference?.reference;
    if (ref !== me) {
      refuse(
        403,
        'forbidden',
        'En kommentar kan bare skrives av den som er logget inn (authorReference må være deg selv).',
        `note[${i}].authorReference`,
      );
    }
    const checked = validateSetComment(
      {
        setId: ids?.setId ?? '',
        patientId: patient,
        text: note.text,
        author: {
          reference: ref,
          ...(note.authorReference?.display ? { display: note.authorReference.display } : {}),
        },
        writtenAt: note.time,
      },
      { now: new Date(now).toISOString() },
    );
    if (!checked.ok) {
      refuse(422, 'business-rule', `${checked.errors.map((e) => e.message).join('. ')}.`, `note[${i}]`);
    }
  });
}

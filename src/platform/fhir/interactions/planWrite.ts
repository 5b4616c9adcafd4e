// App writes of plans and Scale 2 decisions (issues #11 point 2, #12 points 5 and 6):
// - CarePlan: a NEWS2 monitoring plan or a personal NEWS2 plan, in core's mapping
//   (src/core/fhir/carePlan.ts), valid by core's rules (src/core/plan);
// - Flag: a Scale 2 decision or the end of one (src/core/fhir/scale2Flag.ts), valid by
//   src/core/news2/scale2Change.ts and consistent with the patient's decisions.
// Each is checked before anything is written: who (the token's user, in the body's author,
// with the token's role), whether the municipality lets that role write it
// (../../access/planPolicy.ts), the patient's existence and the user's access to the
// patient, and the content. Every refusal is itself audited (AuditedRefusal / AccessDenied),
// the way client-reported reads are (./clientAudit.ts).
import type { CarePlan, Flag } from '@medplum/fhirtypes';
import type { ClinicalActor } from '../../../core/actor';
import { FLAG_SCALE_2, SYSTEM, hasCoding } from '../../../core/fhir/codes';
import {
  isMonitoringPlanCarePlan,
  isPersonalPlanCarePlan,
  monitoringPlanFromCarePlan,
  personalPlanFromCarePlan,
} from '../../../core/fhir/carePlan';
import { isScale2EndFlag, scale2DecisionsFromFlags, scale2EndFromFlag } from '../../../core/fhir/scale2Flag';
import { WORKFLOW_SYSTEM } from '../../../core/fhir/workflowCodes';
import {
  checkScale2ChangeAgainst,
  validateScale2Change,
  type Scale2Change,
} from '../../../core/news2/scale2Change';
import { validateMonitoringPlan } from '../../../core/plan/monitoringPlan';
import { validatePersonalPlan } from '../../../core/plan/personalPlan';
import type { Issue } from '../../../core/validation';
import {
  clinicalRoleOf,
  DEFAULT_CLINICAL_POLICY,
  planRights,
  refusalText,
  type PlanRight,
} from '../../access/planPolicy';
import { AuditedRefusal, type UserContext } from '../context';

/** Why core could not read the resource, in Norwegian (core's reasons are for developers). */
const UNREADABLE: ReadonlyArray<[RegExp, string]> = [
  [/no identifier or patient/, 'mangler identifikator eller pasient (subject)'],
  [/no author with role, or no date/, 'mangler forfatter med rolle (author og author-role) eller dato'],
  [/no readable interval/, 'mangler et lesbart intervall (activity.detail.scheduledTiming.repeat)'],
  [/no review date or no reason/, 'mangler revurderingsdato (period.end) eller begrunnelse (description)'],
  [/unreadable usual value/, 'har en vanlig verdi som ikke kan leses'],
  [/no readable threshold/, 'har en varslingsgrense som ikke kan leses'],
  [/is incomplete/, 'har en sone uten betingelse, sone eller tiltak'],
  [/entered in error/, 'er markert som feilregistrert'],
];

function unreadableText(reason: string): string {
  return UNREADABLE.find(([re]) => re.test(reason))?.[1] ?? `kan ikke leses (${reason})`;
}

interface Where {
  ctx: UserContext;
  path: string;
  type: 'CarePlan' | 'Flag';
  patient?: string;
}

/** A refusal of the content: 422, audited as refused. */
function refuse(w: Where, message: string, expression = ''): never {
  throw new AuditedRefusal(
    422,
    'business-rule',
    message,
    {
      access: w.ctx.access,
      interaction: 'create',
      patient: w.patient,
      outcome: 'refused',
      detail: `${w.type === 'Flag' ? 'Beslutning om skala 2' : 'Plan'} avvist: ${message}`,
    },
    [`${w.path}${w.type}${expression ? `.${expression}` : ''}`],
  );
}

function issuesText(issues: readonly Issue<string>[]): string {
  return issues.map((i) => i.message).join('; ');
}

/** The author must be the token's user, with the token's clinical role. */
function checkAuthor(w: Where, actor: ClinicalActor | undefined, expression: string): void {
  const { access } = w.ctx;
  const me = `Practitioner/${access.practitionerId}`;
  const role = clinicalRoleOf(access.role);
  if (actor === undefined) refuse(w, 'Det mangler hvem som satte den (author med rolle).', expression);
  if (actor.reference !== me || actor.role !== role) {
    throw new AuditedRefusal(
      403,
      'forbidden',
      'Bare den innloggede brukeren, med sin egen rolle, kan stå som forfatter.',
      {
        access,
        interaction: 'create',
        patient: w.patient,
        outcome: 'refused',
        detail: 'Avvist: oppga en annen forfatter eller rolle enn den innloggede brukeren.',
      },
      [`${w.path}${w.type}.${expression}`],
    );
  }
}

/** The municipality's rule for the token's role (access/planPolicy.ts); denied is audited. */
function checkRight(w: Where, right: PlanRight): void {
  const policy = w.ctx.services.tenants.get(w.ctx.tenant)?.policy ?? DEFAULT_CLINICAL_POLICY;
  if (!planRights(w.ctx.access.role, policy).includes(right)) {
    w.ctx.guard.deny(refusalText(right, policy), { interaction: 'create', patient: w.patient });
  }
}

function patientOf(reference: string | undefined): string | undefined {
  return /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(reference ?? '')?.[1];
}

/** The patient exists in this municipality, and the user may write for them (audited when not). */
async function checkPatient(w: Where & { patient: string }, knownPatients: Set<string>): Promise<void> {
  if (knownPatients.has(`${w.type}|${w.patient}`)) return;
  const exists = await w.ctx.services.store.read(w.ctx.tenant, 'Patient', w.patient);
  if (!exists) refuse(w, `Patient/${w.patient} finnes ikke i kommune ${w.ctx.tenant}.`, 'subject');
  await w.ctx.guard.requirePatients(w.type, 'c', [w.patient], { interaction: 'create' });
  knownPatients.add(`${w.type}|${w.patient}`);
}

/** Checks an app-written CarePlan; answers its patient. */
export async function checkCarePlanWrite(
  ctx: UserContext,
  cp: CarePlan,
  path: string,
  knownPatients: Set<string>,
): Promise<string> {
  const w: Where = { ctx, path, type: 'CarePlan' };
  const monitoring = isMonitoringPlanCarePlan(cp);
  if (!monitoring && !isPersonalPlanCarePlan(cp)) {
    throw new AuditedRefusal(
      403,
      'forbidden',
      'Apper kan bare opprette CarePlan for NEWS2-overvåkingsplan eller personlig NEWS2-plan.',
      { access: ctx.access, interaction: 'create', outcome: 'refused', detail: 'Avvist: ukjent type plan.' },
      [`${path}CarePlan.category`],
    );
  }
  const patient = patientOf(cp.subject?.reference);
  if (patient === undefined) refuse(w, 'Planen mangler pasient (subject).', 'subject');
  const at = { ...w, patient };
  await checkPatient(at, knownPatients);
  const read = monitoring ? monitoringPlanFromCarePlan(cp) : personalPlanFromCarePlan(cp);
  if (!read.ok) refuse(at, `Planen ${unreadableText(read.reason)}.`);
  const plan = read.value;
  checkAuthor(at, plan.setBy, 'author');
  checkRight(at, monitoring ? 'monitoring-plan' : 'personal-plan');
  const now = ctx.services.now().toISOString();
  const checked = monitoring ? validateMonitoringPlan(plan, { now }) : validatePersonalPlan(plan, { now });
  if (!checked.ok) refuse(at, `Planen er ikke gyldig: ${issuesText(checked.errors)}.`);
  return plan.patientId;
}

/** A Flag as the change it records, or why it is not one. */
function changeOfFlag(flag: Flag): { ok: true; change: Scale2Change } | { ok: false; reason: string } {
  const id = flag.identifier?.find((i) => i.system === WORKFLOW_SYSTEM.scale2Decision)?.value;
  if (id === undefined) return { ok: false, reason: 'Beslutningen mangler identifikator (identifier).' };
  if (isScale2EndFlag(flag)) {
    const end = scale2EndFromFlag(flag);
    if (!end || flag.status !== 'inactive') {
      return {
        ok: false,
        reason:
          'Avslutningen må ha status inactive, pasient, forfatter, tidspunkt og beslutningen den avslutter.',
      };
    }
    return {
      ok: true,
      change: {
        kind: 'end',
        id,
        patientId: end.patientId,
        by: end.by as ClinicalActor,
        at: end.at,
        reason: end.reason ?? '',
        ends: end.ends,
      },
    };
  }
  if (flag.status !== 'active' || flag.period?.end !== undefined) {
    return {
      ok: false,
      reason: 'En ny beslutning må ha status active og ingen sluttdato; avslutt med en egen avslutning.',
    };
  }
  const [decision] = scale2DecisionsFromFlags([flag]);
  if (!decision) return { ok: false, reason: 'Beslutningen mangler pasient, forfatter eller tidspunkt.' };
  return {
    ok: true,
    change: {
      kind: 'start',
      id,
      patientId: decision.patientId,
      by: decision.decidedBy as ClinicalActor,
      at: decision.decidedAt,
      reason: decision.reason ?? '',
    },
  };
}

/** Checks an app-written Flag: only Scale 2 decisions and their ends; answers its patient. */
export async function checkScale2FlagWrite(
  ctx: UserContext,
  flag: Flag,
  path: string,
  knownPatients: Set<string>,
): Promise<string> {
  const w: Where = { ctx, path, type: 'Flag' };
  if (!hasCoding(flag.code, SYSTEM.flag, FLAG_SCALE_2)) {
    throw new AuditedRefusal(
      403,
      'forbidden',
      'Apper kan bare opprette Flag for beslutninger om SpO₂-skala 2.',
      { access: ctx.access, interaction: 'create', outcome: 'refused', detail: 'Avvist: ukjent type Flag.' },
      [`${path}Flag.code`],
    );
  }
  const patient = patientOf(flag.subject?.reference);
  if (patient === undefined) refuse(w, 'Beslutningen mangler pasient (subject).', 'subject');
  const at = { ...w, patient };
  await checkPatient(at, knownPatients);
  const read = changeOfFlag(flag);
  if (!read.ok) refuse(at, read.reason);
  const { change } = read;
  checkAuthor(at, change.by.role ? change.by : undefined, 'author');
  checkRight(at, 'scale2-decision');
  const valid = validateScale2Change(change, { now: ctx.services.now().toISOString() });
  if (!valid.ok) refuse(at, `Beslutningen er ikke gyldig: ${issuesText(valid.errors)}.`);

  // Against the patient's decisions as stored. A resend of a change that is already stored
  // (a lost answer) is left to the conditional create, which answers 200.
  const stored = await ctx.services.store.search(ctx.tenant, {
    type: 'Flag',
    patients: [change.patientId],
    codes: [`${SYSTEM.flag}|${FLAG_SCALE_2}`],
    includeRestricted: true,
    count: 1000,
  });
  const flags = stored.resources as Flag[];
  const resend = flags.some((f) =>
    f.identifier?.some((i) => i.system === WORKFLOW_SYSTEM.scale2Decision && i.value === change.id),
  );
  if (!resend) {
    const issues = checkScale2ChangeAgainst(change, scale2DecisionsFromFlags(flags));
    if (issues.length) refuse(at, issuesText(issues), change.kind === 'end' ? 'extension' : undefined);
  }
  return change.patientId;
}

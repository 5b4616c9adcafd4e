// Plans and Scale 2 decisions written by apps (issues #11 point 2, #12 points 5 and 6):
// validated by core's rules, access-checked per role and tenant, refused with a Norwegian
// OperationOutcome, every refusal audited, exactly once on a resend, append-only.
import type { AuditEvent, Bundle, CarePlan, Flag, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, firstIssue, openTestRouter, type TestRouter } from '../../../../test/helpers/fhirRouter';
import {
  monitoringPlanFromCarePlan,
  monitoringPlanToCarePlan,
  personalPlanFromCarePlan,
  personalPlanToCarePlan,
} from '../../../core/fhir/carePlan';
import { scale2ChangeToFlag, scale2DecisionsFromFlags } from '../../../core/fhir/scale2Flag';
import { WORKFLOW_SYSTEM } from '../../../core/fhir/workflowCodes';
import type { Scale2Change } from '../../../core/news2/scale2Change';
import type { MonitoringPlan } from '../../../core/plan/monitoringPlan';
import type { PersonalPlan } from '../../../core/plan/personalPlan';
import { DEFAULT_TENANTS } from '../../config';
import { testAccess, testVerifier } from '../../testing/fixtures';

let t: TestRouter;
let n = 0;
const uid = (prefix: string) => `${prefix}-${++n}-${Date.now().toString(36)}`;

const access = testAccess();
const tokens = {
  ...access,
  nurse: { ...access.nurse!, scopes: ['user/*.rs', 'user/CarePlan.c', 'user/Flag.c'] },
  doctor: {
    ...access['doctor-anna']!,
    scopes: ['patient/*.rs', 'patient/CarePlan.c', 'patient/Flag.c'],
  },
  'stavanger-nurse': {
    ...access['stavanger-nurse']!,
    patient: 'p-stav',
    scopes: ['patient/*.rs', 'patient/CarePlan.c', 'patient/Flag.c'],
  },
};
/** Stavanger authorises nurses to set personal plans; Bergen keeps the default (doctors only). */
const tenants = DEFAULT_TENANTS.map((x) =>
  x.id === '1103'
    ? {
        ...x,
        policy: {
          personalPlanAuthors: ['doctor', 'nurse'] as const,
          scale2DecisionAuthors: ['doctor'] as const,
        },
      }
    : x,
);

beforeAll(async () => {
  t = await openTestRouter({ verifier: testVerifier(tokens), tenants });
}, 120_000);
afterAll(async () => {
  await t?.db.close();
});

const nurseActor = { reference: 'Practitioner/prac-nurse', display: 'Kari Nordmann', role: 'nurse' as const };
const doctorActor = { reference: 'Practitioner/prac-doctor', display: 'Ola Lege', role: 'doctor' as const };
const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const ahead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

function monitoring(over: Partial<MonitoringPlan> = {}): MonitoringPlan {
  return {
    id: uid('mp'),
    patientId: 'p-anna',
    interval: { value: 1, unit: 'wk' },
    setBy: nurseActor,
    setAt: ago(1),
    reason: 'Stabil, ukentlig besøk',
    ...over,
  };
}

function personal(over: Partial<PersonalPlan> = {}): PersonalPlan {
  return {
    id: uid('pp'),
    patientId: 'p-anna',
    setBy: doctorActor,
    setAt: ago(0.1),
    reason: 'Kjent KOLS, vanlig NEWS2 5',
    validUntil: ahead(90),
    usualValues: { news2Total: { usual: 5, low: 4, high: 6 } },
    spo2Target: { low: 88, high: 92, scale: 2 },
    alerts: [{ parameter: 'news2Total', comparator: '>=', value: 7, zone: 'red', action: 'Ring fastlege' }],
    ...over,
  };
}

function tx(resource: Resource, system: string, value: string): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        resource,
        request: {
          method: 'POST',
          url: resource.resourceType,
          ifNoneExist: `identifier=${system}|${value}`,
        },
      },
    ],
  };
}
const planTx = (cp: CarePlan) => tx(cp, cp.identifier![0]!.system!, cp.identifier![0]!.value!);
const flagTx = (f: Flag) => tx(f, WORKFLOW_SYSTEM.scale2Decision, f.identifier![0]!.value!);

async function auditOf(patient: string, tenant = '4601'): Promise<AuditEvent[]> {
  return (await t.store.searchAudit(tenant, { patient, count: 10_000 })).events;
}

async function carePlans(patient: string, token = 'nurse'): Promise<CarePlan[]> {
  const r = await t.call('GET', `${BASE}/CarePlan?patient=${patient}`, token);
  expect(r.status).toBe(200);
  return ((r.resource as Bundle).entry ?? []).map((e) => e.resource as CarePlan);
}

async function flags(patient: string): Promise<Flag[]> {
  const r = await t.call('GET', `${BASE}/Flag?patient=${patient}`, 'nurse');
  return ((r.resource as Bundle).entry ?? []).map((e) => e.resource as Flag);
}

/** Refused with `status`, nothing stored for the identifier, the refusal audited with `why`. */
async function expectRefused(
  body: Bundle,
  token: string,
  status: number,
  why: RegExp,
  opts: { patient?: string; base?: string; tenant?: string } = {},
) {
  const patient = opts.patient ?? 'p-anna';
  const before = (await auditOf(patient, opts.tenant)).length;
  const r = await t.call('POST', opts.base ?? BASE, token, body);
  expect(r.status).toBe(status);
  expect(r.resource?.resourceType).toBe('OperationOutcome');
  const text = firstIssue(r)?.diagnostics ?? '';
  expect(text).toMatch(why);
  const after = await auditOf(patient, opts.tenant);
  expect(after.length).toBe(before + 1);
  expect(after[0]!.outcome).toBe('4');
  const entry = body.entry![0]!;
  const identifier = (entry.resource as CarePlan).identifier![0]!;
  const stored = await t.store.search(opts.tenant ?? '4601', {
    type: entry.resource!.resourceType,
    identifiers: [`${identifier.system}|${identifier.value}`],
    includeRestricted: true,
  });
  expect(stored.resources).toHaveLength(0);
  return r.resource as OperationOutcome;
}

describe('monitoring plans', () => {
  it('a nurse sets one for her patient: stored as FHIR, read back the same, audited, exactly once', async () => {
    const plan = monitoring();
    const cp = monitoringPlanToCarePlan(plan);
    const first = await t.call('POST', BASE, 'nurse', planTx(cp));
    expect(first.status).toBe(200);
    expect((first.resource as Bundle).entry?.[0]?.response?.status).toBe('201 Created');
    const again = await t.call('POST', BASE, 'nurse', planTx(cp));
    expect((again.resource as Bundle).entry?.[0]?.response?.status).toBe('200 OK');
    const mine = (await carePlans('p-anna')).filter((c) => c.identifier?.[0]?.value === plan.id);
    expect(mine).toHaveLength(1);
    expect(monitoringPlanFromCarePlan(mine[0]!)).toEqual({ ok: true, value: plan });
    expect(mine[0]!.meta?.source).toBe('varde');
    const audit = await auditOf('p-anna');
    expect(
      audit.some(
        (e) => e.action === 'E' && e.entity?.some((x) => x.what?.reference === `CarePlan/${mine[0]!.id}`),
      ),
    ).toBe(true);
  });

  it('a doctor in the EPJ may set one too', async () => {
    const r = await t.call(
      'POST',
      BASE,
      'doctor',
      planTx(monitoringPlanToCarePlan(monitoring({ setBy: doctorActor }))),
    );
    expect(r.status).toBe(200);
  });

  it("is refused for a patient outside the user's access, audited", async () => {
    await expectRefused(
      planTx(monitoringPlanToCarePlan(monitoring({ patientId: 'p-carl' }))),
      'nurse',
      403,
      /behandlingsrelasjon/,
      { patient: 'p-carl' },
    );
  });

  it('is refused for a patient of another municipality, and a token of another municipality', async () => {
    await expectRefused(
      planTx(monitoringPlanToCarePlan(monitoring({ patientId: 'p-stav' }))),
      'nurse',
      422,
      /Patient\/p-stav finnes ikke i kommune 4601/,
      { patient: 'p-stav' },
    );
    const r = await t.call('POST', '/fhir/1103', 'nurse', planTx(monitoringPlanToCarePlan(monitoring())));
    expect(r.status).toBe(403);
  });

  it('is refused when the interval breaks "minst årlig", with the reason in Norwegian', async () => {
    await expectRefused(
      planTx(monitoringPlanToCarePlan(monitoring({ interval: { value: 18, unit: 'mo' } }))),
      'nurse',
      422,
      /Intervallet kan være høyst 12 måneder/,
    );
  });

  it("is refused in someone else's name or role", async () => {
    await expectRefused(
      planTx(monitoringPlanToCarePlan(monitoring({ setBy: doctorActor }))),
      'nurse',
      403,
      /innloggede brukeren/,
    );
    await expectRefused(
      planTx(monitoringPlanToCarePlan(monitoring({ setBy: { ...nurseActor, role: 'doctor' } }))),
      'nurse',
      403,
      /egen rolle/,
    );
  });

  it('is refused when core cannot read it (no interval)', async () => {
    const cp = monitoringPlanToCarePlan(monitoring());
    delete cp.activity![0]!.detail!.scheduledTiming;
    await expectRefused(planTx(cp), 'nurse', 422, /mangler et lesbart intervall/);
  });
});

describe('personal plans', () => {
  it('a doctor sets one: the zone plan is stored whole and read back the same', async () => {
    const plan = personal();
    const r = await t.call('POST', BASE, 'doctor', planTx(personalPlanToCarePlan(plan)));
    expect(r.status).toBe(200);
    const stored = (await carePlans('p-anna')).find((c) => c.identifier?.[0]?.value === plan.id);
    expect(personalPlanFromCarePlan(stored!)).toEqual({ ok: true, value: plan });
  });

  it('a nurse of a municipality that keeps it to doctors is refused, audited, told who may', async () => {
    const outcome = await expectRefused(
      planTx(personalPlanToCarePlan(personal({ setBy: nurseActor }))),
      'nurse',
      403,
      /bare lege/,
    );
    expect(outcome.issue?.[0]?.code).toBe('forbidden');
  });

  it('a nurse of a municipality that authorises nurses may set one', async () => {
    const plan = personal({
      patientId: 'p-stav',
      setBy: { ...nurseActor, reference: 'Practitioner/prac-stav' },
    });
    const r = await t.call('POST', '/fhir/1103', 'stavanger-nurse', planTx(personalPlanToCarePlan(plan)));
    expect(r.status).toBe(200);
    expect((r.resource as Bundle).entry?.[0]?.response?.status).toBe('201 Created');
  });

  it.each([
    [
      'a threshold outside the physiological limits',
      personal({
        alerts: [{ parameter: 'pulse', comparator: '>=', value: 400, zone: 'red', action: 'Ring 113' }],
      }),
      /Puls må ligge mellom/,
    ],
    [
      'a target SpO2 range that is not a range',
      personal({ spo2Target: { low: 92, high: 88 } }),
      /Målområdet for SpO₂ må være et område/,
    ],
    [
      'a review date more than 12 months ahead',
      personal({ validUntil: ahead(400) }),
      /revurderes innen 12 måneder/,
    ],
    [
      'a review date before it was set',
      personal({ validUntil: ago(1) }),
      /Revurderingsdatoen må ligge etter/,
    ],
  ])('%s is refused with the reason, audited', async (_what, plan, why) => {
    await expectRefused(planTx(personalPlanToCarePlan(plan)), 'doctor', 422, why);
  });

  it('a plan without why or review date is refused before it is read', async () => {
    const cp = personalPlanToCarePlan(personal());
    delete cp.description;
    await expectRefused(planTx(cp), 'doctor', 422, /begrunnelse/);
    const noEnd = personalPlanToCarePlan(personal());
    noEnd.period = { start: noEnd.period!.start };
    await expectRefused(planTx(noEnd), 'doctor', 422, /revurderingsdato/);
  });

  it('other CarePlans are not app writes', async () => {
    const cp: CarePlan = {
      resourceType: 'CarePlan',
      identifier: [{ system: 'urn:x', value: uid('cp') }],
      status: 'active',
      intent: 'plan',
      subject: { reference: 'Patient/p-anna' },
    };
    const r = await t.call('POST', BASE, 'doctor', tx(cp, 'urn:x', cp.identifier![0]!.value!));
    expect(r.status).toBe(403);
  });

  it('the administrator reaches no plan', async () => {
    const r = await t.call('GET', `${BASE}/CarePlan?patient=p-anna`, 'admin');
    expect(r.status).toBe(403);
    expect((await t.call('GET', `${BASE}/CarePlan`, 'nurse')).status).toBe(400);
  });
});

describe('Scale 2 decisions', () => {
  const start = (over: Partial<Scale2Change> = {}): Scale2Change =>
    ({
      kind: 'start',
      id: uid('dec'),
      patientId: 'p-anna',
      by: doctorActor,
      at: ago(0.01),
      reason: 'KOLS med kjent hyperkapnisk respirasjonssvikt',
      ...over,
    }) as Scale2Change;

  it('a nurse may neither decide nor end Scale 2 (doctors only by default), audited', async () => {
    await expectRefused(flagTx(scale2ChangeToFlag(start({ by: nurseActor }))), 'nurse', 403, /bare lege/);
  });

  it('a decision without why is refused; a Flag that is not Scale 2 is not an app write', async () => {
    const f = scale2ChangeToFlag(start());
    f.code.text = '';
    delete f.code.text;
    await expectRefused(flagTx(f), 'doctor', 422, /Skriv hvorfor skala 2 skal brukes/);
    const other = { ...scale2ChangeToFlag(start()), code: { coding: [{ system: 'urn:x', code: 'fall' }] } };
    const r = await t.call('POST', BASE, 'doctor', flagTx(other));
    expect(r.status).toBe(403);
  });

  it('decided, refused a second time while in force, ended by its own record: the decision reads ended', async () => {
    const decided = start();
    const r = await t.call('POST', BASE, 'doctor', flagTx(scale2ChangeToFlag(decided)));
    expect(r.status).toBe(200);
    await expectRefused(flagTx(scale2ChangeToFlag(start())), 'doctor', 422, /allerede besluttet/);
    const end: Scale2Change = {
      kind: 'end',
      id: uid('end'),
      patientId: 'p-anna',
      by: doctorActor,
      at: new Date().toISOString(),
      reason: 'Blodgass uten CO₂-retensjon',
      ends: { identifier: decided.id },
    };
    const ended = await t.call('POST', BASE, 'doctor', flagTx(scale2ChangeToFlag(end)));
    expect(ended.status).toBe(200);
    // A resend of the end after a lost answer is the same record, not a refusal.
    const resent = await t.call('POST', BASE, 'doctor', flagTx(scale2ChangeToFlag(end)));
    expect((resent.resource as Bundle).entry?.[0]?.response?.status).toBe('200 OK');

    const all = await flags('p-anna');
    const original = all.find((f) => f.identifier?.[0]?.value === decided.id)!;
    // The platform marked the decision itself inactive (a new version), so a plain reader stops too.
    expect(original.status).toBe('inactive');
    expect(original.period?.end).toBe(end.at);
    expect(original.meta?.versionId).toBe('2');
    const decision = scale2DecisionsFromFlags(all).find((d) => d.identifier === decided.id);
    expect(decision).toMatchObject({ endedAt: end.at, endReason: end.reason, endedBy: doctorActor });

    // Ending it again is refused: it no longer applies.
    await expectRefused(
      flagTx(scale2ChangeToFlag({ ...end, id: uid('end') })),
      'doctor',
      422,
      /gjelder ikke lenger/,
    );
    // Rebuilt from the events, the projections say the same.
    await t.store.rebuildProjections('4601');
    const rebuilt = await flags('p-anna');
    expect(rebuilt.find((f) => f.identifier?.[0]?.value === decided.id)).toEqual(original);
  });

  it('an end of a decision that does not exist is refused', async () => {
    const end: Scale2Change = {
      kind: 'end',
      id: uid('end'),
      patientId: 'p-anna',
      by: doctorActor,
      at: new Date().toISOString(),
      reason: 'Feil pasient',
      ends: { id: 'finnes-ikke' },
    };
    await expectRefused(flagTx(scale2ChangeToFlag(end)), 'doctor', 422, /Fant ikke beslutningen/);
  });
});

import '../../testing/autoCleanup';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ClinicalActor } from '../../../core/actor';
import type { Scale2Change } from '../../../core/news2/scale2Change';
import type { MonitoringPlan } from '../../../core/plan/monitoringPlan';
import type { PersonalPlan } from '../../../core/plan/personalPlan';
import type { PatientPlans, PatientView } from '../../../offline/api';
import type { PlanRight, UserRights } from '../../auth/userRights';
import { NOW, scale2Decision } from '../../testing/fixtures';
import { PlanScreen } from './PlanScreen';

const doctor: ClinicalActor = { reference: 'Practitioner/l1', display: 'Lise Lege', role: 'doctor' };
const nurse: ClinicalActor = { reference: 'Practitioner/s1', display: 'Siri Sykepleier', role: 'nurse' };

const rightsOf = (role: 'doctor' | 'nurse', rights: PlanRight[]): UserRights => ({
  role,
  known: true,
  may: (r) => rights.includes(r),
});

const ready = <T,>(data: T) => ({
  kind: 'ready' as const,
  data,
  fetchedAt: '2026-11-25T08:55:00Z',
  stale: false,
});

function setup(
  opts: {
    actor?: ClinicalActor;
    rights?: UserRights;
    plans?: PatientPlans;
    scale2?: Parameters<typeof ready>[0];
  } = {},
) {
  const commands = {
    recordMonitoringPlan: vi.fn(async (_p: MonitoringPlan) => {}),
    recordPersonalPlan: vi.fn(async (_p: PersonalPlan) => {}),
    recordScale2Change: vi.fn(async (_c: Scale2Change) => {}),
  };
  let n = 0;
  const view: Pick<PatientView, 'plans' | 'planWrites' | 'scale2'> = {
    plans: ready(opts.plans ?? { monitoring: [], personal: [], unreadable: 0 }),
    scale2: ready(opts.scale2 ?? []) as PatientView['scale2'],
    planWrites: [],
  };
  render(
    <PlanScreen
      patientId="pat-kari"
      view={view}
      actor={opts.actor ?? doctor}
      rights={opts.rights ?? rightsOf('doctor', ['monitoring-plan', 'personal-plan', 'scale2-decision'])}
      commands={commands}
      now={() => NOW}
      newId={() => `id-${++n}`}
    />,
  );
  return { commands, user: userEvent.setup() };
}

const personal = () => screen.getByRole('region', { name: 'Personlig plan' });
const monitoring = () => screen.getByRole('region', { name: /Overvåkingsplan/ });
const scale = () => screen.getByRole('region', { name: 'SpO₂-skala' });

describe('Plan: monitoring plan', () => {
  it('reads the municipal default when no plan is set, and saves a weekly plan with who and when', async () => {
    const { user, commands } = setup({ actor: nurse, rights: rightsOf('nurse', ['monitoring-plan']) });
    expect(monitoring()).toHaveTextContent('Ingen plan er satt: kommunens standard gjelder');
    await user.click(within(monitoring()).getByRole('radio', { name: 'Hver uke' }));
    await user.type(within(monitoring()).getByLabelText(/^Begrunnelse/), 'Stabil, besøk flere ganger i uka');
    await user.click(within(monitoring()).getByRole('button', { name: 'Lagre overvåkingsplan' }));
    expect(commands.recordMonitoringPlan).toHaveBeenCalledOnce();
    expect(commands.recordMonitoringPlan.mock.calls[0]?.[0]).toMatchObject({
      patientId: 'pat-kari',
      interval: { value: 1, unit: 'wk' },
      setBy: nurse,
      setAt: NOW.toISOString(),
      reason: 'Stabil, besøk flere ganger i uka',
    });
    expect(monitoring()).toHaveTextContent('Overvåkingsplanen er lagret: NEWS2 hver uke.');
  });

  it('refuses an interval longer than the municipal default at the form', async () => {
    const { user, commands } = setup();
    await user.click(within(monitoring()).getByRole('radio', { name: 'Annet intervall' }));
    const every = within(monitoring()).getByLabelText('Hver');
    await user.clear(every);
    await user.type(every, '13');
    await user.selectOptions(within(monitoring()).getByLabelText('Enhet'), 'mo');
    await user.click(within(monitoring()).getByRole('button', { name: 'Lagre overvåkingsplan' }));
    expect(within(monitoring()).getByRole('alert')).toHaveTextContent('Planen er ikke lagret');
    expect(commands.recordMonitoringPlan).not.toHaveBeenCalled();
  });
});

describe('Plan: personal plan', () => {
  it('refuses a plan without a reason, a threshold outside the limits and a target that is not a range', async () => {
    const { user, commands } = setup();
    const form = within(personal()).getByRole('form');
    await user.type(within(form).getByLabelText('Fra (%)'), '92');
    await user.type(within(form).getByLabelText('Til (%)'), '88');
    await user.click(within(form).getByRole('button', { name: 'Legg til varslingsgrense' }));
    await user.selectOptions(within(form).getByLabelText('Grense 1: gjelder'), 'pulse');
    await user.type(within(form).getByLabelText('Grense 1: verdi'), '400');
    await user.type(within(form).getByLabelText(/^Grense 1: tiltak/), 'Ring fastlege');
    await user.click(within(form).getByRole('button', { name: 'Lagre personlig plan' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Skriv hvorfor planen settes');
    // With the reason given, core's checks of the values answer next.
    await user.type(within(form).getByLabelText(/^Begrunnelse/), 'KOLS');
    // The edited field's message goes at once; the others wait for the next save.
    expect(within(form).queryByText('Skriv hvorfor planen settes')).toBeNull();
    await user.click(within(form).getByRole('button', { name: 'Lagre personlig plan' }));
    const alert = within(form).getByRole('alert');
    expect(alert).toHaveTextContent(/Varslingsgrense 1: Puls må ligge mellom \d+ og \d+/);
    expect(alert).toHaveTextContent('Målområdet for SpO₂ må være et område');
    expect(commands.recordPersonalPlan).not.toHaveBeenCalled();
  });

  it('saves a plan by the doctor with a review date and shows it with who, when and until', async () => {
    const { user, commands } = setup();
    const form = within(personal()).getByRole('form');
    await user.type(within(form).getByLabelText(/^Begrunnelse/), 'Kjent KOLS, vanlig NEWS2 5');
    await user.type(within(form).getByLabelText('Fra (%)'), '88');
    await user.type(within(form).getByLabelText('Til (%)'), '92');
    await user.click(within(form).getByRole('button', { name: 'Legg til varslingsgrense' }));
    await user.type(within(form).getByLabelText('Grense 1: verdi'), '7');
    await user.selectOptions(within(form).getByLabelText('Grense 1: sone'), 'red');
    await user.type(within(form).getByLabelText(/^Grense 1: tiltak/), 'Ring fastlege');
    await user.click(within(form).getByRole('button', { name: 'Lagre personlig plan' }));
    expect(commands.recordPersonalPlan).toHaveBeenCalledOnce();
    const plan = commands.recordPersonalPlan.mock.calls[0]![0];
    expect(plan).toMatchObject({
      patientId: 'pat-kari',
      setBy: doctor,
      reason: 'Kjent KOLS, vanlig NEWS2 5',
      spo2Target: { low: 88, high: 92 },
      alerts: [{ parameter: 'news2Total', comparator: '>=', value: 7, zone: 'red', action: 'Ring fastlege' }],
    });
    // The default review date: three months ahead, to the end of that day in Norway.
    expect(plan.validUntil).toBe('2027-02-25T22:59:59.000Z');
    expect(personal()).toHaveTextContent(
      'Den personlige planen er lagret: Personlig plan (lege Lise Lege, 25.11.2026, gjelder til 25.02.2027): NEWS2 ≥ 7: Ring fastlege.',
    );
  });

  it('lets a nurse without the right read the plan but not set it', () => {
    const plan: PersonalPlan = {
      id: 'pp1',
      patientId: 'pat-kari',
      setBy: doctor,
      setAt: '2026-11-01T10:00:00Z',
      reason: 'KOLS',
      validUntil: '2027-02-01T22:59:59Z',
      alerts: [{ parameter: 'news2Total', comparator: '>=', value: 7, zone: 'red', action: 'Ring fastlege' }],
    };
    setup({
      actor: nurse,
      rights: rightsOf('nurse', ['monitoring-plan']),
      plans: { monitoring: [], personal: [plan], unreadable: 0 },
    });
    expect(personal()).toHaveTextContent(
      'Personlig plan (lege Lise Lege, 01.11.2026, gjelder til 01.02.2027): NEWS2 ≥ 7: Ring fastlege.',
    );
    expect(personal()).toHaveTextContent('Begrunnelse: KOLS');
    expect(within(personal()).queryByRole('form')).not.toBeInTheDocument();
    expect(personal()).toHaveTextContent('Du kan lese planen, men ikke sette den');
  });

  it('reads an expired plan as expired', () => {
    const plan: PersonalPlan = {
      id: 'pp2',
      patientId: 'pat-kari',
      setBy: doctor,
      setAt: '2026-06-01T10:00:00Z',
      reason: 'KOLS',
      validUntil: '2026-11-01T22:59:59Z',
      alerts: [{ parameter: 'news2Total', comparator: '>=', value: 7, zone: 'red', action: 'Ring fastlege' }],
    };
    setup({ plans: { monitoring: [], personal: [plan], unreadable: 0 } });
    expect(personal()).toHaveTextContent('utløpt 01.11.2026: brukes ikke. Standard NEWS2 gjelder.');
    // The form starts empty: an expired plan is not carried into a new one.
    expect(within(personal()).getByRole('heading', { name: 'Sett personlig plan' })).toBeInTheDocument();
  });
});

describe('Plan: Scale 2 decisions', () => {
  it('decides Scale 2 only with a reason, as a record of its own', async () => {
    const { user, commands } = setup();
    expect(scale()).toHaveTextContent('Skala 1 gjelder');
    await user.click(within(scale()).getByRole('button', { name: 'Beslutt skala 2' }));
    expect(within(scale()).getByRole('alert')).toHaveTextContent('Skala 2 er ikke besluttet');
    expect(commands.recordScale2Change).not.toHaveBeenCalled();
    await user.type(within(scale()).getByLabelText(/Hvorfor skal skala 2 brukes/), 'Hyperkapnisk KOLS');
    await user.click(within(scale()).getByRole('button', { name: 'Beslutt skala 2' }));
    expect(commands.recordScale2Change.mock.calls[0]?.[0]).toMatchObject({
      kind: 'start',
      patientId: 'pat-kari',
      by: doctor,
      at: NOW.toISOString(),
      reason: 'Hyperkapnisk KOLS',
    });
  });

  it('ends the decision in force with who, when and why', async () => {
    const decision = { ...scale2Decision('Lise Lege', '2026-03-02T10:00:00Z'), id: 'flag-1' };
    const { user, commands } = setup({ scale2: [decision] });
    expect(scale()).toHaveTextContent('Skala 2 gjelder. Skala 2 besluttet av Lise Lege 02.03.2026');
    await user.type(within(scale()).getByLabelText(/Hvorfor avsluttes skala 2/), 'Blodgass normal');
    await user.click(within(scale()).getByRole('button', { name: 'Avslutt skala 2' }));
    expect(commands.recordScale2Change.mock.calls[0]?.[0]).toMatchObject({
      kind: 'end',
      by: doctor,
      reason: 'Blodgass normal',
      ends: { id: 'flag-1' },
    });
  });

  it('shows the decision without a form to a nurse the municipality has not authorised', () => {
    setup({ actor: nurse, rights: rightsOf('nurse', ['monitoring-plan']) });
    expect(within(scale()).queryByRole('form')).not.toBeInTheDocument();
    expect(scale()).toHaveTextContent('Skala 2 besluttes av lege i denne kommunen');
  });
});

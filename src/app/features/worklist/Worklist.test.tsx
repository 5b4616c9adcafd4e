import '../../testing/autoCleanup';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { MonitoringPlan } from '../../../core/plan/monitoringPlan';
import type { DeviceVitalSignsSet, WorklistEntry } from '../../../offline/api';
import { triageRow } from '../../../core/worklist/triage';
import { NOW, kari, vitalsSet } from '../../testing/fixtures';
import { Worklist } from './Worklist';

const ola = {
  id: 'pat-ola',
  name: 'Ola Nordmannsen',
  fnr: '01015012345',
  birthDate: '1950-01-01',
  gender: 'male' as const,
};
const per = {
  id: 'pat-per',
  name: 'Per Stabilsen',
  fnr: '02024012345',
  birthDate: '1940-02-02',
  gender: 'male' as const,
};

/** A full set: respiration 24 (2) and pulse 112 (2) and 38,4 °C (1) = 5 (medium); or all normal (0). */
function set(patientId: string, id: string, at: string, ill: boolean): DeviceVitalSignsSet {
  return vitalsSet({
    id,
    patientId,
    effectiveDateTime: at,
    vitals: {
      respirationRate: ill ? 24 : 16,
      spo2: 97,
      spo2Scale: 1,
      onOxygen: false,
      systolicBP: 130,
      pulse: ill ? 112 : 70,
      consciousness: 'A',
      temperature: ill ? 38.4 : 37,
    },
  });
}

const weekly: MonitoringPlan = {
  id: 'mp-per',
  patientId: per.id,
  interval: { value: 1, unit: 'wk' },
  setBy: { reference: 'Practitioner/s1', display: 'Siri Sykepleier', role: 'nurse' },
  setAt: '2026-10-01T08:00:00Z',
};
const plans = (monitoring: MonitoringPlan[]) => ({ monitoring, personal: [], unreadable: 0 });

/** A row as the offline client builds it: core's triage row of the patient's sets and plans. */
function worklistEntry(
  patient: WorklistEntry['patient'],
  sets: DeviceVitalSignsSet[],
  now: Date,
  opts: { visitOrder: number; plans?: ReturnType<typeof plans> },
): WorklistEntry {
  const triage = triageRow({
    patientId: patient.id,
    sets,
    now: now.toISOString(),
    visitOrder: opts.visitOrder,
    ...(opts.plans ? { monitoringPlans: opts.plans.monitoring } : {}),
  });
  return { patient, triage, overdue: triage.monitoring.kind === 'overdue', plansKnown: !!opts.plans };
}

// The visit order puts the stable patients first; triage must not.
const entries: WorklistEntry[] = [
  // Stable, weekly plan, measured 3 days ago: not overdue.
  worklistEntry(per, [set(per.id, 'p1', '2026-11-22T09:00:00Z', false)], NOW, {
    visitOrder: 0,
    plans: plans([weekly]),
  }),
  // Stable, municipal default (no plan on the device): not overdue, and the row says so.
  worklistEntry(ola, [set(ola.id, 'o1', '2026-11-20T09:00:00Z', false)], NOW, { visitOrder: 1 }),
  // NEWS2 5 four hours ago: medium risk and overdue by RCP's hourly interval on top of the plan.
  worklistEntry(kari, [set(kari.id, 'k1', '2026-11-25T05:00:00Z', true)], NOW, {
    visitOrder: 2,
    plans: plans([]),
  }),
];

function renderList(data: WorklistEntry[] = entries) {
  render(
    <Worklist
      section={{ kind: 'ready', data, fetchedAt: '2026-11-25T08:00:00Z', stale: false }}
      now={NOW}
      onSelect={() => {}}
      onPrefetch={async () => {}}
    />,
  );
}

describe('Mine pasienter i dag', () => {
  it('orders by risk band before the visit order, with risk, age, usual and plan state in words', () => {
    renderList();
    const items = screen.getAllByRole('listitem');
    expect(items.map((i) => within(i).getAllByRole('button')[0]!.textContent)).toEqual([
      expect.stringContaining('Kari Testesen'),
      expect.stringContaining('Per Stabilsen'),
      expect.stringContaining('Ola Nordmannsen'),
    ]);
    expect(items[0]).toHaveTextContent('Middels risiko NEWS2 5, for 4 t siden');
    expect(items[0]).toHaveTextContent(/forfalt siden/);
    expect(items[0]).toHaveTextContent(/Krever handling: Middels risiko · Måling forfalt siden/);
    expect(items[1]).toHaveTextContent('Lav risiko NEWS2 0, for 3 dager siden');
    expect(items[1]).toHaveTextContent('neste måling 29.11.2026');
    expect(items[1]).toHaveTextContent('Rutine: NEWS2 hver uke (sykepleier Siri Sykepleier, 01.10.2026)');
    expect(items[1]).not.toHaveTextContent(/forfalt|Krever handling/);
    expect(items[2]).toHaveTextContent('Rutine: minst årlig (kommunens standard)');
    expect(items[2]).toHaveTextContent('Planen er ikke hentet til enheten');
    expect(items[2]).not.toHaveTextContent(/forfalt|Krever handling/);
  });

  it('filters to the patients who require action', async () => {
    renderList();
    await userEvent.click(screen.getByRole('checkbox', { name: /krever handling \(1 av 3\)/ }));
    const list = screen.getByRole('list', { name: 'Pasienter som krever handling' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(list).toHaveTextContent('Kari Testesen');
  });

  it('says NEWS2 is unknown when no complete set is on the device', () => {
    renderList([worklistEntry(ola, [], NOW, { visitOrder: 0, plans: plans([]) })]);
    const item = screen.getByRole('listitem');
    expect(item).toHaveTextContent('Ukjent risiko NEWS2 ukjent: ingen måling lagret på enheten');
    expect(item).toHaveTextContent('Ingen fullstendig NEWS2 registrert');
  });

  it('opens a patient without putting them in the URL', async () => {
    const onSelect = vi.fn();
    render(
      <Worklist
        section={{ kind: 'ready', data: entries, fetchedAt: '2026-11-25T08:00:00Z', stale: false }}
        now={NOW}
        onSelect={onSelect}
        onPrefetch={async () => {}}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: /Ola Nordmannsen/ }));
    expect(onSelect).toHaveBeenCalledWith('pat-ola');
  });

  it('prepares for the round with progress', async () => {
    let finish: () => void = () => {};
    const onPrefetch = vi.fn(
      (onProgress: (p: { done: number; total: number }) => void) =>
        new Promise<void>((resolve) => {
          onProgress({ done: 1, total: 2 });
          finish = resolve;
        }),
    );
    render(<Worklist section={{ kind: 'loading' }} now={NOW} onSelect={() => {}} onPrefetch={onPrefetch} />);
    await userEvent.click(screen.getByRole('button', { name: 'Gjør klar for tur' }));
    const status = screen.getAllByRole('status')[0];
    expect(status).toHaveTextContent('Henter 1 av 2 pasienter');
    expect(within(status).getByRole('progressbar')).toHaveAttribute('value', '1');
    finish();
    expect(await screen.findByText(/Klar for tur/)).toBeInTheDocument();
  });
});

describe('Mine pasienter i dag without a list on the device', () => {
  it('fetches the list by itself', async () => {
    const onPrefetch = vi.fn(async () => {});
    render(
      <Worklist
        section={{ kind: 'loading' }}
        now={NOW}
        onSelect={() => {}}
        onPrefetch={onPrefetch}
        autoFetch
      />,
    );
    await vi.waitFor(() => expect(onPrefetch).toHaveBeenCalledOnce());
  });

  it('does not fetch when a fresh list is there', async () => {
    const onPrefetch = vi.fn(async () => {});
    render(
      <Worklist
        section={{ kind: 'ready', data: entries, fetchedAt: '2026-11-25T08:00:00Z', stale: false }}
        now={NOW}
        onSelect={() => {}}
        onPrefetch={onPrefetch}
        autoFetch
      />,
    );
    await new Promise((r) => setTimeout(r, 700));
    expect(onPrefetch).not.toHaveBeenCalled();
  });
});

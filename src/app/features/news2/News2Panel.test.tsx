import '../../testing/autoCleanup';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ClinicianBaseline } from '../../../core/baseline/baseline';
import type { MonitoringPlan } from '../../../core/plan/monitoringPlan';
import type { PersonalPlan } from '../../../core/plan/personalPlan';
import { NOW, fullSet, scale2Decision, vitalsSet } from '../../testing/fixtures';
import { News2Panel } from './News2Panel';

const fetchedAt = '2026-11-25T08:55:00Z';
const ready = (data: ReturnType<typeof vitalsSet>[]) => ({
  kind: 'ready' as const,
  data,
  fetchedAt,
  stale: false,
});

function clinicianBaseline(usual: number): ClinicianBaseline {
  return {
    kind: 'clinician',
    patientId: 'pat-kari',
    setBy: { reference: 'Practitioner/l1', display: 'Lege Lise' },
    setAt: '2026-10-01T10:00:00Z',
    reason: 'KOLS, stabil',
    values: { news2Total: { usual, low: usual - 1, high: usual + 1 }, respirationRate: { usual: 20 } },
  };
}

const weeklyPlan: MonitoringPlan = {
  id: 'mp-1',
  patientId: 'pat-kari',
  interval: { value: 1, unit: 'wk' },
  setBy: { reference: 'Practitioner/s1', display: 'Siri Sykepleier', role: 'nurse' },
  setAt: '2026-10-01T08:00:00Z',
};

function kolsPlan(validUntil: string): PersonalPlan {
  return {
    id: 'pp-1',
    patientId: 'pat-kari',
    setBy: { reference: 'Practitioner/l1', display: 'Lise Lungelege', role: 'doctor' },
    setAt: '2026-11-01T10:00:00Z',
    reason: 'Kjent KOLS, vanlig NEWS2 5',
    validUntil,
    spo2Target: { low: 88, high: 92, scale: 2 },
    alerts: [
      {
        parameter: 'news2Total',
        comparator: '>=',
        value: 5,
        zone: 'yellow',
        action: 'Ring fastlege samme dag',
      },
    ],
  };
}

function panel() {
  return screen.getByRole('region', { name: 'NEWS2 nå' });
}

describe('NEWS2 nå', () => {
  it('shows every value, its sub-score and the total with risk in text', () => {
    render(<News2Panel section={ready([fullSet])} scale2={[]} now={NOW} />);
    expect(panel()).toHaveTextContent('NEWS2 3');
    expect(panel()).toHaveTextContent('Lav risiko');
    const row = screen.getByRole('row', { name: /Respirasjonsfrekvens/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['22 /min', '2']);
    expect(screen.getByRole('row', { name: /Temperatur/ })).toHaveTextContent('37,2 °C');
    expect(panel()).toHaveTextContent('Skala 1');
    expect(panel()).toHaveTextContent('Målt 25.11.2026 kl. 08:30');
    expect(panel()).toHaveTextContent('Sykepleier Ola Pleier');
    // The next NEWS2 by the monitoring plan: none fetched here, so the municipal default.
    expect(panel()).toHaveTextContent('Overvåking (RCP): Minst hver 4.–6. time');
    expect(panel()).toHaveTextContent(
      'Neste måling etter planen: neste måling 25.11.2027 (Rutine: minst årlig (kommunens standard))',
    );
    expect(panel()).toHaveTextContent('Overvåkingsplanen er ikke hentet til enheten');
  });

  it('reads "forfalt" from the monitoring plan and keeps the RCP text beside the score', () => {
    const lastWeek = { ...fullSet, id: 'w1', effectiveDateTime: '2026-11-16T09:00:00Z' };
    render(
      <News2Panel
        section={ready([lastWeek])}
        scale2={[]}
        plans={{ monitoring: [weeklyPlan], personal: [], unreadable: 0 }}
        now={NOW}
      />,
    );
    expect(panel()).toHaveTextContent('Overvåking (RCP): Minst hver 4.–6. time');
    expect(panel()).toHaveTextContent(
      'forfalt siden 23.11.2026 (Rutine: NEWS2 hver uke (sykepleier Siri Sykepleier, 01.10.2026))',
    );
    expect(panel()).not.toHaveTextContent('ikke hentet');
  });

  it('shows the personal plan beside the standard response, never instead of it', () => {
    // NEWS2 5 (medium, "Haster"); the plan's yellow threshold NEWS2 >= 5 is crossed.
    const five = vitalsSet({
      ...fullSet,
      id: 'f7',
      vitals: { ...fullSet.vitals, respirationRate: 25, spo2: 95 },
    });
    render(
      <News2Panel
        section={ready([five])}
        scale2={[]}
        plans={{ monitoring: [], personal: [kolsPlan('2027-02-01T22:59:59Z')], unreadable: 0 }}
        now={NOW}
      />,
    );
    expect(panel()).toHaveTextContent('NEWS2 5 Middels risiko');
    const beside = screen.getByRole('region', { name: 'Personlig plan i tillegg til standard' });
    expect(beside).toHaveTextContent('Standard: Middels risiko – Haster');
    expect(beside).toHaveTextContent(
      'Personlig plan (lege Lise Lungelege, 01.11.2026, gjelder til 01.02.2027): NEWS2 ≥ 5: Ring fastlege samme dag.',
    );
    expect(beside).toHaveTextContent('Gul sone: NEWS2 ≥ 5: Ring fastlege samme dag');
    expect(beside).toHaveTextContent('SpO₂ 95 % er over målområdet 88–92 %');
  });

  it('reads an expired personal plan as expired and does not use it', () => {
    const five = vitalsSet({
      ...fullSet,
      id: 'f8',
      vitals: { ...fullSet.vitals, respirationRate: 25, spo2: 95 },
    });
    render(
      <News2Panel
        section={ready([five])}
        scale2={[]}
        plans={{ monitoring: [], personal: [kolsPlan('2026-11-20T22:59:59Z')], unreadable: 0 }}
        now={NOW}
      />,
    );
    const beside = screen.getByRole('region', { name: 'Personlig plan i tillegg til standard' });
    expect(beside).toHaveTextContent('Standard: Middels risiko – Haster');
    expect(beside).toHaveTextContent('utløpt 20.11.2026: brukes ikke. Standard NEWS2 gjelder.');
    expect(beside).not.toHaveTextContent('Gul sone');
  });

  it('"NEWS2 nå" is the set saved last when two are measured in the same second, and never one marked wrong', () => {
    const at = '2026-11-25T08:30:00Z';
    // Saved in this order; the random ids sort the other way ('b' before 'a'... by id 'a' < 'b').
    const first = vitalsSet({
      ...fullSet,
      id: 'b-first',
      effectiveDateTime: at,
      recordedAt: '2026-11-25T08:30:00Z',
    });
    const second = vitalsSet({
      ...fullSet,
      id: 'a-second',
      effectiveDateTime: at,
      recordedAt: '2026-11-25T08:30:05Z',
      vitals: { ...fullSet.vitals, pulse: 135 },
    });
    const { unmount } = render(<News2Panel section={ready([second, first])} scale2={[]} now={NOW} />);
    expect(panel()).toHaveTextContent('NEWS2 5');
    unmount();
    const wrong = {
      ...second,
      enteredInError: {
        setId: second.id,
        patientId: second.patientId,
        reason: 'Feil pasient',
        correctedBy: { reference: 'Practitioner/p1' },
        correctedAt: '2026-11-25T08:40:00Z',
      },
    };
    render(<News2Panel section={ready([first, wrong])} scale2={[]} now={NOW} />);
    expect(panel()).toHaveTextContent('NEWS2 3');
  });

  it('shows a single measurement without a total', () => {
    const single = vitalsSet({
      id: 's1',
      effectiveDateTime: '2026-11-25T08:00:00Z',
      vitals: { temperature: 38.4 },
    });
    render(<News2Panel section={ready([single])} scale2={[]} now={NOW} />);
    expect(panel()).toHaveTextContent('Enkeltmåling – ingen NEWS2-total');
    expect(panel()).toHaveTextContent('Temperatur: 38,4 °C (1 poeng)');
    expect(panel()).toHaveTextContent('Ingen fullstendig NEWS2-måling');
    expect(panel()).not.toHaveTextContent(/NEWS2 \d/);
  });

  it('reads unknown values as "ukjent" and never as zero or blank', () => {
    const incomplete = vitalsSet({
      id: 'i1',
      effectiveDateTime: '2026-11-25T08:10:00Z',
      vitals: { respirationRate: 18, pulse: 70, systolicBP: 120 },
    });
    render(<News2Panel section={ready([fullSet, incomplete])} scale2={[]} now={NOW} />);
    // The full set stays the scored one; the newer partial set is listed without a total.
    expect(panel()).toHaveTextContent('NEWS2 3');
    expect(panel()).toHaveTextContent('Ufullstendig måling – ingen NEWS2-total');
    const temperatureRow = screen.getByRole('row', { name: /Temperatur/ });
    expect(temperatureRow).not.toHaveTextContent('ukjent');
  });

  it('shows ukjent for absent parameters of an incomplete set with no full set', () => {
    const incomplete = vitalsSet({
      id: 'i2',
      effectiveDateTime: '2026-11-25T08:10:00Z',
      vitals: { respirationRate: 26, pulse: 70 },
    });
    render(<News2Panel section={ready([incomplete])} scale2={[]} now={NOW} />);
    expect(panel()).toHaveTextContent('Skåren er ukjent');
    expect(panel()).toHaveTextContent('Én parameter gir 3 poeng');
  });

  it('shows Scale 2 with who set it and when', () => {
    const onScale2 = vitalsSet({
      ...fullSet,
      id: 'k1',
      vitals: { ...fullSet.vitals, spo2: 89, spo2Scale: 2 },
    });
    render(
      <News2Panel
        section={ready([onScale2])}
        scale2={[scale2Decision('Lege Lise Lungelege', '2026-03-02T10:00:00Z')]}
        now={NOW}
      />,
    );
    expect(panel()).toHaveTextContent('Skala 2');
    expect(panel()).toHaveTextContent('Skala 2 besluttet av Lege Lise Lungelege 02.03.2026');
  });

  it('shows the usual value beside the score and never lowers the risk', () => {
    // Respiration 25 (3) + pulse 95 (1) + SpO2 95 (1) = 5: medium risk, urgent response.
    const five = vitalsSet({
      ...fullSet,
      id: 'f5',
      vitals: { ...fullSet.vitals, respirationRate: 25, spo2: 95 },
    });
    render(<News2Panel section={ready([five])} scale2={[]} baseline={clinicianBaseline(3)} now={NOW} />);
    expect(panel()).toHaveTextContent('NEWS2 5 Middels risiko — vanlig 3 (+2)');
    expect(panel()).toHaveTextContent('Haster');
    expect(panel()).toHaveTextContent('Vanlige verdier satt av Lege Lise 01.10.2026: KOLS, stabil');
    expect(screen.getByRole('row', { name: /Respirasjonsfrekvens/ })).toHaveTextContent('vanlig 20 (+5)');
  });

  it('keeps the standard band when the usual value is higher than the score', () => {
    const five = vitalsSet({
      ...fullSet,
      id: 'f6',
      vitals: { ...fullSet.vitals, respirationRate: 25, spo2: 95 },
    });
    render(<News2Panel section={ready([five])} scale2={[]} baseline={clinicianBaseline(7)} now={NOW} />);
    // Usual 7 is above today's 5: the band and response still follow the standard score.
    expect(panel()).toHaveTextContent('Middels risiko');
    expect(panel()).toHaveTextContent('vanlig 7 (−2)');
    expect(panel()).toHaveTextContent('Haster');
  });

  it('shows how a derived baseline was made', () => {
    render(
      <News2Panel
        section={ready([fullSet])}
        scale2={[]}
        baseline={{
          kind: 'derived',
          patientId: 'pat-kari',
          from: '2026-08-27T09:00:00Z',
          to: '2026-11-25T09:00:00Z',
          setCount: 7,
          dayCount: 7,
          values: { news2Total: { usual: 3, low: 3, high: 3 } },
        }}
        now={NOW}
      />,
    );
    expect(panel()).toHaveTextContent('vanlig 3 (±0)');
    // Without the days used (an older baseline object): the window instead.
    expect(panel()).toHaveTextContent('Vanlige verdier fra 27.08.2026–25.11.2026 (7 dager med målinger)');
  });

  it('says which days the usual values come from, what was left out, and that they come from the visible sets', () => {
    render(
      <News2Panel
        section={ready([fullSet])}
        scale2={[]}
        withheld
        baseline={{
          kind: 'derived',
          patientId: 'pat-kari',
          from: '2026-08-27T09:00:00Z',
          to: '2026-11-21T23:00:00Z',
          setCount: 30,
          dayCount: 30,
          firstDay: '2026-10-14',
          lastDay: '2026-11-21',
          values: { news2Total: { usual: 0, low: 0, high: 1 } },
          excluded: { from: '2026-11-21T23:00:00Z', to: '2026-11-25T09:00:00Z', dayCount: 3, setCount: 14 },
        }}
        now={NOW}
      />,
    );
    expect(panel()).toHaveTextContent(
      'Vanlige verdier fra 14.10–21.11.2026 (30 dager med målinger); siste 3 dager utelatt (fra 22.11.2026): pågående forverring; beregnet bare fra målingene som vises.',
    );
    expect(panel()).toHaveTextContent(
      'Noe informasjon vises ikke etter pasientens ønske (pasientrettighetsloven § 5-3).',
    );
  });

  it('says nothing is withheld when nothing is', () => {
    render(<News2Panel section={ready([fullSet])} scale2={[]} now={NOW} />);
    expect(panel()).not.toHaveTextContent('etter pasientens ønske');
  });

  it('flags a latest full set older than 12 months', () => {
    const old = { ...fullSet, id: 'old', effectiveDateTime: '2025-10-01T10:00:00Z' };
    render(<News2Panel section={ready([old])} scale2={[]} now={NOW} />);
    expect(screen.getByRole('alert')).toHaveTextContent('eldre enn 12 måneder (01.10.2025)');
  });

  it('says where an unsent set is', () => {
    const pending = { ...fullSet, id: 'p1', syncState: 'pending' as const };
    render(<News2Panel section={ready([pending])} scale2={[]} now={NOW} />);
    expect(panel()).toHaveTextContent('Lagret på enheten – sendes når nett er tilbake');
  });

  it('keeps loading, denied and unavailable apart', () => {
    const { rerender } = render(<News2Panel section={{ kind: 'loading' }} scale2={undefined} now={NOW} />);
    expect(panel()).toHaveAttribute('aria-busy', 'true');
    rerender(
      <News2Panel
        section={{ kind: 'denied', reason: 'Ingen behandlingsrelasjon' }}
        scale2={undefined}
        now={NOW}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Ingen tilgang');
    rerender(
      <News2Panel section={{ kind: 'unavailable', reason: 'Tidsavbrudd' }} scale2={undefined} now={NOW} />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Kilden er ikke tilgjengelig');
    expect(panel()).toHaveTextContent('NEWS2 er ukjent');
  });
});

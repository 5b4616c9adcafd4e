// Issue #12 points 2 and 3 in the screens: the RCP response is worded for the session's
// role (doctor: assessment and treatment; nurse, or unknown: whom to contact) with the same
// band and urgency, wherever it is shown; an online session says that a set not yet sent is
// not on the device.
import '../testing/autoCleanup';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { news2Response, scoreNews2 } from '../../core/news2/index';
import type { SmartSession } from '../auth/session';
import { News2Panel } from '../features/news2/News2Panel';
import { SavedSetResult } from '../features/vitals/SavedSetResult';
import { VitalsEntry } from '../features/vitals/VitalsEntry';
import { NOW, fullSet, kari, vitalsSet } from '../testing/fixtures';
import { AppContext, type AppState } from './appContext';
import { readerOf } from './reader';

/** Only the session matters to the reader; the rest of the app state is not used here. */
function As(props: { session: Partial<SmartSession> | null; children: ReactNode }) {
  return (
    <AppContext.Provider value={{ session: props.session } as AppState}>{props.children}</AppContext.Provider>
  );
}

// Respiration 25 (3), SpO2 95 (1), pulse 95 (1): NEWS2 5, medium risk, urgent response.
const five = vitalsSet({
  ...fullSet,
  id: 'f5',
  vitals: { ...fullSet.vitals, respirationRate: 25, spo2: 95 },
});
const score = scoreNews2(five.vitals);
const doctorText = news2Response(score, { role: 'doctor' }).responseText;
const nurseText = news2Response(score, { role: 'nurse' }).responseText;

const ready = { kind: 'ready' as const, data: [five], fetchedAt: '2026-11-25T08:55:00Z', stale: false };

describe('readerOf', () => {
  it('takes the role and where the session keeps its data; a nurse on a device store by default', () => {
    expect(readerOf({ role: 'doctor', store: 'memory' })).toEqual({ role: 'doctor', storage: 'memory' });
    expect(readerOf({ store: 'device' })).toEqual({ storage: 'device' });
    expect(readerOf({})).toEqual({ storage: 'device' });
    expect(readerOf(null)).toEqual({ storage: 'device' });
  });
});

describe('the RCP response, worded for the reader', () => {
  it('differs between doctor and nurse at this level (a test that can tell them apart)', () => {
    expect(doctorText).not.toBe(nurseText);
    expect(doctorText).toMatch(/^Haster/);
    expect(nurseText).toMatch(/^Haster/);
  });

  it.each([
    ['doctor', doctorText],
    ['nurse', nurseText],
    [undefined, nurseText],
  ] as const)('NEWS2 nå for %s', (role, text) => {
    render(
      <As session={role ? { role } : {}}>
        <News2Panel section={ready} scale2={[]} now={NOW} />
      </As>,
    );
    const panel = screen.getByRole('region', { name: 'NEWS2 nå' });
    expect(panel).toHaveTextContent(`Tiltak: ${text}`);
    // Same band and urgency for every reader.
    expect(panel).toHaveTextContent('NEWS2 5 Middels risiko');
    expect(panel).toHaveTextContent('Overvåking (RCP): Minst hver time');
  });

  it.each([
    ['doctor', doctorText],
    ['nurse', nurseText],
  ] as const)('the saved result for %s', (role, text) => {
    render(
      <As session={{ role }}>
        <SavedSetResult set={five} identity={kari} syncState="confirmed" now={NOW} onNewSet={() => {}} />
      </As>,
    );
    const result = screen.getByRole('region', { name: 'Målingen er lagret' });
    expect(result).toHaveTextContent(`Tiltak: ${text}`);
    expect(result).toHaveTextContent('Middels risiko');
  });

  it('the live score in the form, for a doctor', async () => {
    render(
      <As session={{ role: 'doctor' }}>
        <VitalsEntry
          patientId="pat-kari"
          identity={kari}
          scale2={[]}
          now={() => NOW}
          newId={() => 'set-1'}
          onSave={async () => {}}
          syncStateOf={() => 'pending'}
        />
      </As>,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Respirasjonsfrekvens/), '25');
    await user.type(screen.getByLabelText(/Oksygenmetning/), '95');
    await user.click(screen.getByRole('radio', { name: 'Luft' }));
    await user.type(screen.getByLabelText(/Systolisk/), '130');
    await user.type(screen.getByLabelText(/^Puls/), '95');
    await user.click(screen.getByRole('radio', { name: 'Våken (A)' }));
    await user.type(screen.getByLabelText(/Temperatur/), '37,2');
    const live = screen.getByRole('complementary', { name: 'NEWS2 mens du skriver' });
    expect(live).toHaveTextContent('NEWS2 5');
    expect(live).toHaveTextContent(`Tiltak: ${doctorText}`);
  });
});

describe('a set not yet sent, by where the session keeps its data', () => {
  it('an online session: not on this device, only in this window', () => {
    render(
      <As session={{ store: 'memory' }}>
        <SavedSetResult set={five} identity={kari} syncState="pending" now={NOW} onNewSet={() => {}} />
        <News2Panel section={{ ...ready, data: [{ ...five, syncState: 'pending' }] }} scale2={[]} now={NOW} />
      </As>,
    );
    const result = screen.getByRole('region', { name: 'Målingen er lagret' });
    expect(within(result).getByRole('status')).toHaveTextContent(
      'Ikke sendt ennå. Målingen er ikke lagret på denne enheten, bare i dette vinduet',
    );
    expect(result).not.toHaveTextContent('Lagret på enheten');
    expect(screen.getByRole('region', { name: 'NEWS2 nå' })).toHaveTextContent(
      'Ikke sendt – holdes bare i dette vinduet, ikke lagret på enheten',
    );
  });

  it('the device store: stored on the device', () => {
    render(
      <As session={{ store: 'device' }}>
        <SavedSetResult set={five} identity={kari} syncState="pending" now={NOW} onNewSet={() => {}} />
      </As>,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Lagret på enheten – sendes når nett er tilbake.');
  });
});

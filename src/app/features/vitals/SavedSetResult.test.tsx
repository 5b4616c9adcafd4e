// The saved result of a set marked "registrert feil" afterwards (issue #11 point 4): its
// score is struck out and its response and escalation are left out, since they are not
// this patient's to act on; the same set not marked keeps them.
import '../../testing/autoCleanup';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DeviceVitalSignsSet } from '../../../offline/api';
import { NOW, fullSet, kari, readyView, vitalsSet } from '../../testing/fixtures';
import { PatientViewContext } from '../../state/patientViewContext';
import { SavedSetResult } from './SavedSetResult';

// Respiration 25 (3), SpO2 95 (1), pulse 95 (1): NEWS2 5, medium risk.
const five = vitalsSet({
  ...fullSet,
  id: 'f5',
  vitals: { ...fullSet.vitals, respirationRate: 25, spo2: 95 },
});
const marked: DeviceVitalSignsSet = {
  ...five,
  enteredInError: {
    setId: five.id,
    patientId: five.patientId,
    reason: 'Feil pasient',
    correctedBy: { reference: 'Practitioner/p1', display: 'Kari Nordmann' },
    correctedAt: '2026-11-25T08:40:00Z',
  },
};

function renderResult(onDevice: DeviceVitalSignsSet) {
  const history = {
    kind: 'ready' as const,
    data: [onDevice],
    fetchedAt: '2026-11-25T08:55:00Z',
    stale: false,
  };
  render(
    <PatientViewContext.Provider
      value={{ patientId: kari.id, view: readyView({ history, vitals: history }) }}
    >
      <SavedSetResult
        set={five}
        identity={kari}
        syncState="pending"
        now={NOW}
        onNewSet={() => {}}
        escalation={() => <p>Hvem du ringer</p>}
      />
    </PatientViewContext.Provider>,
  );
  return screen.getByRole('region', { name: 'Målingen er lagret' });
}

describe('the saved result', () => {
  it('shows the score, the response and the escalation of a set that counts', () => {
    const result = renderResult(five);
    expect(result).toHaveTextContent('NEWS2 5 Middels risiko');
    expect(result).toHaveTextContent('Tiltak:');
    expect(result).toHaveTextContent('Hvem du ringer');
    expect(result.querySelector('del')).toBeNull();
  });

  it('strikes out the score and leaves out response and escalation once the set is marked wrong', () => {
    const result = renderResult(marked);
    expect(result.querySelector('del')).toHaveTextContent('NEWS2 5');
    expect(result).toHaveTextContent('Teller ikke: registrert feil');
    expect(result).not.toHaveTextContent('Middels risiko');
    expect(result).not.toHaveTextContent('Tiltak:');
    expect(result).not.toHaveTextContent('Neste måling');
    expect(result).not.toHaveTextContent('Hvem du ringer');
    // Who marked it and why, and the patient, stay.
    expect(result).toHaveTextContent('Registrert feil (Kari Nordmann');
    expect(result).toHaveTextContent(kari.name);
  });
});

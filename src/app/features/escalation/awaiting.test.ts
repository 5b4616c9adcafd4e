import { describe, expect, it } from 'vitest';
import { vitalsSet } from '../../testing/fixtures';
import { setAwaitingEscalation } from './awaiting';

const NOW = new Date('2026-11-25T12:00:00Z');
const ME = 'Practitioner/p1';
const normal = {
  respirationRate: 16,
  spo2: 97,
  spo2Scale: 1 as const,
  onOxygen: false,
  systolicBP: 128,
  pulse: 72,
  consciousness: 'A' as const,
  temperature: 36.8,
};
const set = (id: string, at: string, vitals: Partial<typeof normal>, by = ME) =>
  vitalsSet({ id, effectiveDateTime: at, vitals: { ...normal, ...vitals }, performer: { reference: by } });

const elevated = set('s-high', '2026-11-25T10:00:00Z', {
  respirationRate: 26,
  pulse: 112,
  temperature: 38.4,
});
const single3 = set('s-three', '2026-11-25T10:00:00Z', { respirationRate: 26 });
const calm = set('s-calm', '2026-11-25T11:00:00Z', {});

describe('setAwaitingEscalation', () => {
  it('asks about the newest set when it calls for escalation and has no record', () => {
    expect(setAwaitingEscalation([elevated], [], NOW, ME)?.set.id).toBe('s-high');
    expect(setAwaitingEscalation([single3], [], NOW, ME)?.score.risk).toBe('low-medium');
  });

  it.each([
    ['a record exists for it', [elevated], [{ setId: 's-high' }], NOW, ME],
    ['a newer set is back at low risk', [elevated, calm], [], NOW, ME],
    ['it was measured more than a day ago', [elevated], [], new Date('2026-11-26T10:00:01Z'), ME],
    ['another clinician measured it', [elevated], [], NOW, 'Practitioner/p2'],
    ['the newest set is low risk', [calm], [], NOW, ME],
    ['there are no sets', [], [], NOW, ME],
  ] as const)('asks nothing when %s', (_, sets, records, now, by) => {
    expect(setAwaitingEscalation(sets, records, now, by)).toBeUndefined();
  });

  it('passes over a set marked entered-in-error', () => {
    const wrong = {
      ...calm,
      enteredInError: {
        setId: 's-calm',
        patientId: calm.patientId,
        reason: 'Feil pasient',
        correctedBy: { reference: ME },
        correctedAt: '2026-11-25T11:30:00Z',
      },
    };
    expect(setAwaitingEscalation([elevated, wrong], [], NOW, ME)?.set.id).toBe('s-high');
  });
});

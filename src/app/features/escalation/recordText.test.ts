import { describe, expect, it } from 'vitest';
import type { DeviceEscalationRecord, DeviceVitalSignsSet, Section } from '../../../offline/api';
import { fullSet, kari, vitalsSet } from '../../testing/fixtures';
import { markersOf } from '../history/annotations';
import { escalationTrendEvents, vitalsWithEscalations, withEscalations } from './recordText';

const contacted: DeviceEscalationRecord = {
  id: 'esc-1',
  kind: 'contacted',
  patientId: kari.id,
  setId: fullSet.id,
  recordedBy: { reference: 'Practitioner/p1', display: 'Ola Pleier' },
  recordedAt: '2026-11-25T07:40:00Z',
  contact: { kind: 'fastlege', name: 'Per Olsen', reference: 'Practitioner/gp-1', phone: '55 55 05 11' },
  contactedAt: '2026-11-25T07:35:00Z',
  advice: 'Kommer innen en time',
  syncState: 'confirmed',
};
const notEscalated: DeviceEscalationRecord = {
  id: 'esc-2',
  kind: 'not-escalated',
  patientId: kari.id,
  setId: fullSet.id,
  recordedBy: { reference: 'Practitioner/p2' },
  recordedAt: '2026-11-25T07:50:00Z',
  reason: 'Som vanlig for pasienten',
  syncState: 'pending',
};
const other = vitalsSet({ id: 'set-other', effectiveDateTime: '2026-11-24T07:30:00Z' });

describe('escalation records in the history', () => {
  it('puts each record on the set it is about, and the history writes whom, advice, who and where it is', () => {
    const [full, plain] = withEscalations([fullSet, other], [contacted, notEscalated]);
    expect(plain).toBe(other);
    const texts = markersOf(full!, undefined, []).filter((m) => m.kind === 'escalation');
    expect(texts.map((m) => m.text)).toEqual([
      'Lege kontaktet: Per Olsen (fastlege). Råd: Kommer innen en time (Ola Pleier, 25.11.2026 kl. 08:35)',
      'Ikke eskalert: Som vanlig for pasienten (Practitioner/p2, 25.11.2026 kl. 08:50). Lagret på enheten – sendes når nett er tilbake',
    ]);
  });

  it('reads records from the cache when the source is unavailable, and leaves the section alone without any', () => {
    const vitals: Section<DeviceVitalSignsSet[]> = {
      kind: 'unavailable',
      reason: 'Ingen nettforbindelse',
      cached: { data: [fullSet], fetchedAt: '2026-11-25T07:00:00Z' },
    };
    const out = vitalsWithEscalations(vitals, {
      kind: 'unavailable',
      reason: 'Ingen nettforbindelse',
      cached: { data: [contacted], fetchedAt: '2026-11-25T07:00:00Z' },
    });
    expect(out.kind === 'unavailable' && out.cached?.data[0]).toMatchObject({
      escalations: [{ outcome: 'contacted', to: 'Per Olsen (fastlege)' }],
    });
    expect(vitalsWithEscalations(vitals, undefined)).toBe(vitals);
  });
});

describe('escalation records on the trend', () => {
  it('marks the time of the call, or of the decision not to escalate, and says what it was', () => {
    const events = escalationTrendEvents({
      kind: 'ready',
      data: [contacted, notEscalated],
      fetchedAt: '2026-11-25T08:00:00Z',
      stale: false,
    });
    expect(events).toEqual([
      {
        t: Date.parse('2026-11-25T07:35:00Z'),
        mark: 'E',
        text: 'Lege kontaktet: Per Olsen (fastlege). Råd: Kommer innen en time',
      },
      {
        t: Date.parse('2026-11-25T07:50:00Z'),
        mark: 'E',
        text: 'Ikke eskalert: Som vanlig for pasienten (lagret på enheten – sendes når nett er tilbake)',
      },
    ]);
    expect(escalationTrendEvents({ kind: 'loading' })).toEqual([]);
  });
});

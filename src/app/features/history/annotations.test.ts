import { describe, expect, it } from 'vitest';
import type { DeviceVitalSignsSet } from '../../../offline/api';
import { scale2Decision } from '../../testing/fixtures';
import { markersOf } from './annotations';

const set = (id: string, at: string): DeviceVitalSignsSet => ({
  id,
  patientId: 'pat-kari',
  effectiveDateTime: at,
  vitals: { pulse: 80 },
  syncState: 'confirmed',
});

describe('history markers: Scale 2 decisions', () => {
  const older = set('a', '2026-11-20T08:00:00Z');
  const newer = set('b', '2026-11-22T08:00:00Z');
  const decided = {
    ...scale2Decision('Lege Hansen', '2026-11-21T10:00:00Z'),
    reason: 'KOLS med kjent hyperkapni',
  };

  it('marks a decision on the first set measured after it, with who and why', () => {
    expect(markersOf(newer, older, [decided])).toEqual([
      { kind: 'scale', text: 'Skala 2 besluttet av Lege Hansen 21.11.2026: KOLS med kjent hyperkapni' },
    ]);
    expect(markersOf(older, undefined, [decided])).toEqual([]);
  });

  it('marks an ended decision on the first set after its end, and nothing when no decision is known', () => {
    const ended = { ...decided, decidedAt: '2026-11-01T10:00:00Z', endedAt: '2026-11-21T12:00:00Z' };
    expect(markersOf(newer, older, [ended])).toEqual([
      { kind: 'scale', text: 'Skala 2 avsluttet 21.11.2026' },
    ]);
    expect(markersOf(newer, older, undefined)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { VitalSignsSet } from './types';
import { compareSetsChronologically, sortSetsChronologically, usableSets } from './order';

const set = (id: string, effectiveDateTime: string, extra: Partial<VitalSignsSet> = {}): VitalSignsSet => ({
  id,
  patientId: 'p',
  effectiveDateTime,
  vitals: { pulse: 70 },
  ...extra,
});

describe('compareSetsChronologically', () => {
  it('orders by measured time to the second, whatever the ids', () => {
    const a = set('zzz', '2026-11-25T10:15:01+01:00');
    const b = set('aaa', '2026-11-25T10:15:02+01:00');
    expect(sortSetsChronologically([b, a]).map((s) => s.id)).toEqual(['zzz', 'aaa']);
  });

  it('compares instants, not strings (offsets differ)', () => {
    const oslo = set('oslo', '2026-11-25T10:15:00+01:00'); // 09:15Z
    const utc = set('utc', '2026-11-25T09:30:00Z');
    expect(sortSetsChronologically([utc, oslo]).map((s) => s.id)).toEqual(['oslo', 'utc']);
  });

  it('breaks a same-second tie by entry order (recordedAt), never by id', () => {
    const first = set('ffff', '2026-11-25T10:15:00+01:00', { recordedAt: '2026-11-25T10:16:00+01:00' });
    const second = set('0000', '2026-11-25T10:15:00+01:00', { recordedAt: '2026-11-25T10:16:30+01:00' });
    expect(sortSetsChronologically([second, first]).map((s) => s.id)).toEqual(['ffff', '0000']);
    expect(sortSetsChronologically([first, second]).map((s) => s.id)).toEqual(['ffff', '0000']);
  });

  it('uses receivedAt when there is no recordedAt', () => {
    const a = set('b', '2026-11-25T10:15:00Z', { receivedAt: '2026-11-25T10:20:00Z' });
    const b = set('a', '2026-11-25T10:15:00Z', { receivedAt: '2026-11-25T10:19:00Z' });
    expect(sortSetsChronologically([a, b]).map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('keeps the input order when measured and entry times are equal', () => {
    const a = set('b', '2026-11-25T10:15:00Z');
    const b = set('a', '2026-11-25T10:15:00Z');
    expect(compareSetsChronologically(a, b)).toBe(0);
    expect(sortSetsChronologically([a, b]).map((s) => s.id)).toEqual(['b', 'a']);
    expect(sortSetsChronologically([b, a]).map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('puts an unparseable measured time first, so it is never the latest', () => {
    const bad = set('bad', 'i går');
    const good = set('good', '2020-01-01T00:00:00Z');
    expect(sortSetsChronologically([bad, good]).map((s) => s.id)).toEqual(['bad', 'good']);
    expect(sortSetsChronologically([good, bad]).map((s) => s.id)).toEqual(['bad', 'good']);
  });
});

describe('usableSets', () => {
  it('leaves out entered-in-error sets, other patients and future sets', () => {
    const correction = {
      setId: 'wrong',
      patientId: 'p',
      reason: 'Feil pasient',
      correctedBy: { reference: 'Practitioner/a' },
      correctedAt: '2026-11-25T11:00:00Z',
    };
    const sets = [
      set('ok', '2026-11-25T10:00:00Z'),
      set('wrong', '2026-11-25T10:30:00Z', { enteredInError: correction }),
      set('other', '2026-11-25T10:31:00Z', { patientId: 'q' }),
      set('future', '2026-11-25T12:00:00Z'),
    ];
    expect(
      usableSets(sets, { now: Date.parse('2026-11-25T11:00:00Z'), patientId: 'p' }).map((s) => s.id),
    ).toEqual(['ok']);
  });
});

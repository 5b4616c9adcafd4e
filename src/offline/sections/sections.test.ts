import { describe, expect, it } from 'vitest';
import type { DeviceVitalSignsSet } from '../api';
import type { SectionRecord } from '../db';
import { composeSection, servicesSection } from './compose';
import { mergeVitals, vitalsSection } from './vitals';
import { worklistEntry } from './worklistEntry';

const now = new Date('2026-11-25T12:00:00Z');
const rec = (over: Partial<SectionRecord> = {}): SectionRecord => ({
  patientId: 'p',
  section: 'vitals',
  fetchedAt: '2026-11-25T09:00:00.000Z',
  lastOutcome: { kind: 'ok', at: '2026-11-25T09:00:00.000Z' },
  data: { iv: '', ct: '' },
  ...over,
});
const ctx = (staleAfterMs: number) => ({ now, staleAfterMs });

describe('section states', () => {
  it('ready, fresh or stale by the section limit', () => {
    expect(composeSection(rec(), 'x', ctx(4 * 3600_000))).toEqual({
      kind: 'ready',
      data: 'x',
      fetchedAt: '2026-11-25T09:00:00.000Z',
      stale: false,
    });
    expect(composeSection(rec(), 'x', ctx(2 * 3600_000))).toMatchObject({ kind: 'ready', stale: true });
  });

  it('never fetched: loading; denied wins over cached data; failed fetch keeps the cached data and its age', () => {
    expect(composeSection(undefined, undefined, ctx(1))).toEqual({ kind: 'loading' });
    expect(
      composeSection(rec({ lastOutcome: { kind: 'denied', at: 'x', reason: 'Nei' } }), 'x', ctx(1)),
    ).toEqual({ kind: 'denied', reason: 'Nei' });
    expect(
      composeSection(rec({ lastOutcome: { kind: 'unavailable', at: 'x', reason: 'Nede' } }), 'x', ctx(1)),
    ).toEqual({
      kind: 'unavailable',
      reason: 'Nede',
      cached: { data: 'x', fetchedAt: '2026-11-25T09:00:00.000Z' },
    });
    expect(
      composeSection(rec({ lastOutcome: { kind: 'login-required', at: 'x' } }), undefined, ctx(1)),
    ).toMatchObject({ kind: 'unavailable', cached: undefined });
  });

  it('services: an empty list without a coverage statement is ready and empty (the source has none), never "none since" or "not covered"', () => {
    const r = rec({ section: 'services' });
    expect(
      servicesSection(r, { coverage: { kind: 'unknown', reason: 'x' }, services: [] }, ctx(1e9)),
    ).toMatchObject({ kind: 'ready', data: [] });
    expect(
      servicesSection(r, { coverage: { kind: 'covered', since: '2026-01-01' }, services: [] }, ctx(1e9)),
    ).toMatchObject({ kind: 'none-since', since: '2026-01-01' });
    expect(servicesSection(r, { coverage: { kind: 'not-covered' }, services: [] }, ctx(1e9)).kind).toBe(
      'not-covered',
    );
  });
});

const set = (
  id: string,
  at: string,
  syncState: DeviceVitalSignsSet['syncState'],
  pulse = 80,
  extra: Partial<DeviceVitalSignsSet> = {},
): DeviceVitalSignsSet => ({
  id,
  patientId: 'p',
  effectiveDateTime: at,
  vitals: { pulse },
  syncState,
  ...extra,
});

describe('vitals: server and device sets together', () => {
  it('an unsent write replaces the server copy of the same set; a conflict shows both', () => {
    const server = [
      set('a', '2026-11-25T08:00:00Z', 'confirmed'),
      set('b', '2026-11-25T09:00:00Z', 'confirmed', 90),
    ];
    const merged = mergeVitals(server, [set('b', '2026-11-25T09:00:00Z', 'sending', 90)]);
    expect(merged.map((s) => `${s.id}:${s.syncState}`)).toEqual(['a:confirmed', 'b:sending']);
    const withConflict = mergeVitals(server, [
      set('b', '2026-11-25T09:00:00Z', 'needs-attention', 95, { conflict: true }),
    ]);
    expect(withConflict.map((s) => `${s.id}:${s.syncState}`)).toEqual([
      'a:confirmed',
      'b:confirmed',
      'b:needs-attention',
    ]);
  });

  it('orders sets measured in the same second by entry order, never by id', () => {
    const server = [
      set('zzz', '2026-11-25T09:00:00Z', 'confirmed', 80, { receivedAt: '2026-11-25T09:01:00Z' }),
    ];
    const local = [
      set('aaa', '2026-11-25T09:00:00Z', 'pending', 120, { recordedAt: '2026-11-25T09:02:00Z' }),
    ];
    expect(mergeVitals(server, local).map((s) => s.id)).toEqual(['zzz', 'aaa']);
    const earlier = [
      set('000', '2026-11-25T09:00:00Z', 'pending', 70, { recordedAt: '2026-11-25T09:00:30Z' }),
    ];
    expect(mergeVitals(server, earlier).map((s) => s.id)).toEqual(['000', 'zzz']);
  });

  it('own writes show even before the first fetch', () => {
    const s = vitalsSection(undefined, undefined, [set('mine', '2026-11-25T08:00:00Z', 'pending')], ctx(1));
    expect(s).toMatchObject({
      kind: 'unavailable',
      cached: { data: [{ id: 'mine', syncState: 'pending' }] },
    });
  });
});

describe('worklist entry', () => {
  it('never invents a total for an incomplete set', () => {
    const e = worklistEntry(
      { id: 'p', name: 'N', fnr: '', birthDate: '', gender: 'unknown' },
      [set('a', '2026-11-25T08:00:00Z', 'confirmed')],
      now,
    );
    expect(e.latest).toEqual({ total: null, complete: false, effectiveDateTime: '2026-11-25T08:00:00Z' });
    expect(e.dueAt).toBeUndefined();
  });

  it('a complete set gives its total and the next due time', () => {
    const full = set('f', '2026-11-25T08:00:00Z', 'confirmed', 80, {
      vitals: {
        respirationRate: 16,
        spo2: 97,
        onOxygen: false,
        systolicBP: 130,
        pulse: 80,
        consciousness: 'A',
        temperature: 37,
      },
    });
    const e = worklistEntry({ id: 'p', name: 'N', fnr: '', birthDate: '', gender: 'unknown' }, [full], now);
    expect(e.latest).toMatchObject({ total: 0, complete: true });
    expect(e.dueAt).toBeDefined();
  });

  it('is due by the monitoring plan, never by the ward interval alone', () => {
    // NEWS2 0 three days ago: 12-hourly by RCP's ward rule, weekly by the patient's plan.
    const full = set('f', '2026-11-22T08:00:00Z', 'confirmed', 80, {
      vitals: {
        respirationRate: 16,
        spo2: 97,
        onOxygen: false,
        systolicBP: 130,
        pulse: 80,
        consciousness: 'A',
        temperature: 37,
      },
    });
    const patient = { id: 'p', name: 'N', fnr: '', birthDate: '', gender: 'unknown' as const };
    const weekly = {
      id: 'mp',
      patientId: 'p',
      interval: { value: 1, unit: 'wk' as const },
      setBy: { reference: 'Practitioner/n', role: 'nurse' as const },
      setAt: '2026-11-01T08:00:00Z',
    };
    const withPlan = worklistEntry({ ...patient }, [{ ...full, patientId: 'p' }], now, {
      visitOrder: 0,
      plans: { monitoring: [weekly], personal: [], unreadable: 0 },
    });
    expect(withPlan.overdue).toBe(false);
    expect(withPlan.plansKnown).toBe(true);
    expect(withPlan.triage?.monitoring).toMatchObject({ kind: 'ok', nextDueAt: '2026-11-28T23:00:00.000Z' });
    const eightDays = worklistEntry(
      { ...patient },
      [{ ...full, patientId: 'p' }],
      new Date('2026-11-30T09:00:00Z'),
      { plans: { monitoring: [weekly], personal: [], unreadable: 0 } },
    );
    expect(eightDays.overdue).toBe(true);
    expect(worklistEntry({ ...patient }, [{ ...full, patientId: 'p' }], now).plansKnown).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { Scale2Decision } from './scale2';
import { spo2ScaleFor } from './scale2';
import {
  applyScale2Changes,
  checkScale2ChangeAgainst,
  validateScale2Change,
  type Scale2End,
  type Scale2Start,
} from './scale2Change';

const NOW = '2026-11-25T09:00:00Z';
const doctor = { reference: 'Practitioner/lege-1', display: 'Anders Hansen', role: 'doctor' as const };
const start: Scale2Start = {
  kind: 'start',
  id: 'dec-1',
  patientId: 'pas-ola',
  by: doctor,
  at: '2026-11-20T10:00:00Z',
  reason: 'KOLS med kjent hyperkapnisk respirasjonssvikt',
};
const end: Scale2End = {
  kind: 'end',
  id: 'end-1',
  patientId: 'pas-ola',
  by: { ...doctor, display: 'Ola Dale' },
  at: '2026-11-24T12:00:00Z',
  reason: 'Blodgass viser ikke lenger CO₂-retensjon',
  ends: { identifier: 'dec-1' },
};

describe('validateScale2Change', () => {
  it('accepts a start and an end with who, when and why', () => {
    expect(validateScale2Change(start, { now: NOW })).toEqual({ ok: true, value: start });
    expect(validateScale2Change(end, { now: NOW })).toEqual({ ok: true, value: end });
  });

  it.each([
    ['no reason', { ...start, reason: '  ' }, 'reason', 'Skriv hvorfor skala 2 skal brukes'],
    ['no reason to end', { ...end, reason: '' }, 'reason', 'Skriv hvorfor skala 2 avsluttes'],
    ['no one', { ...start, by: undefined }, 'by', 'Det mangler hvem som tok beslutningen'],
    [
      'no role',
      { ...start, by: { reference: 'Practitioner/x' } },
      'by',
      'Rollen må være lege eller sykepleier',
    ],
    ['in the future', { ...start, at: '2026-11-25T10:00:00Z' }, 'at', 'Tidspunktet ligger fram i tid'],
    ['an end without target', { ...end, ends: {} }, 'ends', 'Velg beslutningen som avsluttes'],
    [
      'a reason too long',
      { ...start, reason: 'x'.repeat(501) },
      'reason',
      'Begrunnelsen kan være høyst 500 tegn (nå 501)',
    ],
  ])('refuses %s with a Norwegian reason', (_what, input, field, message) => {
    const r = validateScale2Change(input, { now: NOW });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual(expect.objectContaining({ field, message }));
  });

  it('is not a per-set toggle: neither kind carries a set', () => {
    const r = validateScale2Change({ ...start, setId: 'set-1' }, { now: NOW });
    expect(r.ok).toBe(false);
  });
});

describe('applyScale2Changes', () => {
  it('a start decides Scale 2 from its time; an end ends it from its time, with who and why', () => {
    const decisions = applyScale2Changes([], [start, end]);
    expect(decisions).toEqual([
      {
        identifier: 'dec-1',
        patientId: 'pas-ola',
        decidedBy: doctor,
        decidedAt: start.at,
        reason: start.reason,
        endedAt: end.at,
        endedBy: end.by,
        endReason: end.reason,
      },
    ]);
    expect(spo2ScaleFor(decisions, { at: '2026-11-20T09:59:59Z' })).toBe(1);
    expect(spo2ScaleFor(decisions, { at: '2026-11-22T00:00:00Z' })).toBe(2);
    expect(spo2ScaleFor(decisions, { at: end.at })).toBe(1);
  });

  it('ends a decision read from the server by its Flag id, and leaves the input alone', () => {
    const server: Scale2Decision = {
      id: 'flag-9',
      patientId: 'pas-ola',
      decidedBy: doctor,
      decidedAt: '2025-01-01T00:00:00Z',
    };
    const out = applyScale2Changes([server], [{ ...end, ends: { id: 'flag-9' } }]);
    expect(out[0]!.endedAt).toBe(end.at);
    expect(server.endedAt).toBeUndefined();
  });

  it('an end naming no known decision, or another patient, changes nothing', () => {
    const decisions = applyScale2Changes([], [start]);
    expect(applyScale2Changes(decisions, [{ ...end, ends: { identifier: 'nope' } }])).toEqual(decisions);
    expect(applyScale2Changes(decisions, [{ ...end, patientId: 'pas-kari' }])).toEqual(decisions);
  });

  it('the earlier end wins', () => {
    const later = { ...end, id: 'end-2', at: '2026-11-25T08:00:00Z', reason: 'Senere' };
    const out = applyScale2Changes([], [start, end, later]);
    expect(out[0]!.endedAt).toBe(end.at);
    expect(out[0]!.endReason).toBe(end.reason);
  });
});

describe('checkScale2ChangeAgainst', () => {
  const decisions = applyScale2Changes([], [start]);
  it('refuses a second start while a decision is in force', () => {
    expect(checkScale2ChangeAgainst({ ...start, id: 'dec-2', at: NOW }, decisions)).toEqual([
      { field: 'kind', message: 'Skala 2 er allerede besluttet for pasienten. Avslutt den først.' },
    ]);
    expect(checkScale2ChangeAgainst({ ...start, at: NOW }, [])).toEqual([]);
  });
  it('refuses to end an unknown decision or one no longer in force', () => {
    expect(checkScale2ChangeAgainst(end, decisions)).toEqual([]);
    expect(checkScale2ChangeAgainst({ ...end, ends: { identifier: 'x' } }, decisions)[0]?.field).toBe('ends');
    const ended = applyScale2Changes(decisions, [end]);
    expect(checkScale2ChangeAgainst({ ...end, id: 'end-2', at: NOW }, ended)).toEqual([
      { field: 'ends', message: 'Beslutningen om skala 2 gjelder ikke lenger' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { FhirError } from './outcome';
import { parseDateParam, parseSearch } from './searchParams';

describe('date search parameters (FHIR R4 search, date precision)', () => {
  it.each([
    [
      '2026-01-05',
      [
        { op: '>=', value: '2026-01-05T00:00:00.000Z' },
        { op: '<', value: '2026-01-06T00:00:00.000Z' },
      ],
    ],
    ['ge2026-01', [{ op: '>=', value: '2026-01-01T00:00:00.000Z' }]],
    ['gt2026-01', [{ op: '>=', value: '2026-02-01T00:00:00.000Z' }]],
    ['lt2026', [{ op: '<', value: '2026-01-01T00:00:00.000Z' }]],
    ['le2026-12-31', [{ op: '<', value: '2027-01-01T00:00:00.000Z' }]],
    ['ge2026-01-05T10:00:00+01:00', [{ op: '>=', value: '2026-01-05T09:00:00.000Z' }]],
    ['gt2026-01-05T10:00:00.123Z', [{ op: '>=', value: '2026-01-05T10:00:00.124Z' }]],
    ['gt2026-01-05T10:00:00Z', [{ op: '>=', value: '2026-01-05T10:00:01.000Z' }]],
    ['gt2026-01-05T10:00Z', [{ op: '>=', value: '2026-01-05T10:01:00.000Z' }]],
  ])('%s', (raw, expected) => {
    expect(parseDateParam(raw, 'date')).toEqual(expected);
  });

  it('refuses what is not a date', () => {
    expect(() => parseDateParam('yesterday', 'date')).toThrow(FhirError);
    expect(() => parseDateParam('ge2026-13-01', 'date')).toThrow(FhirError);
  });
});

describe('parseSearch', () => {
  it('maps Observation parameters onto the query', () => {
    const p = parseSearch('Observation', {
      patient: 'Patient/p1',
      category: 'vital-signs',
      code: 'http://loinc.org|8867-4,http://loinc.org|9279-1',
      _count: '5000',
      _sort: '-date',
    });
    expect(p.query.patients).toEqual(['p1']);
    expect(p.query.codes).toEqual(['http://loinc.org|8867-4', 'http://loinc.org|9279-1']);
    expect(p.count).toBe(1000);
    expect(p.query.sort).toEqual([{ field: 'effective', desc: true }]);
  });

  it('refuses unknown parameters and sorts', () => {
    expect(() => parseSearch('Observation', { 'value-quantity': '5' })).toThrow(/value-quantity/);
    expect(() => parseSearch('Observation', { _sort: 'code' })).toThrow(/_sort/);
    expect(() => parseSearch('Observation', { _count: '-1' })).toThrow(/_count/);
  });
});

import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { parseElements, SUBSETTED, subsetted } from './elements';

const obs: Observation = {
  resourceType: 'Observation',
  id: 'o-1',
  meta: { versionId: '2', lastUpdated: '2026-11-25T06:00:00Z', tag: [{ system: 'x', code: 'keep' }] },
  text: { status: 'generated', div: '<div>fritekst</div>' },
  identifier: [{ system: 'https://varde.no/fhir/sid/vital-signs-set', value: 's/pulse' }],
  status: 'final',
  category: [{ coding: [{ code: 'vital-signs' }] }],
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
  subject: { reference: 'Patient/p-1' },
  effectiveDateTime: '2026-11-25T05:00:00Z',
  valueQuantity: { value: 72, unit: '/min' },
  note: [{ text: 'notat' }],
};

describe('_elements', () => {
  it('keeps the asked-for elements, choice elements by their base name, and what is always sent', () => {
    const out = subsetted(
      obs,
      parseElements(['identifier,effective', 'value'].flatMap((v) => v.split(',')))!,
    );
    expect(Object.keys(out).sort()).toEqual(
      [
        'code',
        'effectiveDateTime',
        'id',
        'identifier',
        'meta',
        'resourceType',
        'status',
        'valueQuantity',
      ].sort(),
    );
    expect(out.text).toBeUndefined();
    expect(out.note).toBeUndefined();
    expect(out.meta).toEqual({ ...obs.meta, tag: [{ system: 'x', code: 'keep' }, SUBSETTED] });
    expect(obs.meta?.tag).toHaveLength(1);
  });

  it('does not take an element for a choice of another one', () => {
    const out = subsetted(obs, parseElements(['val', 'Observation.subject'])!);
    expect(out.valueQuantity).toBeUndefined();
    expect(out.subject).toEqual({ reference: 'Patient/p-1' });
  });

  it('is absent when not asked for', () => {
    expect(parseElements([])).toBeUndefined();
  });
});

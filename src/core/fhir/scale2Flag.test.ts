import { describe, expect, it } from 'vitest';
import type { Flag } from '@medplum/fhirtypes';
import { validateR4 } from '../../../test/fixtures/core/fhirR4Validator';
import type { Scale2Decision } from '../news2/scale2';
import {
  isScale2EndFlag,
  scale2ChangeToFlag,
  scale2DecisionToFlag,
  scale2DecisionsFromFlags,
} from './scale2Flag';

const decision: Scale2Decision = {
  id: 'flag-1',
  patientId: 'pas-ola',
  decidedBy: { reference: 'Practitioner/lege-1', display: 'Dr. Hansen' },
  decidedAt: '2026-01-10T12:00:00+01:00',
  reason: 'KOLS med kjent hyperkapnisk respirasjonssvikt',
};

describe('Scale 2 Flag', () => {
  it('round-trips active and withdrawn decisions', () => {
    const withdrawn: Scale2Decision = { ...decision, id: 'flag-2', endedAt: '2026-03-01T00:00:00Z' };
    const noReason: Scale2Decision = {
      patientId: 'pas-kari',
      decidedBy: { reference: 'Practitioner/x' },
      decidedAt: '2026-01-01',
    };
    const flags = [decision, withdrawn, noReason].map(scale2DecisionToFlag);
    expect(flags[0]).toMatchObject({
      status: 'active',
      code: { coding: [{ system: 'https://varde.no/fhir/CodeSystem/flag', code: 'news2-spo2-scale-2' }] },
      author: { reference: 'Practitioner/lege-1' },
      period: { start: decision.decidedAt },
    });
    expect(flags[1]!.status).toBe('inactive');
    expect(scale2DecisionsFromFlags(flags)).toEqual([decision, withdrawn, noReason]);
  });

  it('leaves out other flags and flags that cannot say who decided or when', () => {
    const f = scale2DecisionToFlag(decision);
    const other: Flag = { ...f, code: { coding: [{ system: 'urn:x', code: 'fall-risk' }] } };
    const noAuthor: Flag = { ...f, author: undefined };
    const error: Flag = { ...f, status: 'entered-in-error' };
    expect(scale2DecisionsFromFlags([other, noAuthor, error])).toEqual([]);
  });

  it('is valid base R4', async () => {
    await expect(validateR4(scale2DecisionToFlag(decision))).resolves.toBeDefined();
  });
});

describe('Scale 2 changes on the wire', () => {
  const by = { reference: 'Practitioner/lege-1', display: 'Dr. Hansen', role: 'doctor' as const };
  const start = {
    kind: 'start' as const,
    id: 'dec-1',
    patientId: 'pas-ola',
    by,
    at: '2026-11-20T10:00:00Z',
    reason: 'KOLS med kjent hyperkapnisk respirasjonssvikt',
  };
  const end = {
    kind: 'end' as const,
    id: 'end-1',
    patientId: 'pas-ola',
    by,
    at: '2026-11-24T12:00:00Z',
    reason: 'Ikke lenger CO₂-retensjon',
    ends: { identifier: 'dec-1' },
  };

  it('a start is a decision Flag with identifier and author role; an end a Flag of its own', () => {
    const s = scale2ChangeToFlag(start);
    expect(s).toMatchObject({
      status: 'active',
      identifier: [{ system: 'https://varde.no/fhir/sid/scale2-decision', value: 'dec-1' }],
      extension: [{ url: 'https://varde.no/fhir/StructureDefinition/author-role', valueCode: 'doctor' }],
      period: { start: start.at },
      code: { text: start.reason },
    });
    const e = scale2ChangeToFlag(end);
    expect(e.status).toBe('inactive');
    expect(e.period).toEqual({ start: end.at });
    expect(e.extension).toContainEqual({
      url: 'https://varde.no/fhir/StructureDefinition/scale2-ends',
      valueReference: { identifier: { system: 'https://varde.no/fhir/sid/scale2-decision', value: 'dec-1' } },
    });
    expect(isScale2EndFlag(e)).toBe(true);
    expect(isScale2EndFlag(s)).toBe(false);
  });

  it('reads the end record onto the decision it ends, whatever the order, and never as a decision', () => {
    const flags = [scale2ChangeToFlag(end), scale2ChangeToFlag(start)];
    expect(scale2DecisionsFromFlags(flags)).toEqual([
      {
        identifier: 'dec-1',
        patientId: 'pas-ola',
        decidedBy: by,
        decidedAt: start.at,
        reason: start.reason,
        endedAt: end.at,
        endedBy: by,
        endReason: end.reason,
      },
    ]);
  });

  it('ends a decision named by Flag id, also when the platform already marked it inactive', () => {
    const original = { ...scale2DecisionToFlag(decision) };
    const marked = { ...original, status: 'inactive' as const, period: { ...original.period, end: end.at } };
    const e = scale2ChangeToFlag({ ...end, ends: { id: 'flag-1' } });
    for (const f of [original, marked]) {
      const [d] = scale2DecisionsFromFlags([f, e]);
      expect(d).toMatchObject({ id: 'flag-1', endedAt: end.at, endReason: end.reason });
    }
  });

  it('a reader without the extension sees the end record as covering no time', () => {
    const e = scale2ChangeToFlag(end);
    const plain = { ...e, extension: e.extension!.filter((x) => !x.url.endsWith('scale2-ends')) };
    const [d] = scale2DecisionsFromFlags([plain]);
    expect(d!.decidedAt).toBe(d!.endedAt);
  });

  it('both are valid base R4', async () => {
    await expect(validateR4(scale2ChangeToFlag(start))).resolves.toBeDefined();
    await expect(validateR4(scale2ChangeToFlag(end))).resolves.toBeDefined();
  });
});

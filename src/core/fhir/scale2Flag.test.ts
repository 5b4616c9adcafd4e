import { describe, expect, it } from 'vitest';
import type { Flag } from '@medplum/fhirtypes';
import { validateR4 } from '../../../test/fixtures/core/fhirR4Validator';
import type { Scale2Decision } from '../news2/scale2';
import { scale2DecisionToFlag, scale2DecisionsFromFlags } from './scale2Flag';

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

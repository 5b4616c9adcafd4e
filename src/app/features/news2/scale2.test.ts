import { describe, expect, it } from 'vitest';
import type { Scale2Decision } from '../../../core/news2/scale2';
import type { Section } from '../../../offline/api';
import { scale2Decisions } from './scale2';

const decision: Scale2Decision[] = [
  {
    patientId: 'pat-kari',
    decidedBy: { reference: 'Practitioner/lege-1', display: 'Lege Lise' },
    decidedAt: '2026-03-02T10:00:00Z',
  },
];
const at = '2026-11-25T08:00:00Z';

describe('scale2Decisions', () => {
  const cases: [string, Section<readonly Scale2Decision[]>, readonly Scale2Decision[] | undefined][] = [
    ['a decision from the server', { kind: 'ready', data: decision, fetchedAt: at, stale: false }, decision],
    ['none recorded (Scale 1)', { kind: 'ready', data: [], fetchedAt: at, stale: true }, []],
    [
      'the device copy while the server cannot be reached',
      { kind: 'unavailable', reason: 'Ingen forbindelse', cached: { data: decision, fetchedAt: at } },
      decision,
    ],
    [
      'unreachable and nothing cached: unknown',
      { kind: 'unavailable', reason: 'Ingen forbindelse' },
      undefined,
    ],
    ['denied: unknown', { kind: 'denied', reason: 'Nei' }, undefined],
    ['loading: unknown', { kind: 'loading' }, undefined],
  ];
  for (const [name, section, expected] of cases) {
    it(name, () => expect(scale2Decisions(section)).toEqual(expected));
  }
});

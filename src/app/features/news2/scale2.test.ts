import { describe, expect, it } from 'vitest';
import type { Scale2Decision, Section } from '../../../offline/api';
import { scale2Decision } from './scale2';

const decision: Scale2Decision = { decidedBy: 'Lege Lise', decidedAt: '2026-03-02T10:00:00Z' };
const at = '2026-11-25T08:00:00Z';

describe('scale2Decision', () => {
  const cases: [string, Section<Scale2Decision | null>, Scale2Decision | null | undefined][] = [
    ['a decision from the server', { kind: 'ready', data: decision, fetchedAt: at, stale: false }, decision],
    ['none recorded (Scale 1)', { kind: 'ready', data: null, fetchedAt: at, stale: true }, null],
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
    it(name, () => expect(scale2Decision(section)).toEqual(expected));
  }
});

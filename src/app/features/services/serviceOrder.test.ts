import { describe, expect, it } from 'vitest';
import type { MunicipalService } from '../../../core/services/types';
import { homeNursing } from '../../testing/fixtures';
import { orderForLegevakt, reviewPassed } from './serviceOrder';

const service = (id: string, typeCode: string, patch: Partial<MunicipalService> = {}): MunicipalService => ({
  id,
  typeCode,
  typeDisplay: `Tjeneste ${typeCode}`,
  status: 'active',
  ...patch,
});

describe('the order the legevakt reads services in', () => {
  it.each([
    {
      what: 'home nursing first, however few its hours',
      input: [service('meals', '5', { hoursPerWeek: 2 }), service('home', '15', { hoursPerWeek: 1 })],
      order: ['home', 'meals'],
    },
    {
      what: 'then by hours per week, most first, unknown hours last',
      input: [
        service('alarm', '6'),
        service('help', '1', { hoursPerWeek: 3 }),
        service('bpa', '3', { hoursPerWeek: 20 }),
      ],
      order: ['bpa', 'help', 'alarm'],
    },
    {
      what: 'an ended service after every running one, home nursing or not',
      input: [
        service('old-home', '15', { status: 'finished', hoursPerWeek: 14 }),
        service('nursing-home', '21', { hoursPerWeek: 168 }),
        service('cancelled', '4', { status: 'cancelled' }),
        service('paused-home', '15', { status: 'onhold', hoursPerWeek: 7 }),
      ],
      order: ['paused-home', 'nursing-home', 'old-home', 'cancelled'],
    },
    {
      what: 'ties by name, so the order never shifts',
      input: [
        service('b', '15', { localName: 'Sone Nord', hoursPerWeek: 5 }),
        service('a', '15', { localName: 'Sone Fana', hoursPerWeek: 5 }),
      ],
      order: ['a', 'b'],
    },
  ])('$what', ({ input, order }) => {
    expect(orderForLegevakt(input).map((s) => s.id)).toEqual(order);
    expect(orderForLegevakt([...input].reverse()).map((s) => s.id)).toEqual(order);
  });
});

describe('a passed review date', () => {
  const now = new Date('2026-11-25T09:00:00Z');
  it.each([
    { reviewDate: '2026-11-24', status: 'active' as const, passed: true },
    { reviewDate: '2026-11-25', status: 'active' as const, passed: false },
    { reviewDate: '2027-01-01', status: 'active' as const, passed: false },
    { reviewDate: '2026-01-01', status: 'finished' as const, passed: false },
    { reviewDate: undefined, status: 'active' as const, passed: false },
  ])('review $reviewDate, $status: passed $passed', ({ reviewDate, status, passed }) => {
    expect(reviewPassed({ ...homeNursing, reviewDate, status }, now)).toBe(passed);
  });

  it('counts the day in Norway, not in UTC', () => {
    // 23:30 UTC on the 24th is already the 25th in Oslo: a review on the 24th has passed.
    expect(reviewPassed({ ...homeNursing, reviewDate: '2026-11-24' }, new Date('2026-11-24T23:30:00Z'))).toBe(
      true,
    );
  });
});

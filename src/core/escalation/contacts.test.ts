import { describe, expect, it } from 'vitest';
import { scoreNews2 } from '../news2/score';
import type { VitalSigns } from '../news2/types';
import { dialString, escalationCallOrder, escalationIndicated, inFastlegeOfficeHours } from './contacts';
import type { PatientContacts } from './contacts';

// 25 Nov 2026 is a Wednesday; 28 Nov a Saturday. Oslo is UTC+1 then.
const WEDNESDAY_10 = '2026-11-25T10:00:00+01:00';
const WEDNESDAY_16 = '2026-11-25T16:10:00+01:00';
const SATURDAY_10 = '2026-11-28T10:00:00+01:00';

const normal: VitalSigns = {
  respirationRate: 16,
  spo2: 97,
  spo2Scale: 1,
  onOxygen: false,
  systolicBP: 128,
  pulse: 72,
  consciousness: 'A',
  temperature: 36.8,
};
const score = (v: Partial<VitalSigns>) => scoreNews2({ ...normal, ...v });
const news2_0 = score({});
const single3 = score({ respirationRate: 26 }); // 3, total 3: low–medium
const news2_5 = score({ respirationRate: 22, spo2: 94, pulse: 95, temperature: 38.4 }); // 2+1+1+1
const news2_9 = score({ respirationRate: 26, spo2: 93, systolicBP: 105, pulse: 112, temperature: 38.4 });

const contacts: PatientContacts = {
  fastlege: {
    name: 'Per Olsen',
    reference: 'Practitioner/gp-1',
    phone: '55 55 05 11',
    office: { name: 'Kalfaret legekontor', phone: '55 55 05 10' },
  },
  legevakt: { name: 'Bergen legevakt', reference: 'HealthcareService/hs-lv', phone: '55 55 02 00' },
};

const kinds = (o: ReturnType<typeof escalationCallOrder>) => o.options.map((x) => x.kind);

describe('escalationCallOrder', () => {
  it('the fixtures score what the cases say', () => {
    expect([news2_0.total, single3.total, single3.risk, news2_9.total]).toEqual([0, 3, 'low-medium', 9]);
    expect(news2_5.total).toBeGreaterThanOrEqual(5);
    expect(news2_5.total).toBeLessThan(7);
  });

  it.each([
    ['NEWS2 9, Wednesday morning', news2_9, WEDNESDAY_10, ['amk', 'legevakt', 'fastlege']],
    ['NEWS2 9, Saturday', news2_9, SATURDAY_10, ['amk', 'legevakt', 'fastlege']],
    ['NEWS2 5–6, Wednesday morning', news2_5, WEDNESDAY_10, ['fastlege', 'legevakt', 'amk']],
    ['NEWS2 5–6, Wednesday 16:10', news2_5, WEDNESDAY_16, ['legevakt', 'fastlege', 'amk']],
    ['single 3, Wednesday morning', single3, WEDNESDAY_10, ['fastlege', 'legevakt', 'amk']],
    ['single 3, Saturday', single3, SATURDAY_10, ['legevakt', 'fastlege', 'amk']],
  ] as const)('%s', (_, s, now, order) => {
    expect(kinds(escalationCallOrder({ score: s, contacts, now }))).toEqual(order);
  });

  it('says why 113 is first, and gives the numbers with the local legevakt before 116 117', () => {
    const o = escalationCallOrder({ score: news2_9, contacts, now: WEDNESDAY_10 });
    expect(o.level).toBe('emergency');
    expect(o.summary).toMatch(/113 først/);
    expect(o.options[0]).toMatchObject({
      numbers: [{ number: '113' }],
      note: 'NEWS2 7 eller mer: ring 113 først.',
    });
    expect(o.options[1]!.numbers.map((n) => n.number)).toEqual(['55 55 02 00', '116 117']);
    expect(o.options[2]).toMatchObject({
      name: 'Per Olsen, Kalfaret legekontor',
      reference: 'Practitioner/gp-1',
      numbers: [
        { number: '55 55 05 11', label: 'direkte for helsepersonell' },
        { number: '55 55 05 10', label: 'legekontoret' },
      ],
    });
  });

  it('an unknown fastlege reads "ukjent" with no number, and 116 117 is there without a local number', () => {
    const o = escalationCallOrder({ score: single3, now: WEDNESDAY_10 });
    const gp = o.options.find((x) => x.kind === 'fastlege')!;
    expect(gp.name).toMatch(/^ukjent/);
    expect(gp.numbers).toEqual([]);
    expect(o.options.find((x) => x.kind === 'legevakt')!.numbers).toEqual([
      { number: '116 117', label: 'nasjonalt legevaktnummer' },
    ]);
  });

  it('leaves the score alone', () => {
    const before = JSON.stringify(news2_9);
    escalationCallOrder({ score: news2_9, contacts, now: WEDNESDAY_10 });
    expect(JSON.stringify(news2_9)).toBe(before);
  });
});

describe('escalationIndicated', () => {
  it('from low–medium (a single 3) up, partial sets by their partial sum', () => {
    expect(escalationIndicated(news2_0)).toBe(false);
    expect(escalationIndicated(score({ respirationRate: 22 }))).toBe(false); // 2: low
    expect(escalationIndicated(single3)).toBe(true);
    expect(escalationIndicated(news2_9)).toBe(true);
    expect(escalationIndicated(scoreNews2({ respirationRate: 26 }))).toBe(true);
  });
});

describe('inFastlegeOfficeHours', () => {
  it.each([
    ['2026-11-25T07:59:00+01:00', false],
    ['2026-11-25T08:00:00+01:00', true],
    ['2026-11-25T15:29:00+01:00', true],
    ['2026-11-25T15:30:00+01:00', false],
    // 14:00 UTC is 16:00 in summer time: closed.
    ['2026-06-17T14:00:00Z', false],
    ['2026-06-17T13:00:00Z', true],
    ['2026-11-29T10:00:00+01:00', false], // Sunday
    // 23:30 UTC on Sunday is 00:30 Monday in Oslo: a Monday, but before opening.
    ['2026-11-29T23:30:00Z', false],
  ])('%s -> %s', (at, open) => {
    expect(inFastlegeOfficeHours(at)).toBe(open);
  });
});

describe('dialString', () => {
  it('keeps digits and a leading +', () => {
    expect(dialString('55 55 02 00')).toBe('55550200');
    expect(dialString('116 117')).toBe('116117');
    expect(dialString('+47 55 55 02 00')).toBe('+4755550200');
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { news2Response, nextMeasurementDue } from './response';
import { scoreNews2 } from './score';
import type { VitalSigns } from './index';

const normal: VitalSigns = {
  respirationRate: 16,
  spo2: 97,
  onOxygen: false,
  systolicBP: 120,
  pulse: 70,
  consciousness: 'A',
  temperature: 37.0,
};

describe('news2Response (RCP chart 4)', () => {
  it.each([
    [normal, 'routine', 12, 'Minst hver 12. time', /rutinemessig/],
    [{ ...normal, pulse: 95 }, 'ward-assessment', 4, 'Minst hver 4.–6. time', /Sykepleier vurderer/],
    [{ ...normal, consciousness: 'C' }, 'urgent-ward', 1, 'Minst hver time', /Snarlig|snarlig/],
    [
      { ...normal, respirationRate: 22, pulse: 115, temperature: 38.5 },
      'urgent',
      1,
      'Minst hver time',
      /^Haster/,
    ],
    [
      { ...normal, respirationRate: 25, pulse: 115, temperature: 39.5 },
      'emergency',
      0,
      'Kontinuerlig overvåking',
      /^Akutt/,
    ],
  ] as [VitalSigns, string, number, string, RegExp][])(
    'level %#: %s',
    (v, level, hours, monitoringText, responseText) => {
      const r = news2Response(scoreNews2(v));
      expect(r.level).toBe(level);
      expect(r.monitoringIntervalHours).toBe(hours);
      expect(r.monitoringText).toBe(monitoringText);
      expect(r.responseText).toMatch(responseText);
      expect(r.complete).toBe(true);
      expect(r.incompleteText).toBeUndefined();
    },
  );

  it('a single 3 with total >= 5 is the 5-6 response, not the single-3 one', () => {
    expect(news2Response(scoreNews2({ ...normal, respirationRate: 25, pulse: 111 })).level).toBe('urgent');
  });

  it('says an incomplete set is incomplete and its sum only partial', () => {
    const r = news2Response(scoreNews2({ pulse: 95, temperature: 37 }));
    expect(r.complete).toBe(false);
    expect(r.incompleteText).toMatch(/Ufullstendig måling/);
    expect(r.incompleteText).toMatch(/delsum/);
    expect(r.incompleteText).toMatch(/respirasjonsfrekvens/);
    expect(r.incompleteText).toMatch(/ og systolisk blodtrykk/);
    expect(r.responseText.startsWith(r.incompleteText!)).toBe(true);
    expect(r.riskText).toMatch(/minst/);
    // A partial 1 would be 4-6-hourly; incomplete sets are due within the hour.
    expect(r.monitoringIntervalHours).toBe(1);
  });

  it('says when Scale 2 SpO2 was scored as if on oxygen', () => {
    const r = news2Response(scoreNews2({ spo2: 97, spo2Scale: 2 }));
    expect(r.incompleteText).toMatch(/som om pasienten får oksygen/);
    expect(news2Response(scoreNews2({ spo2: 90, spo2Scale: 2 })).incompleteText).not.toMatch(
      /oksygen, fordi/,
    );
  });

  it('keeps continuous monitoring for an incomplete set already at 7 or more', () => {
    const r = news2Response(scoreNews2({ respirationRate: 30, pulse: 140, temperature: 40 }));
    expect(r.level).toBe('emergency');
    expect(r.monitoringIntervalHours).toBe(0);
    expect(r.complete).toBe(false);
  });

  it('never has a longer interval for a worse complete score', () => {
    const arb = fc.record({
      respirationRate: fc.integer({ min: 5, max: 40 }),
      spo2: fc.integer({ min: 80, max: 100 }),
      onOxygen: fc.boolean(),
      systolicBP: fc.integer({ min: 70, max: 240 }),
      pulse: fc.integer({ min: 30, max: 160 }),
      consciousness: fc.constantFrom('A' as const, 'C' as const),
      temperature: fc.integer({ min: 340, max: 410 }).map((t) => t / 10),
    });
    const rank = { routine: 0, 'ward-assessment': 1, 'urgent-ward': 2, urgent: 3, emergency: 4 };
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        const ra = news2Response(scoreNews2(a));
        const rb = news2Response(scoreNews2(b));
        if (rank[ra.level] <= rank[rb.level]) {
          expect(ra.monitoringIntervalHours).toBeGreaterThanOrEqual(rb.monitoringIntervalHours);
        }
      }),
    );
  });
});

describe('news2Response for a doctor (issue #12 point 2)', () => {
  const cases: [string, VitalSigns, RegExp][] = [
    ['routine', normal, /^Rutinemessig/],
    ['ward-assessment', { ...normal, pulse: 95 }, /Legevurdering ved økende skår/],
    ['urgent-ward', { ...normal, consciousness: 'C' }, /vurder pasienten snarlig/],
    [
      'urgent',
      { ...normal, respirationRate: 22, pulse: 115, temperature: 38.5 },
      /^Haster: vurder pasienten straks/,
    ],
    [
      'emergency',
      { ...normal, respirationRate: 25, pulse: 115, temperature: 39.5 },
      /^Akutt: øyeblikkelig legevurdering/,
    ],
  ];
  it.each(cases)('%s: assessment and treatment, same band, urgency and monitoring', (level, v, text) => {
    const score = scoreNews2(v);
    const nurse = news2Response(score);
    const doctor = news2Response(score, { role: 'doctor' });
    expect(doctor.level).toBe(level);
    expect(doctor.responseText).toMatch(text);
    expect(doctor.responseText).not.toBe(nurse.responseText);
    const { responseText: _d, ...doctorRest } = doctor;
    const { responseText: _n, ...nurseRest } = nurse;
    expect(doctorRest).toEqual(nurseRest);
    // The urgency words lead both texts ("Én parameter gir 3 poeng", "Haster", "Akutt").
    expect(doctor.responseText.split(':')[0] === nurse.responseText.split(':')[0]).toBe(
      ['urgent-ward', 'urgent', 'emergency'].includes(level),
    );
  });

  it('the nurse text is the default and unchanged', () => {
    const score = scoreNews2({ ...normal, respirationRate: 25, pulse: 115, temperature: 39.5 });
    expect(news2Response(score, { role: 'nurse' })).toEqual(news2Response(score));
    expect(news2Response(score).responseText).toBe(
      'Akutt: ring 113 eller legevakt umiddelbart. Bli hos pasienten og overvåk kontinuerlig til hjelp er på plass.',
    );
  });

  it('an incomplete set says so to the doctor too', () => {
    const r = news2Response(scoreNews2({ pulse: 95 }), { role: 'doctor' });
    expect(r.responseText).toMatch(/^Ufullstendig måling/);
    expect(r.responseText).toMatch(/Legevurdering ved økende skår/);
  });
});

describe('nextMeasurementDue', () => {
  const measuredAt = '2026-11-25T08:00:00+01:00';
  it('adds the interval and compares with now', () => {
    const s = scoreNews2(normal);
    expect(nextMeasurementDue(s, measuredAt, { now: '2026-11-25T19:59:00+01:00' })).toEqual({
      dueAt: '2026-11-25T19:00:00.000Z',
      overdue: false,
    });
    expect(nextMeasurementDue(s, measuredAt, { now: '2026-11-25T20:00:01+01:00' }).overdue).toBe(true);
  });
  it('is due at once for continuous monitoring', () => {
    const s = scoreNews2({ ...normal, respirationRate: 25, pulse: 115, temperature: 39.5 });
    const due = nextMeasurementDue(s, measuredAt, { now: '2026-11-25T08:00:01+01:00' });
    expect(due).toEqual({ dueAt: '2026-11-25T07:00:00.000Z', overdue: true });
  });
  it('refuses a malformed date', () => {
    expect(() => nextMeasurementDue(scoreNews2(normal), 'i går', { now: measuredAt })).toThrow(RangeError);
  });
});

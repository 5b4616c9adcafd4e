import { describe, expect, it } from 'vitest';
import type { VitalSigns } from '../news2/index';
import type { ClinicianBaseline } from '../baseline/baseline';
import type { VitalSignsSet } from '../vitals/types';
import { validateEscalation } from './escalation';
import type { DoctorContacted, NotEscalated } from './escalation';
import { isbarSummary } from './isbar';

const now = '2026-11-25T12:00:00+01:00';
const nurse = { reference: 'Practitioner/hpr-9144889', display: 'Kari Nordmann' };
const contacted: DoctorContacted = {
  kind: 'contacted',
  id: 'esc-1',
  patientId: 'pas-sepsis',
  setId: 'set-1',
  recordedBy: nurse,
  recordedAt: '2026-11-25T11:40:00+01:00',
  contact: {
    kind: 'fastlege',
    name: 'Fastlege Per Olsen',
    reference: 'Practitioner/fl-1',
    phone: '55 12 34 56',
  },
  contactedAt: '2026-11-25T11:30:00+01:00',
  advice: 'Kommer på sykebesøk innen en time; mål NEWS2 hver time til da.',
};
const notEscalated: NotEscalated = {
  kind: 'not-escalated',
  id: 'esc-2',
  patientId: 'pas-kols',
  setId: 'set-2',
  recordedBy: nurse,
  recordedAt: '2026-11-25T11:40:00+01:00',
  reason: 'Verdier som vanlig for pasienten; personlig plan følges.',
};

describe('validateEscalation', () => {
  it('accepts both kinds', () => {
    expect(validateEscalation(contacted, { now })).toEqual({ ok: true, value: contacted });
    expect(validateEscalation(notEscalated, { now })).toEqual({ ok: true, value: notEscalated });
  });

  const errorsOf = (input: object) => {
    const r = validateEscalation(input, { now });
    return r.ok ? [] : r.errors.map(({ field, message }) => ({ field, message }));
  };

  it.each([
    [
      '"ikke eskalert" without a reason',
      { ...notEscalated, reason: undefined },
      'reason',
      'Skriv hvorfor du ikke eskalerer',
    ],
    [
      '"ikke eskalert" with a blank reason',
      { ...notEscalated, reason: '  ' },
      'reason',
      'Skriv hvorfor du ikke eskalerer',
    ],
    [
      'a reason over 1000 characters',
      { ...notEscalated, reason: 'x'.repeat(1001) },
      'reason',
      'Begrunnelsen kan være høyst 1000 tegn (nå 1001)',
    ],
    [
      '"lege kontaktet" without advice',
      { ...contacted, advice: '' },
      'advice',
      'Skriv hvilke råd som ble gitt',
    ],
    [
      '"lege kontaktet" without whom',
      { ...contacted, contact: undefined },
      'contact',
      'Skriv hvem som ble kontaktet',
    ],
    [
      '"lege kontaktet" with a nameless contact',
      { ...contacted, contact: { kind: 'legevakt', name: '' } },
      'contact',
      'Skriv hvem som ble kontaktet',
    ],
    [
      'a contact time in the future',
      { ...contacted, contactedAt: '2026-11-25T13:00:00+01:00' },
      'contactedAt',
      'Tidspunktet for kontakten ligger fram i tid',
    ],
    [
      'no one recording',
      { ...contacted, recordedBy: undefined },
      'recordedBy',
      'Det mangler hvem som registrerer',
    ],
  ] as const)('refuses %s', (_, input, field, message) => {
    expect(errorsOf(input)).toContainEqual({ field, message });
  });

  it('refuses a record that is neither kind', () => {
    const errors = errorsOf({ ...notEscalated, kind: 'kanskje' });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe('Velg om lege er kontaktet eller ikke eskalert');
  });
});

describe('isbarSummary', () => {
  const base: VitalSigns = {
    respirationRate: 16,
    spo2: 97,
    spo2Scale: 1,
    onOxygen: false,
    systolicBP: 128,
    pulse: 76,
    consciousness: 'A',
    temperature: 37.0,
  };
  const at = (id: string, t: string, vitals: VitalSigns): VitalSignsSet => ({
    id,
    patientId: 'pas-sepsis',
    effectiveDateTime: t,
    vitals,
  });
  const set: VitalSignsSet = {
    ...at('set-1', '2026-11-25T11:20:00+01:00', {
      ...base,
      respirationRate: 26,
      spo2: 94,
      systolicBP: 96,
      pulse: 118,
      temperature: 38.8,
    }),
    diastolicBP: 58,
    pulseIrregular: false,
    comments: [
      {
        setId: 'set-1',
        patientId: 'pas-sepsis',
        text: 'Frysninger siden i går.',
        author: nurse,
        writtenAt: '2026-11-25T11:25:00+01:00',
      },
    ],
  };
  const history = [
    at('h0', '2026-11-20T10:00:00+01:00', base), // outside 3 days
    at('h1', '2026-11-23T10:00:00+01:00', base),
    at('h2', '2026-11-24T10:00:00+01:00', { ...base, respirationRate: 21, pulse: 95 }),
    at('h3', '2026-11-25T07:20:00+01:00', { ...base, respirationRate: 24, pulse: 112, temperature: 38.4 }),
    at('h4', '2026-11-25T09:00:00+01:00', { pulse: 115 }), // a single measurement: not in the trend
  ];
  const baseline: ClinicianBaseline = {
    kind: 'clinician',
    patientId: 'pas-sepsis',
    setBy: { reference: 'Practitioner/lege-1', display: 'Kari Hansen', role: 'doctor' },
    setAt: '2026-10-01T10:00:00+02:00',
    reason: 'Frisk eldre',
    values: { news2Total: { usual: 0, low: 0, high: 1 } },
  };

  const isbar = isbarSummary({
    patient: {
      name: 'Ola Hansen',
      birthDate: '1940-02-01',
      fodselsnummer: '01024012345',
      address: 'hjemme i Storgata 1',
    },
    caller: {
      name: 'Kari Nordmann',
      role: 'nurse',
      service: 'Hjemmesykepleien sone Nord',
      phone: '55 55 55 55',
    },
    set,
    history,
    baseline,
    now,
  });

  it('reads as ISBAR, in Norwegian', () => {
    expect(isbar.identifikasjon).toBe(
      'Jeg heter Kari Nordmann, sykepleier i Hjemmesykepleien sone Nord (telefon 55 55 55 55). ' +
        'Jeg ringer om Ola Hansen, født 01.02.1940 (86 år), fødselsnummer 01024012345. Pasienten er hjemme i Storgata 1.',
    );
    expect(isbar.situasjon).toBe(
      'NEWS2 9 (høy risiko), målt 25.11.2026 kl. 11:20: respirasjonsfrekvens 26 /min (3), SpO₂ 94 % (1), skala 1, ' +
        'puster romluft (0), blodtrykk 96/58 mmHg (2), puls 118 /min, regelmessig (2), bevissthet: Våken (A) (0), temperatur 38,8 °C (1).',
    );
    expect(isbar.bakgrunn).toBe(
      'NEWS2 siste 3 døgn før denne målingen: 0 (23.11 kl. 10:00), 3 (24.11 kl. 10:00), 5 (25.11 kl. 07:20). ' +
        'Vanlig NEWS2 0 (område 0–1): Satt av lege Kari Hansen 01.10.2026: Frisk eldre. Kommentar: Frysninger siden i går.',
    );
    expect(isbar.aktuellVurdering).toBe(
      'Høy risiko etter NEWS2. Poeng fra: respirasjonsfrekvens (3), systolisk blodtrykk (2), puls (2), oksygenmetning (SpO₂) (1), temperatur (1). ' +
        'NEWS2 er 9 over pasientens vanlige (0).',
    );
    expect(isbar.radAnbefaling).toMatch(/^Jeg ber om øyeblikkelig legevurdering/);
    expect(isbar.text.split('\n').map((l) => l.slice(0, 4))).toEqual([
      'I – ',
      'S – ',
      'B – ',
      'A – ',
      'R – ',
    ]);
  });

  it('says what is missing and that the usual values are unknown', () => {
    const partial = isbarSummary({
      patient: { name: 'Ola Hansen' },
      caller: { name: 'Kari Nordmann' },
      set: at('p', '2026-11-25T11:20:00+01:00', { spo2: 85, pulse: 120 }),
      now,
    });
    expect(partial.situasjon).toMatch(/^Ufullstendig NEWS2: delsum 5 \(minst middels risiko\), mangler/);
    expect(partial.bakgrunn).toBe(
      'Ingen andre fullstendige NEWS2-målinger siste 3 døgn. Pasientens vanlige NEWS2 er ukjent (for lite data).',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { validateR4 } from '../../../test/fixtures/core/fhirR4Validator';
import { fullOnOxygen } from '../../../test/fixtures/core/vitalSignsSets';
import type { DoctorContacted, NotEscalated } from '../escalation/escalation';
import { escalationFromCommunication, escalationToCommunication } from './communication';

const nurse = { reference: 'Practitioner/hpr-9144889', display: 'Kari Nordmann' };
const contacted: DoctorContacted = {
  kind: 'contacted',
  id: 'c6d1f1a2-0b7a-4c55-9a51-1f0c8e0d2a99',
  patientId: fullOnOxygen.patientId,
  setId: fullOnOxygen.id,
  recordedBy: nurse,
  recordedAt: '2026-11-24T21:40:00+01:00',
  contact: { kind: 'legevakt', name: 'Legevakten i Bergen', phone: '116 117' },
  contactedAt: '2026-11-24T21:30:00+01:00',
  advice: 'Legevaktslege kommer innen 30 minutter.',
  isbar: 'I – Identifikasjon: …',
};
const notEscalated: NotEscalated = {
  kind: 'not-escalated',
  id: 'c6d1f1a2-0b7a-4c55-9a51-1f0c8e0d2a98',
  patientId: fullOnOxygen.patientId,
  setId: fullOnOxygen.id,
  recordedBy: nurse,
  recordedAt: '2026-11-24T21:40:00+01:00',
  reason: 'Som vanlig for pasienten; personlig plan følges.',
};

describe('escalation record as Communication', () => {
  it('"lege kontaktet" is a completed phone Communication about the set\'s NEWS2', async () => {
    const c = escalationToCommunication(contacted, fullOnOxygen);
    await validateR4(c);
    expect(c.status).toBe('completed');
    expect(c.about).toEqual([
      {
        type: 'Observation',
        identifier: {
          system: 'https://varde.no/fhir/sid/vital-signs-set',
          value: `${fullOnOxygen.id}/news2`,
        },
      },
    ]);
    expect(c.note?.[0]).toEqual({
      text: contacted.advice,
      time: contacted.contactedAt,
      authorString: 'Legevakten i Bergen',
    });
    expect(escalationFromCommunication(c)).toEqual({ ok: true, value: contacted });
  });

  it('"ikke eskalert" is not-done with the reason', async () => {
    const c = escalationToCommunication(notEscalated, fullOnOxygen);
    await validateR4(c);
    expect(c.status).toBe('not-done');
    expect(c.statusReason).toEqual({ text: notEscalated.reason });
    expect(escalationFromCommunication(c)).toEqual({ ok: true, value: notEscalated });
  });

  it('is about the parts of an incomplete set (it has no score)', () => {
    const partial = { ...fullOnOxygen, vitals: { spo2: 85, spo2Scale: 1 as const } };
    delete (partial as Partial<typeof partial>).diastolicBP;
    const c = escalationToCommunication(notEscalated, partial);
    expect(c.about?.map((a) => a.identifier?.value)).toEqual([`${fullOnOxygen.id}/spo2`]);
    expect(escalationFromCommunication(c)).toMatchObject({ ok: true, value: { setId: fullOnOxygen.id } });
  });

  it('refuses a set it is not about, and records it cannot read', () => {
    expect(() => escalationToCommunication(contacted, { ...fullOnOxygen, id: 'other' })).toThrow(RangeError);
    const c = escalationToCommunication(notEscalated, fullOnOxygen);
    expect(escalationFromCommunication({ ...c, statusReason: undefined })).toEqual({
      ok: false,
      reason: 'not escalated without a reason',
    });
    expect(escalationFromCommunication({ ...c, category: [] }).ok).toBe(false);
  });
});

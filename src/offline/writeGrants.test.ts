// A write the server did not grant is refused before it is stored (issue #13 point 5):
// nothing is queued that can never be sent.
import { afterEach, describe, expect, it } from 'vitest';
import { outboxKinds } from './kinds/index';
import { createOutbox, WriteNotGrantedError } from './outbox';
import { testSetToObservations } from './testing/fakeFhirServer';
import { makeHarness, sampleSet, TEST_SERVER, type Harness } from './testing/harness';

let h: Harness | undefined;
afterEach(() => h?.db.close());

function outboxWith(h: Harness, mayWrite: (type: string) => boolean) {
  return createOutbox(h.db, h.vault, {
    now: h.clock.now,
    kinds: outboxKinds({ toObservations: testSetToObservations }),
    binding: { server: TEST_SERVER },
    mayWrite,
  });
}

describe('writes the token does not grant', () => {
  it('are refused with a Norwegian reason and leave the outbox empty', async () => {
    h = await makeHarness();
    const readOnly = outboxWith(h, () => false);
    const refused = readOnly.enqueue('vitals', sampleSet('s1'));
    await expect(refused).rejects.toBeInstanceOf(WriteNotGrantedError);
    await expect(refused).rejects.toThrow(
      /Målingen kan ikke lagres: serveren har ikke gitt Varde lov.*Observation/,
    );
    expect(await h.outbox.count()).toBe(0);
  });

  it('count a correction and a comment as writes of Observation (operations on the type)', async () => {
    h = await makeHarness();
    const correction = {
      id: 'corr-1',
      correction: {
        setId: 's3',
        patientId: 'pas-1',
        reason: 'Feil pasient',
        correctedBy: { reference: 'Practitioner/p1' },
        correctedAt: '2026-11-25T08:00:00Z',
      },
    };
    const comment = {
      id: 'com-1',
      comment: {
        setId: 's3',
        patientId: 'pas-1',
        text: 'Målt etter trappen',
        author: { reference: 'Practitioner/p1' },
        writtenAt: '2026-11-25T08:00:00Z',
      },
    };
    await expect(outboxWith(h, (t) => t === 'AuditEvent').enqueue('correction', correction)).rejects.toThrow(
      /Rettingen kan ikke lagres.*\(Observation\)/,
    );
    const granted = outboxWith(h, (t) => t === 'Observation');
    await granted.enqueue('correction', correction);
    await granted.enqueue('comment', comment);
    expect(await h.outbox.count()).toBe(2);
  });

  it('are stored when the type is granted', async () => {
    h = await makeHarness();
    const granted = outboxWith(h, (t) => t === 'Observation');
    await granted.enqueue('vitals', sampleSet('s2'));
    expect(await h.outbox.count()).toBe(1);
  });
});

// The NEWS2 ingest hook over the real event store: a set whose parts arrive over several
// writes is scored once, when it is complete, from the parts stored by earlier writes and
// the ones this write appended (which the hook takes from memory, not from the database).
import type { Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vitalSignsSetToObservations } from '../../core/fhir';
import type { VitalSignsSet } from '../../core/vitals/types';
import { openDatabase } from '../db/open';
import type { Database } from '../db/types';
import { createSqlEventStore } from '../events/sqlEventStore';
import type { EventStore } from '../events/types';
import { news2OnIngest } from './news2Derivation';

const TENANT = '4601';

function parts(setId: string): Observation[] {
  const set: VitalSignsSet = {
    id: setId,
    patientId: 'p-1',
    effectiveDateTime: '2026-03-01T08:00:00+01:00',
    sourceSystem: 'Gerica',
    vitals: {
      respirationRate: 22,
      spo2: 95,
      onOxygen: false,
      systolicBP: 105,
      pulse: 95,
      consciousness: 'A',
      temperature: 38.4,
    },
  };
  // Ids as a source system sends them, so derivedFrom can be compared.
  return vitalSignsSetToObservations(set).map((o) => ({
    ...o,
    id: (o.identifier?.[0]?.value ?? '').replace('/', '-'),
  }));
}

const partIn = (o: Observation) => ({ resource: o, sourceSystem: 'Gerica' });

describe('NEWS2 on ingest, over the event store', () => {
  let db: Database;
  let store: EventStore;
  beforeAll(async () => {
    db = await openDatabase({});
    store = createSqlEventStore(db, { onAppend: news2OnIngest });
  });
  afterAll(async () => {
    await db.close();
  });

  async function scores(setId: string): Promise<Observation[]> {
    const r = await store.search(TENANT, { type: 'Observation', identifiers: [`${setId}/news2`] });
    return r.resources as Observation[];
  }

  it('scores a set completed by a later write once, from the earlier parts first, then the new ones in arrival order', async () => {
    const all = parts('s-split');
    const [a, b, c, ...rest] = all as [Observation, Observation, Observation, ...Observation[]];
    await store.appendBatch(TENANT, [a, b, c].map(partIn));
    expect(await scores('s-split')).toEqual([]);

    // The rest arrives reversed, one part twice (a second version of the same id).
    const later = [...rest].reverse();
    await store.appendBatch(TENANT, [...later, later[0] as Observation].map(partIn));
    const [score, ...more] = await scores('s-split');
    expect(more).toEqual([]);
    expect(score?.valueInteger).toBe(6);
    const refs = score?.derivedFrom?.map((r) => r.reference) ?? [];
    expect(refs).toHaveLength(7);
    expect(new Set(refs.slice(0, 3))).toEqual(new Set([a, b, c].map((o) => `Observation/${o.id}`)));
    // The part sent twice counts once, at its last arrival.
    const lastArrival = [...later.slice(1), later[0] as Observation];
    expect(refs.slice(3)).toEqual(lastArrival.map((o) => `Observation/${o.id}`));

    // A part sent again later does not score the set a second time.
    await store.appendBatch(TENANT, [partIn(a)]);
    expect(await scores('s-split')).toHaveLength(1);
  });

  it('scores a whole set in one write, its parts in arrival order', async () => {
    const all = parts('s-whole');
    await store.appendBatch(TENANT, all.map(partIn));
    const [score, ...more] = await scores('s-whole');
    expect(more).toEqual([]);
    expect(score?.derivedFrom?.map((r) => r.reference)).toEqual(all.map((o) => `Observation/${o.id}`));
  });
});

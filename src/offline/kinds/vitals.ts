// The vital-signs set: the first kind, and unchanged on the wire. Each Observation of the set
// is a conditional create on `{setId}/{parameter}` (../sync/push.ts buildSetBundle), and the
// set is confirmed when every entry is answered 201 or 200 with the same clinical content.
import type { VitalSignsSet } from '../../core/vitals/types';
import { validateSet } from '../outbox';
import { buildSetBundle, decidePush, VITALS_CONFIRMATION, type ToObservations } from '../sync/push';
import type { OutboxKind } from './kind';

export function vitalsKind(toObservations: ToObservations): OutboxKind<VitalSignsSet> {
  return {
    texts: { the: 'Målingen', duplicate: 'En annen måling med samme id ligger allerede på enheten.' },
    validate: validateSet,
    id: (set) => set.id,
    patientId: (set) => set.patientId,
    bundle: (set) => buildSetBundle(set, toObservations),
    decide: (sent, result) => decidePush(sent, result, VITALS_CONFIRMATION),
    // Sets are independent of each other: several go in one transaction (../sync/engine.ts).
    batchable: true,
  };
}

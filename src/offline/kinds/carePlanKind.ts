// The outbox kind of a NEWS2 plan written as one CarePlan (monitoring plan, personal plan):
// checked by core's rules on the device, created once on its client-made identifier, and
// confirmed when the server's copy reads back as the same plan. The plan kinds differ only
// in core's functions and their Norwegian texts.
import type { CarePlan } from '@medplum/fhirtypes';
import type { FromFhir } from '../../core/fhir/carePlan';
import { InvalidWriteError } from '../outbox';
import { conditionalCreate, decidePush } from '../sync/push';
import type { OutboxKind } from './kind';
import { samePlan } from './planContent';

export interface CarePlanKindSpec<T extends { id: string; patientId: string }> {
  /** Core's check; its messages become the refusal at the form. */
  validate(plan: T, opts: { now: string }): { ok: true } | { ok: false; errors: { message: string }[] };
  toCarePlan(plan: T): CarePlan;
  fromCarePlan(carePlan: CarePlan): FromFhir<T>;
  identifierSystem: string;
  texts: { the: string; duplicate: string; conflict: string; refused: (status: number) => string };
}

export function carePlanKind<T extends { id: string; patientId: string }>(
  spec: CarePlanKindSpec<T>,
): OutboxKind<T> {
  return {
    texts: { the: spec.texts.the, duplicate: spec.texts.duplicate },
    validate(plan, { now }) {
      const checked = spec.validate(plan, { now: now.toISOString() });
      if (!checked.ok) throw new InvalidWriteError(checked.errors.map((e) => e.message).join('. '));
    },
    id: (plan) => plan.id,
    patientId: (plan) => plan.patientId,
    bundle: (plan) => ({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [conditionalCreate(spec.toCarePlan(plan), { system: spec.identifierSystem, value: plan.id })],
    }),
    decide: (sent, result) =>
      decidePush(sent, result, {
        sameContent: (mine, theirs) =>
          samePlan(spec.fromCarePlan(mine as CarePlan), spec.fromCarePlan(theirs as CarePlan)),
        conflict: spec.texts.conflict,
        refused: spec.texts.refused,
      }),
  };
}

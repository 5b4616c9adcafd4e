// A Scale 2 decision or the end of one (issue #12 point 6): who, when and why, a record of
// its own (src/core/news2/scale2Change.ts), never a per-set switch. One Flag
// (src/core/fhir/scale2Flag.ts) created once on its client-made identifier. The server's
// copy of a decision may have been ended since (a new version): only what the change
// itself says is compared.
import type { Flag } from '@medplum/fhirtypes';
import { scale2ChangeToFlag, scale2DecisionsFromFlags, scale2EndFromFlag } from '../../core/fhir/scale2Flag';
import { WORKFLOW_SYSTEM } from '../../core/fhir/workflowCodes';
import { validateScale2Change, type Scale2Change } from '../../core/news2/scale2Change';
import { InvalidWriteError } from '../outbox';
import { conditionalCreate, decidePush } from '../sync/push';
import type { OutboxKind } from './kind';
import { canonical } from './planContent';

/** What a change Flag says, whatever happened to it since. */
function said(flag: Flag): string | undefined {
  const end = scale2EndFromFlag(flag);
  if (end) return canonical({ end: true, ...end, by: end.by.reference });
  const [d] = scale2DecisionsFromFlags([flag]);
  return d
    ? canonical({ patientId: d.patientId, at: d.decidedAt, by: d.decidedBy.reference, reason: d.reason })
    : undefined;
}

export const scale2DecisionKind: OutboxKind<Scale2Change> = {
  texts: {
    the: 'Beslutningen om SpO₂-skala 2',
    duplicate: 'En annen beslutning om skala 2 med samme id ligger allerede på enheten.',
  },
  validate(change, { now }) {
    const checked = validateScale2Change(change, { now: now.toISOString() });
    if (!checked.ok) throw new InvalidWriteError(checked.errors.map((e) => e.message).join('. '));
  },
  id: (change) => change.id,
  patientId: (change) => change.patientId,
  bundle: (change) => ({
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      conditionalCreate(scale2ChangeToFlag(change), {
        system: WORKFLOW_SYSTEM.scale2Decision,
        value: change.id,
      }),
    ],
  }),
  decide: (sent, result) =>
    decidePush(sent, result, {
      sameContent: (mine, theirs) => {
        const a = said(mine as Flag);
        return a !== undefined && a === said(theirs as Flag);
      },
      conflict:
        'Serveren har allerede en beslutning om skala 2 med samme id, men med annet innhold. Serverens er beholdt.',
      refused: (status) => `Serveren avviste beslutningen om skala 2 (${status}).`,
    }),
};

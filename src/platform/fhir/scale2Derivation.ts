// The end of a Scale 2 decision, as every reader sees it. Apps record an end as a Flag of
// its own (src/core/fhir/scale2Flag.ts: status inactive, extension scale2-ends, who, when
// and why), since nothing an app wrote is ever changed. So that a reader who knows only the
// plain Flag (status, period.end) also stops applying Scale 2, the platform appends a new
// version of the decision it ends: status inactive, period.end = when it was ended. The
// event log keeps both the decision as made and the end record (append-only); the
// projection shows the decision ended. Runs as an ingest hook, in the same transaction.
import type { Flag } from '@medplum/fhirtypes';
import { isScale2EndFlag, scale2EndFromFlag } from '../../core/fhir/scale2Flag';
import { WORKFLOW_SYSTEM } from '../../core/fhir/workflowCodes';
import type { AppendInput, IngestHook } from '../events/types';

export const SCALE2_SOURCE = 'varde-platform';

export const scale2EndOnIngest: IngestHook = async (appended, w) => {
  const out: AppendInput[] = [];
  for (const r of appended) {
    if (r.resourceType !== 'Flag' || !isScale2EndFlag(r)) continue;
    const end = scale2EndFromFlag(r);
    if (!end) continue;
    const target = end.ends.id
      ? ((await w.read('Flag', end.ends.id))?.resource as Flag | undefined)
      : ((await w.findByIdentifier('Flag', `${WORKFLOW_SYSTEM.scale2Decision}|${end.ends.identifier}`))[0] as
          Flag | undefined);
    if (!target || isScale2EndFlag(target) || target.subject?.reference !== `Patient/${end.patientId}`)
      continue;
    const endedAt = target.period?.end;
    if (target.status === 'inactive' && endedAt !== undefined && Date.parse(endedAt) <= Date.parse(end.at))
      continue;
    out.push({
      resource: { ...target, status: 'inactive', period: { ...target.period, end: end.at } },
      sourceSystem: SCALE2_SOURCE,
      author: end.by.reference,
    });
  }
  return out;
};

// The escalations section: GET Communication?patient=…&category=…|news2-escalation (paged,
// replaced whole) -> the escalation records (core's reader; the ISBAR text is not kept), and
// the server's copy of a record the device just sent taken into the cache.
import type { Communication } from '@medplum/fhirtypes';
import type { EscalationRecord } from '../../core/escalation/escalation';
import { escalationFromCommunication } from '../../core/fhir/communication';
import { ESCALATION_CATEGORY, WORKFLOW_SYSTEM } from '../../core/fhir/workflowCodes';
import type { FetchOutcome } from '../db';
import type { PatientCache } from '../patientCache';
import { entriesOf, readInto, searchPages, store, type PullDeps } from './fhirGet';

/** An escalation record as the cache keeps it: everything but the ISBAR text read out. */
export function cachedEscalation(record: EscalationRecord): EscalationRecord {
  if (record.kind !== 'contacted' || record.isbar === undefined) return record;
  const { isbar: _isbar, ...rest } = record;
  return rest;
}

/** The escalation records among Communications (core's reader; unreadable ones are left out). */
export function escalationsFromBundleEntries(resources: Communication[]): EscalationRecord[] {
  const out: EscalationRecord[] = [];
  for (const c of resources) {
    const r = escalationFromCommunication(c);
    if (r.ok) out.push(cachedEscalation(r.value));
  }
  return out;
}

export async function pullEscalations(deps: PullDeps, patientId: string): Promise<FetchOutcome> {
  const category = `${WORKFLOW_SYSTEM.communicationCategory}|${ESCALATION_CATEGORY}`;
  const received: Communication[] = [];
  const paged = await searchPages(
    deps,
    `Communication?patient=${encodeURIComponent(patientId)}&category=${encodeURIComponent(category)}&_count=${deps.pageSize ?? 1000}`,
    (page) => {
      for (const e of entriesOf(page)) {
        if (e.resource?.resourceType === 'Communication' && e.search?.mode !== 'outcome')
          received.push(e.resource);
      }
    },
  );
  if (!paged.ok) return store(deps, patientId, 'escalations', paged);
  return store(
    deps,
    patientId,
    'escalations',
    readInto(deps, () => escalationsFromBundleEntries(received)),
  );
}

/** Adds the server's copy of an escalation record we just sent to the cached records. */
export function addConfirmedEscalations(
  cache: PatientCache,
  patientId: string,
  communications: Communication[],
): Promise<void> {
  const confirmed = escalationsFromBundleEntries(communications);
  if (confirmed.length === 0) return Promise.resolve();
  return cache.mergeSection(patientId, 'escalations', (prev) => [
    ...(prev ?? []).filter((p) => !confirmed.some((c) => c.id === p.id)),
    ...confirmed,
  ]);
}

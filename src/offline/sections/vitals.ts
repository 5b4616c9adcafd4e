// The vital-signs sets a patient's screens show: the server's, merged with the device's own
// unsent sets, with the device's waiting corrections and comments applied. Pure.
import { applyCorrections } from '../../core/correction/correction';
import { observationsToSetsWithHistory } from '../../core/fhir/correction';
import { isUsable, sortSetsChronologically } from '../../core/vitals/order';
import type { VitalSignsSet } from '../../core/vitals/types';
import type { DeviceVitalSignsSet, Section } from '../api';
import type { SectionRecord } from '../db';
import type { VitalsData } from '../patientCache';
import { withLocal, type ComposeContext } from './compose';
import { localWrite, NO_LOCAL_CHANGES, SYNC_STATE, type LocalChanges } from './localWrites';

/**
 * Server sets plus the device's own writes, oldest first (by measured time, then entry
 * order: core/vitals/order.ts). A write still in the outbox
 * replaces the server's copy of the same set, except a conflict, where both are shown:
 * the server's values (confirmed) and ours (needs-attention). Key lists by id + syncState.
 */
export function mergeVitals(server: VitalSignsSet[], local: DeviceVitalSignsSet[]): DeviceVitalSignsSet[] {
  const replaced = new Set(local.filter((l) => !l.conflict).map((l) => l.id));
  const out: DeviceVitalSignsSet[] = [
    ...server.filter((s) => !replaced.has(s.id)).map((s) => ({ ...s, syncState: 'confirmed' as const })),
    ...local,
  ];
  // Measured time, then entry order (core's rule): never the sets' random ids.
  return sortSetsChronologically(out);
}

/**
 * The sets with this device's waiting corrections and comments applied, oldest first:
 * a set corrected here is marked entered-in-error at once (core's applyCorrections), so it
 * is never shown as valid while its correction waits or has been refused; a set that only a
 * waiting correction still carries (its own item gone, the server's copy not cached yet)
 * is shown from that correction.
 */
export function withLocalChanges(
  sets: DeviceVitalSignsSet[],
  changes: LocalChanges,
  ownServer?: string,
): DeviceVitalSignsSet[] {
  if (!changes.corrections.length && !changes.comments.length) return sets;
  const known = new Set(sets.map((s) => s.id));
  const carried: DeviceVitalSignsSet[] = [];
  for (const { item, write } of changes.corrections) {
    if (write.set && !known.has(write.set.id)) {
      known.add(write.set.id);
      carried.push({ ...write.set, syncState: SYNC_STATE[item.state] });
    }
  }
  const all = applyCorrections(
    sortSetsChronologically([...sets, ...carried]),
    changes.corrections.map((c) => c.write.correction),
  );
  return all.map((set) => {
    const mine = (patientId: string, setId: string) => patientId === set.patientId && setId === set.id;
    const correction = changes.corrections.find((c) =>
      mine(c.write.correction.patientId, c.write.correction.setId),
    );
    const comments = changes.comments
      .filter((c) => mine(c.write.comment.patientId, c.write.comment.setId))
      .map((c) => ({ ...c.write.comment, ...localWrite(c.item, ownServer) }))
      .sort((a, b) => Date.parse(a.writtenAt) - Date.parse(b.writtenAt));
    if (!correction && !comments.length) return set;
    return {
      ...set,
      ...(correction ? { localCorrection: localWrite(correction.item, ownServer) } : {}),
      ...(comments.length ? { pendingComments: comments } : {}),
    };
  });
}

/** Only the sets that count: never one marked entered-in-error (core's rule). */
export function usableSection(section: Section<DeviceVitalSignsSet[]>): Section<DeviceVitalSignsSet[]> {
  switch (section.kind) {
    case 'ready':
      return { ...section, data: section.data.filter(isUsable) };
    case 'unavailable':
      return section.cached
        ? { ...section, cached: { ...section.cached, data: section.cached.data.filter(isUsable) } }
        : section;
    default:
      return section;
  }
}

/**
 * Every set for the history (PatientView.history): the server's, corrected ones kept with
 * their correction and comments (core's observationsToSetsWithHistory), merged with this
 * device's unsent sets, corrections and comments. `vitalsSection` is this without the sets
 * marked entered-in-error.
 */
export function historySection(
  rec: SectionRecord | undefined,
  data: VitalsData | undefined,
  local: DeviceVitalSignsSet[],
  changes: LocalChanges,
  ctx: ComposeContext,
  ownServer?: string,
): Section<DeviceVitalSignsSet[]> {
  const section = setsSection(rec, data, local, ctx);
  const apply = (sets: DeviceVitalSignsSet[]) => withLocalChanges(sets, changes, ownServer);
  switch (section.kind) {
    case 'ready':
      return { ...section, data: apply(section.data) };
    case 'unavailable':
      return section.cached
        ? { ...section, cached: { ...section.cached, data: apply(section.cached.data) } }
        : section;
    default:
      return section;
  }
}

/** The sets that count, for every clinical view: the history without the corrected sets. */
export function vitalsSection(
  rec: SectionRecord | undefined,
  data: VitalsData | undefined,
  local: DeviceVitalSignsSet[],
  ctx: ComposeContext,
  changes: LocalChanges = NO_LOCAL_CHANGES,
  ownServer?: string,
): Section<DeviceVitalSignsSet[]> {
  return usableSection(historySection(rec, data, local, changes, ctx, ownServer));
}

/** The server's sets merged with ours; our own unsent writes are shown even before the first fetch. */
function setsSection(
  rec: SectionRecord | undefined,
  data: VitalsData | undefined,
  local: DeviceVitalSignsSet[],
  ctx: ComposeContext,
): Section<DeviceVitalSignsSet[]> {
  return withLocal(
    rec,
    data ? observationsToSetsWithHistory(data.observations) : undefined,
    [],
    local.length > 0,
    (server: VitalSignsSet[]) => mergeVitals(server, local),
    ctx,
    'Målinger',
  );
}

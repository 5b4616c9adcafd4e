// "Gjør klar for tur": download the nurse's patients for the day, a few at a time, so the
// device can show them without coverage.
import type { PrefetchProgress } from './api';
import type { PatientCache } from './patientCache';
import { pullPatient, pullWorklist, type PullDeps } from './sync/pull';
import { LockedError, type Vault } from './vault';
import { WORKLIST_KEY } from './db';

// A few patients at a time: the server answers one while the device seals and stores
// another. More would only queue on the server and hold more responses in memory.
const PREFETCH_CONCURRENCY = 3;

export async function prefetchWorklist(
  deps: PullDeps & { cache: PatientCache; vault: Vault },
  practitionerId: string,
  onProgress: (p: PrefetchProgress) => void,
): Promise<void> {
  const { cache, vault } = deps;
  if (!vault.isUnlocked()) throw new LockedError();
  const startedAt = deps.now().toISOString();
  const outcome = await pullWorklist(deps, practitionerId);
  if (outcome.kind !== 'ok') {
    throw new Error(
      outcome.kind === 'login-required'
        ? 'Innlogging kreves.'
        : `Kunne ikke hente arbeidslisten: ${outcome.reason}`,
    );
  }
  const ids = (await cache.read<'worklist'>(await cache.get(WORKLIST_KEY, 'worklist')))?.patientIds ?? [];
  onProgress({ done: 0, total: ids.length });
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < ids.length) {
      // The loop stops at a lock: a long background pull must not outlive the idle lock.
      if (!vault.isUnlocked()) throw new LockedError();
      const id = ids[next++];
      const identityRec = await cache.get(id, 'identity');
      const identity = await cache.read<'identity'>(identityRec);
      onProgress({ done, total: ids.length, current: identity?.name });
      // The worklist search just brought the identity (CareTeam:patient): no second fetch.
      const fresh = identityRec?.lastOutcome?.kind === 'ok' && identityRec.fetchedAt! >= startedAt;
      await pullPatient(deps, id, { skip: fresh ? ['identity'] : [] });
      onProgress({ done: ++done, total: ids.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PREFETCH_CONCURRENCY, ids.length) }, worker));
}

// Feeds synthetic data to the event store in batches. Each batch is one appendBatch call
// (one transaction in the SQL store). A vital-signs set is never split across batches, so
// whatever derives NEWS2 from complete sets on ingest sees all parts of a set together.

import type { Resource } from '@medplum/fhirtypes';
import { parsePartIdentifierValue, setIdentifierValue } from '../../core/fhir/setIdentifier';
import type { EventStore } from '../events/types';
import { generateSyntheticData } from './generate';
import type { GenerateOptions, SeedRecord, SyntheticDataset, SyntheticSummary } from './generate';

/** What the loader needs of the event store (EventStore.appendBatch of src/platform/events). */
export type SeedTarget = Pick<EventStore, 'appendBatch'>;

export interface LoadProgress {
  tenant: string;
  /** Resources appended so far for this tenant. */
  loaded: number;
  total: number;
}

export interface LoadOptions {
  /** Resources per appendBatch call (a set may overrun it by its own size). Default 2000. */
  batchSize?: number;
}

/** The vital-signs set a resource belongs to, if any. */
function setIdOf(resource: Resource): string | undefined {
  if (resource.resourceType !== 'Observation') return undefined;
  return parsePartIdentifierValue(setIdentifierValue(resource.identifier))?.setId;
}

/** Splits records into batches of about `size`, never between parts of one vital-signs set. */
export function* batchRecords(records: Iterable<SeedRecord>, size: number): Generator<SeedRecord[]> {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`batchSize must be a positive integer, got ${size}`);
  let batch: SeedRecord[] = [];
  let lastSet: string | undefined;
  for (const record of records) {
    const setId = setIdOf(record.resource);
    if (batch.length >= size && (setId === undefined || setId !== lastSet)) {
      yield batch;
      batch = [];
    }
    batch.push(record);
    lastSet = setId;
  }
  if (batch.length > 0) yield batch;
}

/**
 * Generates (or takes) the synthetic dataset and appends it tenant by tenant, in the
 * dataset's order, so references point at resources already stored. Returns the summary
 * with the test users and archetype examples. A failed batch rejects; batches before it
 * stay committed (load into an empty store, or rebuild, to retry).
 */
export async function loadSyntheticData(
  store: SeedTarget,
  input: SyntheticDataset | GenerateOptions,
  onProgress?: (progress: LoadProgress) => void,
  opts: LoadOptions = {},
): Promise<SyntheticSummary> {
  const dataset = 'tenants' in input && 'summary' in input ? input : generateSyntheticData(input);
  const size = opts.batchSize ?? 2000;
  for (const tenant of dataset.tenants) {
    let loaded = 0;
    const total = tenant.records.length;
    for (const batch of batchRecords(tenant.records, size)) {
      await store.appendBatch(
        tenant.id,
        batch.map((r) => ({
          resource: r.resource,
          sourceSystem: r.sourceSystem,
          recordedAt: r.recordedAt,
          ...(r.author !== undefined ? { author: r.author } : {}),
        })),
      );
      loaded += batch.length;
      onProgress?.({ tenant: tenant.id, loaded, total });
    }
  }
  return dataset.summary;
}

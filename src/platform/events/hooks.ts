// More than one ingest hook on one store: each sees what was appended and adds its own
// derived resources, in the order given, all in the same transaction.
import type { AppendInput, IngestHook } from './types';

export function chainIngestHooks(...hooks: IngestHook[]): IngestHook {
  return async (appended, w) => {
    const out: AppendInput[] = [];
    for (const hook of hooks) out.push(...(await hook(appended, w)));
    return out;
  };
}

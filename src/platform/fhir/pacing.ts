// Long work inside one request (checking and writing the entries of a large Bundle) must
// not hold the event loop: every other request, /health first, would wait for it. The
// work calls `step()` between units; the pacer gives the loop back once a slice has run
// SLICE_MS, and stops the request at its deadline with a clean 503 OperationOutcome
// (nothing written: handlers step only before their one database transaction).
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { FhirError, outcome } from './outcome';

/** How long work runs before other requests get a turn. */
export const SLICE_MS = 10;

export interface Pacer {
  /** Between units of work: yields when the slice is used up; throws past the deadline. */
  step(): Promise<void>;
  /** Throws past the deadline (before a write that must not be cut short). */
  check(): void;
}

export function createPacer(now: () => Date, timeLimitMs: number): Pacer {
  const deadline = now().getTime() + timeLimitMs;
  let sliceStart = performance.now();
  const check = () => {
    if (now().getTime() > deadline) {
      throw new FhirError(
        503,
        outcome(
          'error',
          'timeout',
          `Forespørselen tok mer enn ${Math.round(timeLimitMs / 1000)} s og ble avbrutt; ingenting er lagret. ` +
            'Prøv igjen senere, eller del den opp i mindre forespørsler.',
        ),
        { 'retry-after': '10' },
      );
    }
  };
  return {
    check,
    async step() {
      if (performance.now() - sliceStart >= SLICE_MS) {
        await nextTurn();
        sliceStart = performance.now();
      }
      check();
    },
  };
}

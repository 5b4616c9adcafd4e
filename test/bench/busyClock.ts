// Wall time during which at least one tracked operation was in flight (parallel ones count
// once). Used on both sides of the sync benchmarks: around the platform's requests (Node)
// and around the client's fetches (the bench page in Chromium).
export interface BusyClock {
  enter(): void;
  leave(): void;
  reset(): void;
  readonly ms: number;
}

export function busyClock(): BusyClock {
  let inFlight = 0;
  let since = 0;
  let total = 0;
  return {
    enter() {
      if (inFlight++ === 0) since = performance.now();
    },
    leave() {
      if (--inFlight === 0) total += performance.now() - since;
    },
    reset() {
      // What is in flight now counts from here on.
      total = 0;
      since = performance.now();
    },
    get ms() {
      return total;
    },
  };
}

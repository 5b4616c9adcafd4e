// Seeded pseudo-random numbers for the synthetic data.
//
// Hand-rolled on purpose: the synthetic patients are test fixtures, so the sequence for a
// seed must never change under us. A dependency upgrade that altered its stream (or its
// float/int mapping) would silently change every named example patient. sfc32 (Chris
// Doty-Humphrey's Small Fast Counter, PractRand-clean) and splitmix32 seeding are a few
// lines each and have no state outside this object. Not for cryptography.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Uniform real in [min, max). */
  real(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T;
  /** Approximately normal (Irwin–Hall of 4), mean 0, sd 1, bounded to about ±3.5. */
  gauss(): number;
  /** A version-4-shaped UUID made from the stream (deterministic, not unique across seeds by design). */
  uuid(): string;
  /** An independent stream derived from this one's seed and a label. */
  fork(label: string | number): Rng;
}

/** 32-bit string hash (FNV-1a followed by a murmur3 finaliser) used to derive sub-seeds. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A stream for (seed, label). The same pair always gives the same numbers. */
export function createRng(seed: number, label: string | number = ''): Rng {
  const seedKey = `${seed >>> 0}:${label}`;
  const init = splitmix32(hash32(seedKey));
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const nextUint = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  // Warm-up: the first outputs of sfc32 correlate with the seed words.
  for (let i = 0; i < 12; i++) nextUint();

  const next = (): number => nextUint() / 4294967296;
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    real: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted: (items) => {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      const last = items[items.length - 1];
      if (!last) throw new Error('weighted pick from an empty list');
      return last[0];
    },
    gauss: () => (next() + next() + next() + next() - 2) * Math.sqrt(3),
    uuid: () => {
      const hex = (n: number) => n.toString(16).padStart(8, '0');
      const w = [nextUint(), nextUint(), nextUint(), nextUint()].map(hex).join('');
      const variant = ((parseInt(w.charAt(16), 16) & 0x3) | 0x8).toString(16);
      return `${w.slice(0, 8)}-${w.slice(8, 12)}-4${w.slice(13, 16)}-${variant}${w.slice(17, 20)}-${w.slice(20, 32)}`;
    },
    fork: (sub) => createRng(seed, `${label}/${sub}`),
  };
  return rng;
}

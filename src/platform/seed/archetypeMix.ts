// Which archetype patient n of a tenant has: the nine named examples first, then a block of
// 50 repeated; and which archetypes have home care (a nurse's list).

import { ARCHETYPES } from './vitals';
import type { Archetype } from './vitals';

/** Archetypes after the nine examples: a block of 50 repeated (mostly stable). */
const ARCHETYPE_COUNTS_PER_50: ReadonlyArray<readonly [Archetype, number]> = [
  ['stable', 30],
  ['kols-scale-2', 5],
  ['heart-failure', 6],
  ['sepsis', 1],
  ['sparse', 2],
  ['not-covered', 1],
  ['sharing-restricted', 1],
  ['no-services', 1],
  ['long-term-care', 3],
];

/** The block spread evenly: archetype a with count c sits at (k + 0.5) * 50 / c. */
const ARCHETYPE_BLOCK: readonly Archetype[] = ARCHETYPE_COUNTS_PER_50.flatMap(([a, c]) =>
  Array.from({ length: c }, (_, k) => ({ a, pos: ((k + 0.5) * 50) / c })),
)
  .sort((x, y) => x.pos - y.pos || ARCHETYPES.indexOf(x.a) - ARCHETYPES.indexOf(y.a))
  .map((x) => x.a);

export function archetypeOf(index: number): Archetype {
  if (index < ARCHETYPES.length) return ARCHETYPES[index] as Archetype;
  return ARCHETYPE_BLOCK[(index - ARCHETYPES.length) % ARCHETYPE_BLOCK.length] as Archetype;
}

export const HAS_HOME_CARE: ReadonlySet<Archetype> = new Set([
  'stable',
  'kols-scale-2',
  'heart-failure',
  'sepsis',
  'sparse',
  'sharing-restricted',
]);

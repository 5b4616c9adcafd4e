// The air/oxygen marks of SpO2 readings as SVG path data, one path per kind of mark, so a
// long series draws three elements instead of one per reading. Used by both chart kinds.
import type { TrendPoint } from './series';

/** A circle as path commands (two arcs), so many circles fit in one path. */
export const circlePath = (cx: number, cy: number, r: number) =>
  `M${cx - r},${cy}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;

/** A diamond around (cx, cy): oxygen. */
export const diamondPath = (cx: number, cy: number, r: number) =>
  `M${cx},${cy - r - 1}L${cx + r + 1},${cy}L${cx},${cy + r + 1}L${cx - r - 1},${cy}Z`;

export interface AirOrOxygenPaths {
  oxygen: string;
  air: string;
  unknown: string;
}

/** Oxygen: filled diamonds; air: open circles; not recorded: small grey circles. */
export function airOrOxygenPaths(
  points: readonly TrendPoint[],
  x: (t: number) => number | undefined,
  y: (v: number) => number | undefined,
  r = 2.5,
): AirOrOxygenPaths {
  let oxygen = '';
  let air = '';
  let unknown = '';
  for (const p of points) {
    if (p.v === null) continue;
    const cx = x(p.t);
    const cy = y(p.v);
    if (cx === undefined || cy === undefined) continue;
    if (p.onOxygen) oxygen += diamondPath(cx, cy, r);
    else if (p.onOxygen === false) air += circlePath(cx, cy, r);
    else unknown += circlePath(cx, cy, r - 1);
  }
  return { oxygen, air, unknown };
}

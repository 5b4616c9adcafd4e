import type { News2Score, VitalSigns } from './index';

// TODO(core helper): implement per RCP 2017.
export function scoreNews2(_v: VitalSigns): News2Score {
  throw new Error('not implemented');
}

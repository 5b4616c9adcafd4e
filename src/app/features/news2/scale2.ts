import type { Scale2Decision, Section } from '../../../offline/api';

/**
 * The Scale 2 decision the screens use: the decision (or null: none recorded, Scale 1),
 * from the server or from the device's copy when the server cannot be reached; undefined
 * when it is not known (loading, denied, or never fetched), which the screens show as
 * "ukjent" and never as Scale 1 by default.
 */
export function scale2Decision(section: Section<Scale2Decision | null>): Scale2Decision | null | undefined {
  switch (section.kind) {
    case 'ready':
      return section.data;
    case 'unavailable':
      return section.cached?.data;
    default:
      return undefined;
  }
}

import type { Section } from '../../../offline/api';

/** What a section holds to show: fresh data, or the device's cached copy when the source is unavailable. */
export function sectionData<T>(section: Section<T> | undefined): T | undefined {
  if (section?.kind === 'ready') return section.data;
  if (section?.kind === 'unavailable') return section.cached?.data;
  return undefined;
}

// _include and _include:iterate for the includes docs/platform-api.md uses.
import type {
  CareTeam,
  EpisodeOfCare,
  Patient,
  Reference,
  Resource,
  ServiceRequest,
} from '@medplum/fhirtypes';

type RefsOf = (r: Resource) => (Reference | undefined)[];

export const INCLUDES: Record<string, { source: string; refs: RefsOf }> = {
  'EpisodeOfCare:incoming-referral': {
    source: 'EpisodeOfCare',
    refs: (r) => (r as EpisodeOfCare).referralRequest ?? [],
  },
  'ServiceRequest:performer': {
    source: 'ServiceRequest',
    refs: (r) => (r as ServiceRequest).performer ?? [],
  },
  'CareTeam:patient': { source: 'CareTeam', refs: (r) => [(r as CareTeam).subject] },
  // The fastlege and the GP's office (whom to call, issue #11 point 3).
  'Patient:general-practitioner': {
    source: 'Patient',
    refs: (r) => (r as Patient).generalPractitioner ?? [],
  },
  'CareTeam:subject': { source: 'CareTeam', refs: (r) => [(r as CareTeam).subject] },
};

/** "Type/id" references of `resources` named by the include parameters. */
export function includedReferences(resources: Resource[], includes: string[]): Map<string, Set<string>> {
  const byType = new Map<string, Set<string>>();
  for (const inc of includes) {
    const spec = INCLUDES[inc.replace(/:[A-Z][A-Za-z]+$/, '')];
    if (!spec) continue;
    for (const r of resources) {
      if (r.resourceType !== spec.source) continue;
      for (const ref of spec.refs(r)) {
        const m = /^([A-Z][A-Za-z]+)\/([^/]+)$/.exec(ref?.reference ?? '');
        if (!m) continue;
        const set = byType.get(m[1]) ?? new Set<string>();
        set.add(m[2]);
        byType.set(m[1], set);
      }
    }
  }
  return byType;
}

/** The resource types whose resources the include parameters read references from. */
export function includeSources(includes: string[]): Set<string> {
  const out = new Set<string>();
  for (const inc of includes) {
    const spec = INCLUDES[inc.replace(/:[A-Z][A-Za-z]+$/, '')];
    if (spec) out.add(spec.source);
  }
  return out;
}

export function unknownInclude(includes: string[]): string | undefined {
  return includes.find((inc) => !INCLUDES[inc.replace(/:[A-Z][A-Za-z]+$/, '')]);
}

// GET {base}/{type}?…: search. Parameters are parsed and refused when unknown
// (searchParams.ts); clinical searches must name a patient; every patient in the answer,
// matched or included, is checked and audited. AuditEvent (innsyn) is auditSearch.ts.
// See: https://hl7.org/fhir/R4/http.html#search
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { CLINICAL_TYPES } from '../../access/policy';
import type { ResourceQuery, StoredRow } from '../../events/types';
import type { UserContext } from '../context';
import { withheldOutcomeEntry } from '../../../core/fhir/withheld';
import { coverageEntry } from '../coverage';
import { parseElements, subsetted } from '../elements';
import { includedReferences, includeSources, unknownInclude } from '../includes';
import { FhirError } from '../outcome';
import { jsonResponse, type FhirResponse } from '../request';
import { parseSearch, values, type ParsedSearch } from '../searchParams';
import { auditSearch } from './auditSearch';
import { encodeCursor } from '../searchCursor';
import { pageLink, queryPattern, selfLink } from './searchLinks';

/** Clinical searches must name a patient (or ids), so no search lists a whole municipality. */
const NEEDS_PATIENT = new Set([
  'Observation',
  'EpisodeOfCare',
  'ServiceRequest',
  'Flag',
  'CarePlan',
  'Communication',
]);

const rowRef = (r: StoredRow) => `${r.resourceType}/${r.id}`;

export async function search(ctx: UserContext): Promise<FhirResponse> {
  const { type } = ctx.params;
  const { access, guard, services, tenant } = ctx;
  const query = ctx.req.query;
  const parsed = parseSearch(type, query);
  const pattern = queryPattern(type, query);
  const badInclude = unknownInclude([...parsed.includes, ...parsed.iterateIncludes]);
  if (badInclude)
    throw FhirError.of(400, 'not-supported', `_include=${badInclude} støttes ikke.`, ['_include']);
  const where = { interaction: 'search-type' as const, query: pattern };
  guard.requireType(type, 's', { ...where, patient: parsed.patients?.[0] });

  if (type === 'AuditEvent') return auditSearch(ctx, parsed, pattern);

  const q = parsed.query;
  if (CLINICAL_TYPES.has(type) && !q.patients && access.patient && !q.ids && !q.identifiers && !q.refs) {
    // A patient-context token without a patient parameter means "my patient in context".
    q.patients = [access.patient];
  }
  if (NEEDS_PATIENT.has(type) && !q.patients && !q.ids) {
    throw FhirError.of(400, 'required', `Søk i ${type} krever patient eller _id.`, ['patient']);
  }
  if (type === 'CareTeam' && !q.patients) {
    const mine = `Practitioner/${access.practitionerId}`;
    if (!q.refs || q.refs.some((r) => r !== mine)) {
      guard.deny('Arbeidslisten kan bare hentes for egen bruker.', where);
    }
  }
  if (type === 'Patient' && !q.ids && !q.identifiers) {
    throw FhirError.of(400, 'required', 'Pasientsøk krever identifier eller _id.', ['identifier']);
  }
  if (q.patients) await guard.requirePatients(type, 's', q.patients, where);

  // Rows keep the stored JSON text: only resources an _include reads are parsed.
  const page = await services.store.searchRows(tenant, q);
  // SMART v2 scope queries (…rs?category=…): rows outside them are left out.
  const matches = services.policy.visibleRows(access, 's', page.rows);
  const { included, withheld: includesWithheld } = await includeRows(ctx, parsed, matches);
  // Items the patient restricted are never returned; the Bundle says when any were left out
  // (pasientrettighetsloven § 5-3; core's withheldOutcomeEntry). Only patient data carries
  // the restriction, so only clinical searches ask.
  const withheld =
    includesWithheld || (CLINICAL_TYPES.has(type) && (await withheldFrom(ctx, q, !!q.patients)));

  // The projection's patient column is searchColumns(resource).patient, stored at write.
  const patients = new Set<string>();
  for (const r of [...matches, ...included]) if (r.patient) patients.add(r.patient);
  if (type !== 'CareTeam' || q.patients) {
    await guard.requirePatients(type, 's', patients, where);
  } else {
    // The worklist: the care team itself is the care relationship; still check each patient.
    await guard.requirePatients('Patient', 'r', patients, where);
  }

  const base = services.baseUrl(tenant);
  const elements = parseElements(values(query, '_elements'));
  // Entries as JSON text, each resource copied in as stored (see jsonResponse); only a
  // search with _elements parses its matches to cut them down.
  const entry = (r: StoredRow, mode: 'match' | 'include') => {
    const resource =
      elements && mode === 'match'
        ? JSON.stringify(subsetted(JSON.parse(r.json) as Resource, elements))
        : r.json;
    return `{"fullUrl":${JSON.stringify(`${base}/${rowRef(r)}`)},"resource":${resource},"search":{"mode":"${mode}"}}`;
  };
  let entries: string[] = [
    ...matches.map((r) => entry(r, 'match')),
    ...included.map((r) => entry(r, 'include')),
  ];
  if (type === 'EpisodeOfCare' && q.patients?.length === 1) {
    const cov = await coverageEntry(services.store, services.tenants.get(tenant), tenant, q.patients[0]);
    entries = [...(cov.code === 'not-covered' ? [] : entries), JSON.stringify(cov.entry)];
  }
  if (withheld) entries.push(JSON.stringify(withheldOutcomeEntry()));
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: services.now().toISOString(),
    link: [
      {
        relation: 'self',
        url: selfLink(base, type, query),
      },
      ...(page.hasMore
        ? [
            {
              relation: 'next',
              url: pageLink(
                base,
                type,
                query,
                parsed.offset + parsed.count,
                page.next ? encodeCursor(page.next) : undefined,
              ),
            },
          ]
        : []),
    ],
  };
  for (const p of patients) {
    const mine = [...matches, ...included].filter((r) => r.patient === p).map(rowRef);
    ctx.audit.record({ ...where, patient: p, resources: mine, outcome: 'success' });
  }
  if (!patients.size && q.patients?.length) {
    for (const p of q.patients) ctx.audit.record({ ...where, patient: p, resources: [], outcome: 'success' });
  }
  // The Bundle's own fields as JSON, then the entries: the same text JSON.stringify gives.
  return jsonResponse(200, `${JSON.stringify(bundle).slice(0, -1)},"entry":[${entries.join(',')}]}`);
}

/**
 * True when the query matches an item the patient restricted (which the search left out),
 * of a patient this user may see: the marker tells a reader that the patient's record is
 * incomplete, never that a patient outside their access has restricted items. A search
 * naming its patients has had them checked already.
 */
async function withheldFrom(ctx: UserContext, q: ResourceQuery, patientsChecked: boolean): Promise<boolean> {
  // Any page of the search: not sorted, and neither offset nor cursor.
  const { sort: _sort, after: _after, ...rest } = q;
  const r = await ctx.services.store.searchRows(ctx.tenant, {
    ...rest,
    onlyRestricted: true,
    count: 50,
    offset: 0,
  });
  // A restricted item outside the token's scope queries was not withheld for the patient.
  const rows = ctx.services.policy.visibleRows(ctx.access, 's', r.rows);
  if (patientsChecked) return rows.length > 0;
  for (const row of rows) {
    if (!row.patient) continue;
    const d = await ctx.services.policy.checkPatient(ctx.access, row.resourceType, 's', row.patient);
    if (d.kind === 'allowed') return true;
  }
  return false;
}

/**
 * Included resources, iterating over what was included until nothing new appears; withheld
 * when a referenced resource was left out because the patient restricted it.
 */
async function includeRows(
  ctx: UserContext,
  parsed: ParsedSearch,
  matches: StoredRow[],
): Promise<{ included: StoredRow[]; withheld: boolean }> {
  const included: StoredRow[] = [];
  let withheld = false;
  const seen = new Set(matches.map(rowRef));
  let frontier: StoredRow[] = matches;
  let includes = [...parsed.includes, ...parsed.iterateIncludes];
  for (let round = 0; round < 4 && frontier.length && includes.length; round++) {
    const sources = includeSources(includes);
    const readable = frontier
      .filter((r) => sources.has(r.resourceType))
      .map((r) => JSON.parse(r.json) as Resource);
    const wanted = includedReferences(readable, includes);
    const found: StoredRow[] = [];
    for (const [t, ids] of wanted) {
      const fresh = [...ids].filter((id) => !seen.has(`${t}/${id}`));
      if (!fresh.length) continue;
      const r = await ctx.services.store.searchRows(ctx.tenant, { type: t, ids: fresh, count: fresh.length });
      for (const row of ctx.services.policy.visibleRows(ctx.access, 's', r.rows)) {
        seen.add(rowRef(row));
        found.push(row);
      }
      if (!withheld && r.rows.length < fresh.length) {
        const missing = fresh.filter((id) => !seen.has(`${t}/${id}`));
        withheld = await withheldFrom(ctx, { type: t, ids: missing }, false);
      }
    }
    included.push(...found);
    frontier = found;
    includes = parsed.iterateIncludes;
  }
  return { included, withheld };
}

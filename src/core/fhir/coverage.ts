// Coverage of the services view (docs/platform-api.md, "Coverage"): every services Bundle
// carries an entry with search.mode "outcome" holding an OperationOutcome whose one
// information issue has details.coding {system: SYSTEM.coverage, code: covered|not-covered}
// and diagnostics `coverage-since=YYYY-MM-DD` (go-live date of the information service).
//
// The app must never read "no services" where coverage is unknown, so anything that is
// not a well-formed statement parses to { kind: 'unknown' } with the reason.
import type {
  Bundle,
  BundleEntry,
  Coding,
  OperationOutcome,
  OperationOutcomeIssue,
} from '@medplum/fhirtypes';
import { SYSTEM } from './codes';
import type { CoverageCode } from './codes';

export type CoverageOutcome =
  | { kind: 'covered'; since: string }
  | { kind: 'not-covered'; since?: string }
  | { kind: 'unknown'; reason: string };

const SINCE = /^coverage-since=(\d{4}-\d{2}-\d{2})$/;

function coverageIssue(
  outcome: OperationOutcome,
): { code: string; issue: OperationOutcomeIssue } | undefined {
  for (const issue of outcome.issue ?? []) {
    const code = issue.details?.coding?.find((c) => c.system === SYSTEM.coverage)?.code;
    if (code !== undefined) return { code, issue };
  }
  return undefined;
}

export function parseCoverageOutcome(bundle: Bundle): CoverageOutcome {
  const found = (bundle.entry ?? [])
    .filter((e) => e.search?.mode === 'outcome' && e.resource?.resourceType === 'OperationOutcome')
    .map((e) => coverageIssue(e.resource as OperationOutcome))
    .filter((x) => x !== undefined);
  if (found.length === 0) return { kind: 'unknown', reason: 'Bundle states no coverage' };
  const codes = new Set(found.map((f) => f.code));
  if (codes.size > 1) return { kind: 'unknown', reason: 'Bundle states conflicting coverage' };
  const { code, issue } = found[0]!;
  const match = SINCE.exec(issue.diagnostics?.trim() ?? '');
  const since = match?.[1] !== undefined && !Number.isNaN(Date.parse(match[1])) ? match[1] : undefined;
  if (code === 'not-covered')
    return since === undefined ? { kind: 'not-covered' } : { kind: 'not-covered', since };
  if (code !== 'covered') return { kind: 'unknown', reason: `Unknown coverage code ${JSON.stringify(code)}` };
  if (since === undefined) return { kind: 'unknown', reason: 'Coverage has no valid coverage-since date' };
  return { kind: 'covered', since };
}

/**
 * The Bundle entry the platform adds to every services search (the inverse of
 * parseCoverageOutcome). Built here only: the platform and the test servers call this.
 */
export function coverageOutcomeEntry(coverage: { code: CoverageCode; since: string }): BundleEntry {
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'information',
        code: 'informational',
        details: {
          coding: [{ system: SYSTEM.coverage, code: coverage.code }],
          text:
            coverage.code === 'covered'
              ? `Tjenester registrert i PLO siden ${coverage.since}.`
              : 'Pasienten er ikke registrert i kommunens PLO-system.',
        },
        diagnostics: `coverage-since=${coverage.since}`,
      },
    ],
  };
  return { resource: outcome, search: { mode: 'outcome' } };
}

/** True when a resource's tags say the patient is not in the municipality's PLO system. */
export function taggedNotCovered(meta: { tag?: readonly Coding[] } | undefined): boolean {
  return (meta?.tag ?? []).some((c) => c.system === SYSTEM.coverage && c.code === 'not-covered');
}

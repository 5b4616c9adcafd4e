// Scale 2 decisions as FHIR Flags (docs/platform-api.md, "Scale 2"): code
// `SYSTEM.flag|news2-spo2-scale-2`, author = the deciding Practitioner, period.start =
// decided at, period.end = withdrawn at (status inactive). The reason travels in the code's
// text, the one free-text slot a Flag has. Read: Varde's code or the standard alternative in
// ./plainFhirMapping.ts (SCALE2_FLAG_CODES), with the same demands on author and start.
import type { Flag } from '@medplum/fhirtypes';
import type { Scale2Decision } from '../news2/scale2';
import { FLAG_SCALE_2, SYSTEM } from './codes';
import { isScale2FlagCode } from './plainFhirMapping';

const DEFAULT_TEXT = 'NEWS2: SpO₂ skala 2';

export function scale2DecisionToFlag(decision: Scale2Decision): Flag {
  const flag: Flag = {
    resourceType: 'Flag',
    status: decision.endedAt === undefined ? 'active' : 'inactive',
    code: {
      coding: [{ system: SYSTEM.flag, code: FLAG_SCALE_2, display: 'NEWS2 SpO2 scale 2' }],
      text: decision.reason ?? DEFAULT_TEXT,
    },
    subject: { reference: `Patient/${decision.patientId}` },
    period:
      decision.endedAt === undefined
        ? { start: decision.decidedAt }
        : { start: decision.decidedAt, end: decision.endedAt },
    author: { ...decision.decidedBy } as Flag['author'],
  };
  if (decision.id !== undefined) flag.id = decision.id;
  return flag;
}

/**
 * The Scale 2 decisions among `flags`. Flags without author or start cannot show who decided
 * or when, so they are left out (Scale 1 then applies, the chart default); so are flags
 * entered in error. An inactive flag without an end date is treated as withdrawn from its start.
 */
export function scale2DecisionsFromFlags(flags: readonly Flag[]): Scale2Decision[] {
  const out: Scale2Decision[] = [];
  for (const flag of flags) {
    if (!isScale2FlagCode(flag.code) || flag.status === 'entered-in-error') continue;
    const patientId = /(?:^|\/)Patient\/([^/]+)$/.exec(flag.subject?.reference ?? '')?.[1];
    const author = flag.author?.reference;
    const start = flag.period?.start;
    if (patientId === undefined || author === undefined || start === undefined) continue;
    const decision: Scale2Decision = { patientId, decidedBy: { reference: author }, decidedAt: start };
    if (flag.author?.display !== undefined) decision.decidedBy.display = flag.author.display;
    if (flag.id !== undefined) decision.id = flag.id;
    const text = flag.code.text;
    if (text !== undefined && text !== DEFAULT_TEXT) decision.reason = text;
    if (flag.status === 'inactive') decision.endedAt = flag.period?.end ?? start;
    else if (flag.period?.end !== undefined) decision.endedAt = flag.period.end;
    out.push(decision);
  }
  return out;
}

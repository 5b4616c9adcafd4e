// An ISBAR summary of an elevated set, the text the nurse reads out on the phone or copies
// (issue #11 point 3, DOMAIN.md §8): Identifikasjon, Situasjon, Bakgrunn, Aktuell vurdering,
// Råd/anbefaling. Norwegian, facts only: every value with its sub-score, the total and risk
// band (standard RCP, never altered), the last days' trend and the usual values with how
// they were derived. The nurse's own judgement is hers to add; the text invents none.
import { CLINICAL_ROLE_LABELS } from '../actor';
import type { ClinicalRole } from '../actor';
import type { Baseline } from '../baseline/baseline';
import { describeBaseline } from '../baseline/baseline';
import { deviationOf } from '../baseline/deviation';
import type { News2Parameter, News2Score } from '../news2/index';
import { CLINICAL_RISK_LABELS, NEWS2_PARAMETER_LABELS, news2ResponseLevel } from '../news2/response';
import type { News2ResponseLevel } from '../news2/response';
import { scoreNews2 } from '../news2/score';
import type { PlanEvaluation } from '../plan/personalPlan';
import { norwegianCalendarDate, osloClock, osloDateOf, parseInstant } from '../time/oslo';
import { usableSets } from '../vitals/order';
import type { VitalSignsSet } from '../vitals/types';
import { ACVPU } from '../fhir/codes';

export interface IsbarInput {
  patient: {
    name: string;
    /** YYYY-MM-DD. */
    birthDate?: string;
    fodselsnummer?: string;
    /** Where the patient is, e.g. the home address. */
    address?: string;
  };
  caller: { name: string; role?: ClinicalRole; service?: string; phone?: string };
  /** The set the call is about. */
  set: VitalSignsSet;
  /** scoreNews2(set.vitals), when already computed; read, never changed. */
  score?: News2Score;
  /** The patient's sets, for the trend of the last days (entered-in-error ones are skipped). */
  history?: readonly VitalSignsSet[];
  baseline?: Baseline;
  /** The set against the personal plan (evaluatePersonalPlan). */
  personal?: PlanEvaluation;
  /** Days of trend before the set, default 3. */
  trendDays?: number;
  now: string;
}

export interface Isbar {
  identifikasjon: string;
  situasjon: string;
  bakgrunn: string;
  aktuellVurdering: string;
  radAnbefaling: string;
  /** All five, one line each: "I – Identifikasjon: …". */
  text: string;
}

const nb = (x: number) => String(x).replace('.', ',');
const dateOf = (ms: number) => norwegianCalendarDate(osloDateOf(ms));
const dayMonth = (ms: number) => dateOf(ms).slice(0, 5);

function ageAt(birthDate: string, now: number): number | undefined {
  const [y, m, d] = birthDate.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  const [ny, nm, nd] = osloDateOf(now).split('-').map(Number) as [number, number, number];
  return ny - y - (nm < m || (nm === m && nd < d) ? 1 : 0);
}

/** "respirasjonsfrekvens 25 /min (3)" per parameter present, in chart order. */
function measurements(set: VitalSignsSet, score: News2Score): string[] {
  const v = set.vitals;
  const p = score.parts;
  const sub = (k: News2Parameter) => (p[k] === undefined ? '' : ` (${p[k]})`);
  const out: string[] = [];
  if (v.respirationRate !== undefined)
    out.push(`respirasjonsfrekvens ${nb(v.respirationRate)} /min${sub('respirationRate')}`);
  if (v.spo2 !== undefined) out.push(`SpO₂ ${nb(v.spo2)} %${sub('spo2')}, skala ${v.spo2Scale ?? 1}`);
  if (v.onOxygen === true) {
    out.push(
      `på oksygen${set.oxygenFlowLpm !== undefined ? ` ${nb(set.oxygenFlowLpm)} L/min` : ''}${sub('onOxygen')}`,
    );
  } else if (v.onOxygen === false) out.push(`puster romluft${sub('onOxygen')}`);
  if (v.systolicBP !== undefined) {
    const dia = set.diastolicBP !== undefined ? `/${nb(set.diastolicBP)}` : '';
    out.push(`blodtrykk ${nb(v.systolicBP)}${dia} mmHg${sub('systolicBP')}`);
  }
  if (v.pulse !== undefined) {
    const rhythm =
      set.pulseIrregular === true ? ', uregelmessig' : set.pulseIrregular === false ? ', regelmessig' : '';
    out.push(`puls ${nb(v.pulse)} /min${rhythm}${sub('pulse')}`);
  }
  if (v.consciousness !== undefined)
    out.push(`bevissthet: ${ACVPU[v.consciousness].text}${sub('consciousness')}`);
  if (v.temperature !== undefined) out.push(`temperatur ${nb(v.temperature)} °C${sub('temperature')}`);
  return out;
}

const REQUEST: Readonly<Record<News2ResponseLevel, string>> = {
  emergency:
    'Jeg ber om øyeblikkelig legevurdering og vurdering av ambulanse (113). Hva skal jeg gjøre mens vi venter, og hvor ofte skal jeg måle?',
  urgent:
    'Jeg ber om at lege vurderer pasienten straks. Hvilke tiltak skal jeg gjøre nå, og hvor ofte skal jeg måle?',
  'urgent-ward': 'Jeg ber om snarlig legevurdering av årsaken. Hvor ofte skal jeg måle videre?',
  'ward-assessment': 'Jeg ber om råd om videre oppfølging og hvor ofte jeg skal måle.',
  routine: 'Jeg ber om råd om videre oppfølging.',
};

/** The ISBAR summary of `set`. */
export function isbarSummary(input: IsbarInput): Isbar {
  const now = parseInstant(input.now, 'now');
  const { set, patient, caller } = input;
  const score = input.score ?? scoreNews2(set.vitals);
  const at = parseInstant(set.effectiveDateTime, 'effectiveDateTime');
  const risk = CLINICAL_RISK_LABELS[score.risk].toLowerCase();

  // I
  const role = caller.role ? `, ${CLINICAL_ROLE_LABELS[caller.role]}` : '';
  const service = caller.service ? ` i ${caller.service}` : '';
  const phone = caller.phone ? ` (telefon ${caller.phone})` : '';
  const age = patient.birthDate !== undefined ? ageAt(patient.birthDate, now) : undefined;
  const born =
    patient.birthDate !== undefined
      ? `, født ${norwegianCalendarDate(patient.birthDate)}${age !== undefined ? ` (${age} år)` : ''}`
      : '';
  const fnr = patient.fodselsnummer ? `, fødselsnummer ${patient.fodselsnummer}` : '';
  const where = patient.address ? `. Pasienten er ${patient.address}` : '';
  const identifikasjon = `Jeg heter ${caller.name}${role}${service}${phone}. Jeg ringer om ${patient.name}${born}${fnr}${where}.`;

  // S
  const total = score.complete
    ? `NEWS2 ${score.total} (${risk})`
    : `ufullstendig NEWS2: delsum ${score.total} (minst ${risk}), mangler ${score.missing.map((p) => NEWS2_PARAMETER_LABELS[p]).join(', ')}`;
  const situasjon = `${total[0]!.toUpperCase()}${total.slice(1)}, målt ${dateOf(at)} kl. ${osloClock(at)}: ${measurements(set, score).join(', ')}.`;

  // B
  const trendDays = input.trendDays ?? 3;
  const trend = usableSets(input.history ?? [], { patientId: set.patientId, now: at })
    .filter((s) => s.id !== set.id && Date.parse(s.effectiveDateTime) >= at - trendDays * 86_400_000)
    .map((s) => ({ s, sc: scoreNews2(s.vitals) }))
    .filter(({ sc }) => sc.complete)
    .slice(-8)
    .map(({ s, sc }) => {
      const t = Date.parse(s.effectiveDateTime);
      return `${sc.total} (${dayMonth(t)} kl. ${osloClock(t)})`;
    });
  const trendText =
    trend.length > 0
      ? `NEWS2 siste ${trendDays} døgn før denne målingen: ${trend.join(', ')}.`
      : `Ingen andre fullstendige NEWS2-målinger siste ${trendDays} døgn.`;
  const b = input.baseline;
  const usual = b && b.kind !== 'not-enough-data' ? b.values.news2Total : undefined;
  const usualText =
    b === undefined || b.kind === 'not-enough-data' || usual === undefined
      ? 'Pasientens vanlige NEWS2 er ukjent (for lite data).'
      : `Vanlig NEWS2 ${nb(usual.usual)}${usual.low !== undefined && usual.high !== undefined ? ` (område ${nb(usual.low)}–${nb(usual.high)})` : ''}: ${describeBaseline(b)}.`;
  const scale2 =
    set.vitals.spo2Scale === 2 ? ' Pasienten skåres på SpO₂-skala 2 (hyperkapnisk respirasjonssvikt).' : '';
  const comments = set.comments?.length ? ` Kommentar: ${set.comments.map((c) => c.text).join(' ')}` : '';
  const bakgrunn = `${trendText} ${usualText}${scale2}${comments}`;

  // A
  const scored = (Object.entries(score.parts) as [News2Parameter, number][])
    .filter(([, points]) => points > 0)
    .sort(([, x], [, y]) => y - x)
    .map(([p, points]) => `${NEWS2_PARAMETER_LABELS[p]} (${points})`);
  const dev =
    score.complete && usual !== undefined ? deviationOf('news2Total', score.total, usual) : undefined;
  const change = dev
    ? ` NEWS2 er ${dev.difference === 0 ? 'som vanlig' : `${nb(Math.abs(dev.difference))} ${dev.difference > 0 ? 'over' : 'under'} pasientens vanlige (${nb(dev.usual)})`}.`
    : '';
  const crossed =
    input.personal?.kind === 'evaluated' && input.personal.crossed.length > 0
      ? ` Personlig grense passert: ${input.personal.crossed.map((c) => c.text).join('; ')}.`
      : '';
  const aktuellVurdering =
    `${CLINICAL_RISK_LABELS[score.risk]} etter NEWS2.` +
    (scored.length > 0 ? ` Poeng fra: ${scored.join(', ')}.` : ' Ingen parametre gir poeng.') +
    change +
    crossed;

  // R
  const radAnbefaling = REQUEST[news2ResponseLevel(score)];

  const text = [
    `I – Identifikasjon: ${identifikasjon}`,
    `S – Situasjon: ${situasjon}`,
    `B – Bakgrunn: ${bakgrunn}`,
    `A – Aktuell vurdering: ${aktuellVurdering}`,
    `R – Råd/anbefaling: ${radAnbefaling}`,
  ].join('\n');
  return { identifikasjon, situasjon, bakgrunn, aktuellVurdering, radAnbefaling, text };
}

// Clinical response and monitoring frequency per RCP NEWS2 2017, chart 3 (risk) and
// chart 4 (response), worded in Norwegian for home care and municipal acute beds.
//
// The response is worded for the reader's role (issue #12 point 2): a nurse reads whom to
// contact (the text below, unchanged), a doctor reads the assessment and treatment
// decisions that are hers. Same level, same risk band, same urgency word first ("Haster",
// "Akutt"), same monitoring: only responseText differs.
//
// An incomplete set is banded on its partial sum (a lower bound: missing parameters can
// only add points). Its texts say so, and it is never due later than one hour, because
// the parameters not measured may hide a higher score.
import type { ClinicalRole } from '../actor';
import type { ClinicalRisk, News2Parameter, News2Score } from './index';

export type News2ResponseLevel = 'routine' | 'ward-assessment' | 'urgent-ward' | 'urgent' | 'emergency';

export interface News2Response {
  /** RCP chart 4 clinical response level. */
  level: News2ResponseLevel;
  /** Norwegian text for the UI: what to do. */
  responseText: string;
  /** Norwegian text for the UI: how often to measure. */
  monitoringText: string;
  /** Minimum monitoring interval in hours; 0 means continuous. */
  monitoringIntervalHours: number;
  /** Norwegian label of the clinical risk band, e.g. "Middels risiko". */
  riskText: string;
  /** False when the score is a partial sum of an incomplete set. */
  complete: boolean;
  /** Set for an incomplete set: which parameters are missing and that the total is partial. */
  incompleteText?: string;
}

export interface MeasurementDue {
  dueAt: string; // ISO 8601
  overdue: boolean;
}

/** Norwegian names of the scored parameters, for the UI and for the incomplete-set text. */
export const NEWS2_PARAMETER_LABELS: Readonly<Record<News2Parameter, string>> = {
  respirationRate: 'respirasjonsfrekvens',
  spo2: 'oksygenmetning (SpO₂)',
  onOxygen: 'luft eller oksygen',
  systolicBP: 'systolisk blodtrykk',
  pulse: 'puls',
  consciousness: 'bevissthet (ACVPU)',
  temperature: 'temperatur',
};

export const CLINICAL_RISK_LABELS: Readonly<Record<ClinicalRisk, string>> = {
  low: 'Lav risiko',
  'low-medium': 'Lav–middels risiko',
  medium: 'Middels risiko',
  high: 'Høy risiko',
};

type LevelText = Pick<News2Response, 'responseText' | 'monitoringText' | 'monitoringIntervalHours'>;

const LEVEL_TEXT: Readonly<Record<News2ResponseLevel, LevelText>> = {
  routine: {
    monitoringText: 'Minst hver 12. time',
    monitoringIntervalHours: 12,
    responseText: 'Fortsett rutinemessig overvåking.',
  },
  'ward-assessment': {
    monitoringText: 'Minst hver 4.–6. time',
    monitoringIntervalHours: 4,
    responseText:
      'Sykepleier vurderer pasienten og avgjør om målingene skal tas oftere, eller om lege skal kontaktes.',
  },
  'urgent-ward': {
    monitoringText: 'Minst hver time',
    monitoringIntervalHours: 1,
    responseText:
      'Én parameter gir 3 poeng: snarlig vurdering av lege (fastlege eller legevakt) for å avklare årsak og videre oppfølging.',
  },
  urgent: {
    monitoringText: 'Minst hver time',
    monitoringIntervalHours: 1,
    responseText:
      'Haster: kontakt lege eller legevakt straks for vurdering. Vurder om pasienten trenger innleggelse.',
  },
  emergency: {
    monitoringText: 'Kontinuerlig overvåking',
    monitoringIntervalHours: 0,
    responseText:
      'Akutt: ring 113 eller legevakt umiddelbart. Bli hos pasienten og overvåk kontinuerlig til hjelp er på plass.',
  },
};

/**
 * What a doctor reads at each level (RCP chart 4: the clinician's assessment and the
 * decisions on treatment, level of care and admission).
 */
const DOCTOR_RESPONSE_TEXT: Readonly<Record<News2ResponseLevel, string>> = {
  routine: 'Rutinemessig oppfølging. NEWS2 alene gir ingen grunn til legevurdering.',
  'ward-assessment':
    'Sykepleier vurderer pasienten. Legevurdering ved økende skår eller klinisk bekymring; vurder om målingene skal tas oftere.',
  'urgent-ward':
    'Én parameter gir 3 poeng: vurder pasienten snarlig. Avklar årsak, behandling og hvor tett pasienten skal følges opp.',
  urgent:
    'Haster: vurder pasienten straks. Avklar årsak (for eksempel sepsis), start behandling og ta stilling til innleggelse og behandlingsnivå.',
  emergency:
    'Akutt: øyeblikkelig legevurdering. Start behandling, ta stilling til innleggelse med ambulanse (113) og behandlingsnivå, og sørg for kontinuerlig overvåking.',
};

/** RCP chart 4 level for a score (a partial sum is banded the same way). */
export function news2ResponseLevel(score: Pick<News2Score, 'total' | 'risk'>): News2ResponseLevel {
  if (score.total >= 7) return 'emergency';
  if (score.total >= 5) return 'urgent';
  if (score.risk === 'low-medium') return 'urgent-ward';
  if (score.total >= 1) return 'ward-assessment';
  return 'routine';
}

function listInNorwegian(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} og ${items[items.length - 1]}`;
}

export interface News2ResponseOptions {
  /** Whose screen: 'nurse' (default) reads whom to contact, 'doctor' the assessment and treatment. */
  role?: ClinicalRole;
}

export function news2Response(score: News2Score, opts: News2ResponseOptions = {}): News2Response {
  const level = news2ResponseLevel(score);
  const text =
    opts.role === 'doctor'
      ? { ...LEVEL_TEXT[level], responseText: DOCTOR_RESPONSE_TEXT[level] }
      : LEVEL_TEXT[level];
  const riskText = CLINICAL_RISK_LABELS[score.risk];
  if (score.complete) return { level, ...text, riskText, complete: true };

  const missing = listInNorwegian(score.missing.map((p) => NEWS2_PARAMETER_LABELS[p]));
  const assumption = score.spo2AssumedOnOxygen
    ? ' SpO₂ (skala 2) er skåret som om pasienten får oksygen, fordi det ikke er oppgitt.'
    : '';
  const incompleteText =
    `Ufullstendig måling: mangler ${missing}. ` +
    `Summen ${score.total} er bare en delsum, ikke en fullstendig NEWS2-skår. Den virkelige skåren kan være høyere.` +
    assumption;
  const monitoringIntervalHours = Math.min(text.monitoringIntervalHours, 1);
  const monitoringText =
    monitoringIntervalHours === 0
      ? text.monitoringText
      : 'Fullfør målingen snarest, og mål minst hver time til en fullstendig NEWS2 foreligger';
  return {
    level,
    responseText: `${incompleteText} ${text.responseText}`,
    monitoringText,
    monitoringIntervalHours,
    riskText: `${riskText} (minst, ut fra delsum)`,
    complete: false,
    incompleteText,
  };
}

function parseInstant(iso: string, name: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not an ISO 8601 date-time: ${JSON.stringify(iso)}`);
  return ms;
}

/**
 * When the next set is due: measuredAt plus the monitoring interval of the response.
 * Continuous monitoring (interval 0) is due at once, so it is overdue as soon as time passes.
 * Throws RangeError on a malformed date: callers pass dates they stored themselves.
 */
export function nextMeasurementDue(
  score: News2Score,
  measuredAt: string,
  opts: { now: string },
): MeasurementDue {
  const measured = parseInstant(measuredAt, 'measuredAt');
  const now = parseInstant(opts.now, 'now');
  const { monitoringIntervalHours } = news2Response(score);
  const due = measured + monitoringIntervalHours * 3_600_000;
  return { dueAt: new Date(due).toISOString(), overdue: now > due };
}

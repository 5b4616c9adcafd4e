// Norwegian labels and value texts for vital signs. Unknown always reads "ukjent".
import type { Consciousness, News2Parameter } from '../../../core/news2/index';
import type { VitalSignsSet } from '../../../core/vitals/types';
import { formatNumber } from '../../format/norwegian';

export const parameterLabel: Record<News2Parameter, string> = {
  respirationRate: 'Respirasjonsfrekvens',
  spo2: 'Oksygenmetning (SpO₂)',
  onOxygen: 'Luft eller oksygen',
  systolicBP: 'Systolisk blodtrykk',
  pulse: 'Puls',
  consciousness: 'Bevissthet (ACVPU)',
  temperature: 'Temperatur',
};

export const parameterOrder: News2Parameter[] = [
  'respirationRate',
  'spo2',
  'onOxygen',
  'systolicBP',
  'pulse',
  'consciousness',
  'temperature',
];

export const consciousnessText: Record<Consciousness, string> = {
  A: 'Våken (A)',
  C: 'Ny forvirring (C)',
  V: 'Reagerer på tiltale (V)',
  P: 'Reagerer på smerte (P)',
  U: 'Reagerer ikke (U)',
};

export function valueText(
  set: Pick<VitalSignsSet, 'vitals' | 'diastolicBP' | 'pulseIrregular' | 'oxygenFlowLpm'>,
  p: News2Parameter,
): string {
  const v = set.vitals;
  switch (p) {
    case 'respirationRate':
      return v.respirationRate === undefined ? 'ukjent' : `${formatNumber(v.respirationRate, 0)} /min`;
    case 'spo2':
      return v.spo2 === undefined ? 'ukjent' : `${formatNumber(v.spo2, 0)} %`;
    case 'onOxygen':
      if (v.onOxygen === undefined) return 'ukjent';
      if (!v.onOxygen) return 'Luft';
      return set.oxygenFlowLpm === undefined ? 'Oksygen' : `Oksygen ${formatNumber(set.oxygenFlowLpm)} L/min`;
    case 'systolicBP':
      if (v.systolicBP === undefined) return 'ukjent';
      return `${formatNumber(v.systolicBP, 0)}${set.diastolicBP === undefined ? '' : `/${formatNumber(set.diastolicBP, 0)}`} mmHg`;
    case 'pulse':
      if (v.pulse === undefined) return 'ukjent';
      return `${formatNumber(v.pulse, 0)} /min${set.pulseIrregular === undefined ? '' : set.pulseIrregular ? ', uregelmessig' : ', regelmessig'}`;
    case 'consciousness':
      return v.consciousness === undefined ? 'ukjent' : consciousnessText[v.consciousness];
    case 'temperature':
      return v.temperature === undefined ? 'ukjent' : `${formatNumber(v.temperature, 1)} °C`;
  }
}

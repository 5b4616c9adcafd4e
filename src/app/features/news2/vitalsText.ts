// Value texts for vital signs (labels: core's parameter table, src/core/vitals/parameters.ts;
// ACVPU texts: core's ACVPU table). Unknown always reads "ukjent".
import { ACVPU } from '../../../core/fhir/codes';
import type { News2Parameter } from '../../../core/news2/index';
import type { VitalSignsSet } from '../../../core/vitals/types';
import { formatNumber } from '../../format/norwegian';

export const parameterOrder: News2Parameter[] = [
  'respirationRate',
  'spo2',
  'onOxygen',
  'systolicBP',
  'pulse',
  'consciousness',
  'temperature',
];

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
      return v.consciousness === undefined ? 'ukjent' : ACVPU[v.consciousness].label;
    case 'temperature':
      return v.temperature === undefined ? 'ukjent' : `${formatNumber(v.temperature, 1)} °C`;
  }
}

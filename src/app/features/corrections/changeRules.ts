// Which sets the nurse may mark "registrert feil" or comment on from this app, and the
// words around it. The platform decides in the end (src/platform/fhir/interactions/
// setChanges.ts); the app offers only what it will accept, so a nurse is not sent to a
// refusal: a set this app wrote (its source is the app's client id) or one still on the
// device. A set from another system (Gerica, CosDoc) is corrected there.
import type { DeviceVitalSignsSet } from '../../../offline/api';

/** The set is this app's own (on the server under its client id, or not sent yet). */
export function isOwnSet(set: DeviceVitalSignsSet, clientId: string): boolean {
  return set.syncState !== 'confirmed' || set.sourceSystem === clientId;
}

export function canCorrect(set: DeviceVitalSignsSet, clientId: string): boolean {
  return !set.enteredInError && !set.localCorrection && isOwnSet(set, clientId);
}

/** Comments on a set that counts; a set marked wrong carries its reason instead. */
export function canComment(set: DeviceVitalSignsSet, clientId: string): boolean {
  return !set.enteredInError && isOwnSet(set, clientId);
}

/** Reasons a nurse picks most often; she may write her own. */
export const REASON_SUGGESTIONS = [
  'Feil pasient',
  'Skrivefeil i en verdi',
  'Feil tidspunkt',
  'Målt to ganger',
];

/** What marking a set wrong does, said before she confirms. */
export const CORRECTION_CONSEQUENCE =
  'Målingen teller da ikke lenger i NEWS2 nå, vanlige verdier, trender eller arbeidslisten, og NEWS2 for målingen trekkes tilbake. Den blir stående overstrøket i historikken med hvem som rettet og hvorfor.';

// Synthetic Norwegian fødselsnummer (national identity numbers) that can never be real.
//
// Format: DDMMYY + individnummer (3 digits) + two mod-11 control digits. The 9th digit is
// odd for men and even for women. Synthetic numbers follow Skatteetaten's convention for
// test persons (Tenor): 80 is added to the month, so the month field is 81–92, which no
// real person has. The control digits are computed as for a real number so that
// format validators accept them.

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

function controlDigit(digits: readonly number[], weights: readonly number[]): number | undefined {
  const sum = weights.reduce((acc, w, i) => acc + w * (digits[i] ?? 0), 0);
  const k = 11 - (sum % 11);
  if (k === 11) return 0;
  if (k === 10) return undefined; // this individnummer cannot be used with this date
  return k;
}

/** Control digits for the first nine digits, or undefined when no valid number exists. */
export function fnrControlDigits(firstNine: string): string | undefined {
  const digits = [...firstNine].map(Number);
  const k1 = controlDigit(digits, K1_WEIGHTS);
  if (k1 === undefined) return undefined;
  const k2 = controlDigit([...digits, k1], K2_WEIGHTS);
  if (k2 === undefined) return undefined;
  return `${k1}${k2}`;
}

/** True when the eleven digits carry valid mod-11 control digits. */
export function hasValidFnrControlDigits(fnr: string): boolean {
  return /^\d{11}$/.test(fnr) && fnrControlDigits(fnr.slice(0, 9)) === fnr.slice(9);
}

/** True when the number is in the synthetic (test person) series: month field 81–92. */
export function isSyntheticFnr(fnr: string): boolean {
  const month = Number(fnr.slice(2, 4));
  return hasValidFnrControlDigits(fnr) && month >= 81 && month <= 92;
}

/**
 * A synthetic fødselsnummer for a birth date in 1900–1999. `pickIndividual` supplies
 * candidate individnummer in 0–499 (the range for that century); candidates whose control
 * digits would be 10 are skipped, and so are numbers `isTaken` reports as already used.
 * The gender digit is forced to match `gender`.
 */
export function syntheticFnr(
  birthDate: string,
  gender: 'male' | 'female',
  pickIndividual: () => number,
  isTaken: (fnr: string) => boolean = () => false,
): string {
  const match = /^(19\d\d)-(\d\d)-(\d\d)$/.exec(birthDate);
  if (!match) throw new Error(`syntheticFnr: birth date must be 1900–1999 as YYYY-MM-DD, got ${birthDate}`);
  const [, year, month, day] = match as unknown as [string, string, string, string];
  const datePart = `${day}${String(Number(month) + 80)}${year.slice(2)}`;
  const candidate = (raw: number): string | undefined => {
    let individual = raw % 500;
    if ((individual % 2 === 1) !== (gender === 'male')) individual = (individual + 1) % 500;
    const firstNine = `${datePart}${String(individual).padStart(3, '0')}`;
    const control = fnrControlDigits(firstNine);
    const fnr = control === undefined ? undefined : `${firstNine}${control}`;
    return fnr !== undefined && !isTaken(fnr) ? fnr : undefined;
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    const fnr = candidate(pickIndividual());
    if (fnr) return fnr;
  }
  // Crowded date: take the first free number in order.
  for (let raw = 0; raw < 500; raw++) {
    const fnr = candidate(raw);
    if (fnr) return fnr;
  }
  throw new Error(`syntheticFnr: no valid number found for ${birthDate}`);
}

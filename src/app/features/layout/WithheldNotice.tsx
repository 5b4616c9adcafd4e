import { WITHHELD_TEXT } from '../../../core/fhir/withheld';

/**
 * Said in a section from which the server withheld items at the patient's request
 * (pasientrettighetsloven § 5-3, issue #12 point 7): what is shown is not the whole record.
 * Says nothing of what or how much.
 */
export function WithheldNotice() {
  return <p className="notice withheld">{WITHHELD_TEXT} (pasientrettighetsloven § 5-3).</p>;
}

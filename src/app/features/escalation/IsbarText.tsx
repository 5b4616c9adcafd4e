import { useState } from 'react';
import type { isbarSummary } from '../../../core/escalation/isbar';

const ISBAR_PARTS = [
  ['I', 'Identifikasjon', 'identifikasjon'],
  ['S', 'Situasjon', 'situasjon'],
  ['B', 'Bakgrunn', 'bakgrunn'],
  ['A', 'Aktuell vurdering', 'aktuellVurdering'],
  ['R', 'Råd/anbefaling', 'radAnbefaling'],
] as const;

/** The ISBAR text core made, part by part, to read out on the phone or copy. */
export function IsbarText(props: { isbar: ReturnType<typeof isbarSummary> }) {
  const [copied, setCopied] = useState<string>('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.isbar.text);
      setCopied('ISBAR-teksten er kopiert.');
    } catch {
      setCopied('Kunne ikke kopiere: merk teksten og kopier den selv.');
    }
  }
  return (
    <section className="isbar" aria-labelledby="isbar-heading">
      <h3 id="isbar-heading">ISBAR – det du sier i telefonen</h3>
      <dl className="isbar__parts">
        {ISBAR_PARTS.map(([letter, name, key]) => (
          <div key={letter} className="isbar__part">
            <dt>
              <span className="isbar__letter" aria-hidden="true">
                {letter}
              </span>{' '}
              {name}
            </dt>
            <dd>{props.isbar[key]}</dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={() => void copy()}>
        Kopier ISBAR-teksten
      </button>{' '}
      {/* A live region, not role=status: the result above has the one status (the set's sync state). */}
      <span aria-live="polite" className="muted">
        {copied}
      </span>
    </section>
  );
}

import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { LockState, OfflineClient } from '../../../offline/api';

/**
 * Patient data on the device are sealed under a key wrapped by the nurse's PIN. Until the
 * store is unlocked, nothing of any patient is shown.
 */
export function LockGate(props: {
  client: OfflineClient;
  /**
   * Mount the screens, hidden, while the PIN is asked at start: they read the store's
   * records and load their code meanwhile, so they show data sooner once it is accepted.
   * Only for screens that start nothing on their own: the device store gives them no
   * patient data (every section reads 'loading') and refuses writes until unlocked.
   */
  prepareWhileLocked?: boolean;
  /**
   * An online session whose deployment asks for the idle lock: the PIN protects this
   * session's memory only (nothing is on the device), and is asked again at the next launch.
   */
  sessionOnly?: boolean;
  children: ReactNode;
}) {
  const { client } = props;
  const [state, setState] = useState<LockState | null>(null);
  const [wasUnlocked, setWasUnlocked] = useState(false);
  const [prepared, setPrepared] = useState(false);
  useEffect(
    () =>
      client.watchLock((s) => {
        setState(s);
        if (s === 'unlocked') setWasUnlocked(true);
      }),
    [client],
  );
  const prepare = !!props.prepareWhileLocked && state === 'locked' && !wasUnlocked && !prepared;
  useEffect(() => {
    if (!prepare) return;
    // After the frame that paints the PIN prompt: the screens' first render must not
    // delay it.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setPrepared(true), 0)));
    return () => {
      cancelAnimationFrame(frame);
      if (timer) clearTimeout(timer);
    };
  }, [prepare]);
  if (state === null) return <p>{props.sessionOnly ? 'Starter økten …' : 'Åpner lagringen på enheten …'}</p>;
  // Locked while in use (idle lock), or at start once prepared: the screens are mounted
  // but hidden, so a half-typed measurement survives the lock. The element structure is
  // the same in every state, or React would remount the screens or the PIN form.
  const locked = state !== 'unlocked';
  const mounted = wasUnlocked || (prepared && !!props.prepareWhileLocked);
  return (
    <>
      {locked && (
        <PinForm client={client} setup={state === 'setup-required'} sessionOnly={!!props.sessionOnly} />
      )}
      <div hidden={locked}>{mounted ? props.children : null}</div>
    </>
  );
}

function PinForm(props: { client: OfflineClient; setup: boolean; sessionOnly: boolean }) {
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const problem = !/^\d{4,8}$/.test(pin)
      ? 'PIN-koden må være 4 til 8 sifre.'
      : props.setup && pin !== repeat
        ? 'PIN-kodene er ikke like.'
        : null;
    if (problem) {
      setError(problem);
      setPin('');
      setRepeat('');
      return;
    }
    setBusy(true);
    try {
      if (props.setup) await props.client.setupPin(pin);
      else if (!(await props.client.unlock(pin))) setError('Feil PIN-kode.');
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Kunne ikke åpne lagringen.');
    } finally {
      setBusy(false);
      setPin('');
      setRepeat('');
    }
  }

  return (
    <section className="card narrow" aria-labelledby="pin-heading">
      <h1 id="pin-heading">
        {props.setup
          ? props.sessionOnly
            ? 'Velg PIN-kode for denne økten'
            : 'Velg PIN-kode for denne enheten'
          : 'Skriv PIN-koden'}
      </h1>
      <p className="muted">
        {props.setup
          ? props.sessionOnly
            ? 'Ingen pasientdata lagres på enheten. PIN-koden låser opp denne økten når appen har vært ubrukt en stund.'
            : 'Pasientdata på enheten krypteres med en nøkkel som er beskyttet av PIN-koden.'
          : 'Appen er låst for å beskytte pasientdata.'}
      </p>
      <form onSubmit={submit} noValidate>
        <label htmlFor="pin">PIN-kode</label>
        <input
          id="pin"
          type="password"
          inputMode="numeric"
          autoComplete={props.setup ? 'new-password' : 'current-password'}
          value={pin}
          onChange={(e) => setPin(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'pin-error' : undefined}
        />
        {props.setup && (
          <>
            <label htmlFor="pin-repeat">Gjenta PIN-kode</label>
            <input
              id="pin-repeat"
              type="password"
              inputMode="numeric"
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
            />
          </>
        )}
        {error && (
          <p id="pin-error" className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {props.setup ? 'Lagre PIN-kode' : 'Lås opp'}
        </button>
      </form>
    </section>
  );
}

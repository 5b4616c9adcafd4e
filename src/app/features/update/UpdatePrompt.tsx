import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { isAnyFormDirty, subscribeDirtyForms } from '../../state/dirtyForms';
import { appVersion, compareVersions, fetchVersionInfo } from './minimumVersion';
import { takeOverWhenAgreed } from './takeOver';

type UpdateFn = (reloadPage?: boolean) => Promise<void>;
type Register = (opts: {
  immediate: boolean;
  onNeedRefresh: () => void;
  onNeedReload: () => void;
}) => UpdateFn;

// Set by main.tsx from `virtual:pwa-register`; absent in tests and without a service worker.
let register: Register | null = null;
export function provideServiceWorkerRegistration(fn: Register): void {
  register = fn;
}

/**
 * "Ny versjon er klar – Oppdater". The new service worker waits until the user agrees, and
 * never takes over while a form holds unsaved input. A release marked as a security update
 * is applied without asking, but still only when no form is dirty.
 */
export function UpdatePromptView(props: { dirty: boolean; securityUpdate: boolean; onUpdate: () => void }) {
  return (
    <div className="update" role="status" aria-live="polite">
      <p>
        <strong>Ny versjon er klar</strong>
        {props.securityUpdate && ' – sikkerhetsoppdatering'}
      </p>
      {props.dirty ? (
        <p>Lagre eller forkast målingen du holder på med, så kan appen oppdateres.</p>
      ) : (
        <button type="button" className="primary" onClick={props.onUpdate}>
          Oppdater
        </button>
      )}
    </div>
  );
}

export function UpdatePrompt() {
  const [needRefresh, setNeedRefresh] = useState(false);
  const [securityUpdate, setSecurityUpdate] = useState(false);
  const updateRef = useRef<{ agree: () => void } | null>(null);
  const dirty = useSyncExternalStore(subscribeDirtyForms, isAnyFormDirty);

  useEffect(() => {
    if (!register || updateRef.current) return;
    const takeOver = takeOverWhenAgreed({
      container: navigator.serviceWorker,
      reload: () => location.reload(),
      // Called only after the user agreed, long after register() below has returned.
      askLibrary: () => libraryUpdate(true),
      setInterval: (fn, ms) => window.setInterval(fn, ms),
      clearInterval: (h) => window.clearInterval(h as number),
    });
    updateRef.current = takeOver;
    const libraryUpdate = register({
      immediate: true,
      onNeedReload: takeOver.reloadOnce,
      onNeedRefresh: () => {
        setNeedRefresh(true);
        void fetchVersionInfo(location.origin, localStorage).then((info) =>
          setSecurityUpdate(!!info?.securityUpdate && compareVersions(info.version, appVersion) > 0),
        );
      },
    });
  }, []);

  useEffect(() => {
    if (needRefresh && securityUpdate && !dirty) updateRef.current?.agree();
  }, [needRefresh, securityUpdate, dirty]);

  if (!needRefresh) return null;
  return (
    <UpdatePromptView
      dirty={dirty}
      securityUpdate={securityUpdate}
      onUpdate={() => {
        if (!isAnyFormDirty()) updateRef.current?.agree();
      }}
    />
  );
}

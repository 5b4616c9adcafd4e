import { Outlet, createRootRoute } from '@tanstack/react-router';
import { useEffect } from 'react';
import { AppHeader } from '../features/layout/AppHeader';
import { UpdatePrompt } from '../features/update/UpdatePrompt';
import { useApp } from '../state/appContext';

export const Route = createRootRoute({ component: RootLayout });

function RootLayout() {
  const { client } = useApp();
  // The device store locks itself after a quiet spell; any touch or key keeps it open.
  useEffect(() => {
    if (!client) return;
    const note = () => client.noteActivity();
    const events = ['pointerdown', 'keydown'] as const;
    for (const e of events) window.addEventListener(e, note, { passive: true });
    return () => {
      for (const e of events) window.removeEventListener(e, note);
    };
  }, [client]);
  return (
    <>
      <a className="skip-link" href="#main">
        Hopp til hovedinnhold
      </a>
      <AppHeader />
      <UpdatePrompt />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

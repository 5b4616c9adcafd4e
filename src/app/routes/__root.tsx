import { Outlet, createRootRouteWithContext, useRouter } from '@tanstack/react-router';
import { useEffect } from 'react';
import { AppHeader } from '../features/layout/AppHeader';
import { focusPageHeading } from '../features/layout/focusPageHeading';
import { UpdatePrompt } from '../features/update/UpdatePrompt';
import type { RouterContext } from '../router';
import { useApp } from '../state/appContext';

export const Route = createRootRouteWithContext<RouterContext>()({ component: RootLayout });

function RootLayout() {
  const { client } = useApp();
  const router = useRouter();
  // Not on the first load (fromLocation is absent): the browser starts at the top of a new
  // document itself, and focus must not jump away from where the user already is.
  useEffect(
    () =>
      router.subscribe('onRendered', (e) => {
        if (e.fromLocation && e.pathChanged) focusPageHeading();
      }),
    [router],
  );
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

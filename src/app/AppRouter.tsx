import { RouterProvider } from '@tanstack/react-router';
import { useEffect, useMemo, useRef } from 'react';
import type { createAppRouter } from './router';
import { useApp } from './state/appContext';

/**
 * The router under AppProvider: the app state is the router's context, so the route guards
 * (`beforeLoad` in src/app/routes and -routeGuards.ts) decide from it. A login, a logout or a
 * patient chosen elsewhere changes what the guards allow, so they run again then.
 */
export function AppRouter({ router }: { router: ReturnType<typeof createAppRouter> }) {
  const app = useApp();
  const first = useRef(true);
  // Only what the guards read: a refreshed token (a new session object) must not reload
  // the screens.
  const guardKey = `${app.session?.kind ?? '-'}|${app.patientId ?? '-'}|${app.blocked ? 1 : 0}`;
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void router.invalidate();
  }, [router, guardKey]);
  const context = useMemo(() => ({ app }), [app]);
  return <RouterProvider router={router} context={context} />;
}

import { createRouter } from '@tanstack/react-router';
import { routeTree } from './routeTree.gen';
import type { AppState } from './state/appContext';

/**
 * What every route's `beforeLoad` sees. The app state lives in React (AppProvider); the
 * RouterProvider hands the current one in (`AppRouter` below `AppProvider`), and the guards
 * run again whenever the session or the chosen patient changes.
 */
export interface RouterContext {
  app: AppState;
}

export function createAppRouter(opts: Partial<Parameters<typeof createRouter>[0]> = {}) {
  return createRouter({
    routeTree,
    defaultPreload: 'intent',
    scrollRestoration: true,
    // Replaced by the RouterProvider's context before the first load.
    context: { app: undefined! },
    ...opts,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}

import { Outlet, createRootRoute } from '@tanstack/react-router';
import { AppHeader } from '../features/layout/AppHeader';
import { UpdatePrompt } from '../features/update/UpdatePrompt';

export const Route = createRootRoute({ component: RootLayout });

function RootLayout() {
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

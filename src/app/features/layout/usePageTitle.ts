import { useEffect } from 'react';

/** Page titles name the screen only: no patient data in titles (DOMAIN.md section 7, risk 12). */
export function usePageTitle(screen: string): void {
  useEffect(() => {
    document.title = `${screen} – Varde`;
  }, [screen]);
}

/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/vanillajs" />

/** package.json version, injected by vite.config.ts. */
declare const __APP_VERSION__: string;

interface ImportMetaEnv {
  /** Comma-separated `Name=FHIR base URL` pairs; see src/app/config/appConfig.ts. */
  readonly VITE_FHIR_BASES?: string;
  readonly VITE_CLIENT_ID?: string;
}

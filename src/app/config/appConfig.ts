// Where the app finds its FHIR servers. Three sources, first match wins:
//   1. `/config.json` next to index.html (deploy-time, no rebuild):
//        { "clientId": "varde",
//          "municipalities": [{ "name": "Bergen", "fhirBase": "https://fhir.example/fhir/4601" }] }
//   2. `VITE_FHIR_BASES` at build time: "Bergen=https://x/fhir/4601,Stavanger=/fhir/1103"
//   3. the reference platform at the same origin: /fhir/4601 (Bergen), /fhir/1103 (Stavanger).
// `/config.json` may also say how an EHR launch keeps its data (`ehrLaunch`, ehrLaunchOf below).
// Each FHIR base publishes its own `.well-known/smart-configuration`, so the auth server
// follows from the FHIR base. Only listed bases are accepted as a launch `iss`: an EHR
// launch link naming any other server is refused, so tokens never go to a stranger.
// zod/mini: the same checks as classic zod at a fraction of the first screen's bytes.
import { z } from 'zod/mini';

export interface Municipality {
  name: string;
  /** Absolute FHIR base URL, without a trailing slash. */
  fhirBase: string;
}

/**
 * How an EHR launch (the legevakt desktop) keeps patient data, per deployment
 * (`/config.json` "ehrLaunch"; issue #12 point 3). Standalone use always has the device store.
 * - store 'memory' (default): an online session; patient data in the page's memory only,
 *   nothing sealed on the device. 'device': the encrypted device store, as on a tablet.
 * - lock 'epj' (default): the EPJ's session governs locking: no PIN and no idle lock.
 *   'idle': a PIN chosen for the session and the idle lock. The device store always has
 *   both (its PIN protects what is at rest), whatever this says.
 */
export interface EhrLaunchConfig {
  store: 'memory' | 'device';
  lock: 'epj' | 'idle';
}

export const DEFAULT_EHR_LAUNCH: EhrLaunchConfig = { store: 'memory', lock: 'epj' };

export interface AppConfig {
  clientId: string;
  municipalities: Municipality[];
  /** From `/config.json`; absent: DEFAULT_EHR_LAUNCH (read it with ehrLaunchOf). */
  ehrLaunch?: Partial<EhrLaunchConfig>;
}

/** The deployment's EHR-launch storage, defaults filled in; 'device' always locks when idle. */
export function ehrLaunchOf(config: Pick<AppConfig, 'ehrLaunch'>): EhrLaunchConfig {
  const store = config.ehrLaunch?.store ?? DEFAULT_EHR_LAUNCH.store;
  return { store, lock: store === 'device' ? 'idle' : (config.ehrLaunch?.lock ?? DEFAULT_EHR_LAUNCH.lock) };
}

const nonEmpty = () => z.string().check(z.minLength(1));
const fileSchema = z.object({
  clientId: z.optional(nonEmpty()),
  municipalities: z.array(z.object({ name: nonEmpty(), fhirBase: nonEmpty() })).check(z.minLength(1)),
  ehrLaunch: z.optional(
    z.object({
      store: z.optional(z.enum(['memory', 'device'])),
      lock: z.optional(z.enum(['epj', 'idle'])),
    }),
  ),
});

export const defaultMunicipalities: Municipality[] = [
  { name: 'Bergen', fhirBase: '/fhir/4601' },
  { name: 'Stavanger', fhirBase: '/fhir/1103' },
];

function absolute(base: string, origin: string): string {
  return new URL(base, origin).href.replace(/\/+$/, '');
}

export function parseFhirBasesEnv(value: string | undefined): Municipality[] | undefined {
  if (!value?.trim()) return undefined;
  const list = value
    .split(',')
    .map((pair) => pair.split('='))
    .filter((p) => p.length >= 2)
    .map(([name, ...url]) => ({ name: name.trim(), fhirBase: url.join('=').trim() }))
    .filter((m) => m.name && m.fhirBase);
  return list.length ? list : undefined;
}

export async function loadConfig(opts: {
  origin: string;
  env: { VITE_FHIR_BASES?: string; VITE_CLIENT_ID?: string };
  fetchFn?: typeof fetch;
}): Promise<AppConfig> {
  const fetchFn = opts.fetchFn ?? fetch;
  let fromFile: z.infer<typeof fileSchema> | undefined;
  try {
    const res = await fetchFn(new URL('/config.json', opts.origin).href, { cache: 'no-cache' });
    const type = res.headers.get('content-type') ?? '';
    // A server without the file may answer with the SPA's index.html: not a config.
    if (res.ok && type.includes('json')) fromFile = fileSchema.parse(await res.json());
  } catch (e) {
    if (e instanceof z.core.$ZodError) throw new Error(`config.json er ugyldig: ${e.message}`);
    // Offline or absent: fall through to build-time configuration.
  }
  const municipalities =
    fromFile?.municipalities ?? parseFhirBasesEnv(opts.env.VITE_FHIR_BASES) ?? defaultMunicipalities;
  return {
    clientId: fromFile?.clientId ?? opts.env.VITE_CLIENT_ID ?? 'varde',
    municipalities: municipalities.map((m) => ({
      name: m.name,
      fhirBase: absolute(m.fhirBase, opts.origin),
    })),
    ...(fromFile?.ehrLaunch ? { ehrLaunch: fromFile.ehrLaunch } : {}),
  };
}

/** The configured municipality for a launch's `iss`, or undefined when it is not one of ours. */
export function municipalityForIss(config: AppConfig, iss: string): Municipality | undefined {
  const wanted = iss.replace(/\/+$/, '');
  return config.municipalities.find((m) => m.fhirBase === wanted);
}

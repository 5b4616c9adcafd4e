// Where the app finds its FHIR servers. Three sources, first match wins:
//   1. `/config.json` next to index.html (deploy-time, no rebuild):
//        { "clientId": "varde",
//          "municipalities": [{ "name": "Bergen", "fhirBase": "https://fhir.example/fhir/4601" }] }
//   2. `VITE_FHIR_BASES` at build time: "Bergen=https://x/fhir/4601,Stavanger=/fhir/1103"
//   3. the reference platform at the same origin: /fhir/4601 (Bergen), /fhir/1103 (Stavanger).
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

export interface AppConfig {
  clientId: string;
  municipalities: Municipality[];
}

const nonEmpty = () => z.string().check(z.minLength(1));
const fileSchema = z.object({
  clientId: z.optional(nonEmpty()),
  municipalities: z.array(z.object({ name: nonEmpty(), fhirBase: nonEmpty() })).check(z.minLength(1)),
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
  };
}

/** The configured municipality for a launch's `iss`, or undefined when it is not one of ours. */
export function municipalityForIss(config: AppConfig, iss: string): Municipality | undefined {
  const wanted = iss.replace(/\/+$/, '');
  return config.municipalities.find((m) => m.fhirBase === wanted);
}

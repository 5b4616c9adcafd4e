// The oldest client the platform still accepts. Source: `/app-version.json` at the app's
// origin, deployed with each build (public/app-version.json) and fetched past every cache:
//   { "version": "0.2.0", "minimumClientVersion": "0.2.0", "securityUpdate": true }
// An old client learns from the new deployment's file that it is too old and refuses to
// show patient data (DOMAIN.md section 7, risk 17). The last answer is remembered, so a
// client that went offline after learning it is too old stays blocked.
import { z } from 'zod/mini';

const schema = z.object({
  version: z.string(),
  minimumClientVersion: z.string(),
  securityUpdate: z.optional(z.boolean()),
});

export type AppVersionInfo = z.infer<typeof schema>;

/** Numeric x.y.z comparison; pre-release tags are ignored. Small enough not to need a library. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) =>
    v
      .split('-')[0]
      .split('.')
      .map((n) => Number.parseInt(n, 10) || 0);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

const rememberedKey = 'varde.minimumClientVersion';

export async function fetchVersionInfo(
  origin: string,
  storage: Storage,
  fetchFn: typeof fetch = fetch,
): Promise<AppVersionInfo | undefined> {
  try {
    const res = await fetchFn(new URL('/app-version.json', origin).href, { cache: 'no-store' });
    if (res.ok && (res.headers.get('content-type') ?? '').includes('json')) {
      const info = schema.parse(await res.json());
      storage.setItem(rememberedKey, JSON.stringify(info));
      return info;
    }
  } catch {
    // Offline or malformed: use what we learnt last time.
  }
  const remembered = storage.getItem(rememberedKey);
  if (!remembered) return undefined;
  const parsed = schema.safeParse(JSON.parse(remembered));
  return parsed.success ? parsed.data : undefined;
}

/** A reason to refuse patient data, or null when this client is new enough. */
export function blockedReason(current: string, info: AppVersionInfo | undefined): { reason: string } | null {
  if (!info || compareVersions(current, info.minimumClientVersion) >= 0) return null;
  return {
    reason: `Versjon ${current} er for gammel. Laveste tillatte versjon er ${info.minimumClientVersion}.`,
  };
}

export const appVersion: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0';

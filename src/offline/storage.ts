// Storage durability: ask the browser to keep our data, and say honestly when it may not.
// Safari in a tab (not added to the home screen) deletes script-writable storage after
// 7 days without use (WebKit "Full Third-Party Cookie Blocking and More", 2020), and
// navigator.storage.persist() is not honoured there, so unsent writes are at risk.
import type { StorageInfo } from './api';

interface NavigatorLike {
  userAgent?: string;
  platform?: string;
  maxTouchPoints?: number;
  standalone?: boolean;
  storage?: Pick<StorageManager, 'estimate' | 'persisted' | 'persist'>;
}

function nav(): NavigatorLike | undefined {
  return typeof navigator === 'undefined' ? undefined : (navigator as unknown as NavigatorLike);
}

/** Safari (or any iOS browser, all WebKit) running in a tab rather than installed. */
export function evictionRisk(n: NavigatorLike | undefined = nav(), standalone = isStandalone(n)): boolean {
  if (!n?.userAgent) return false;
  const ua = n.userAgent;
  const iOS = /iPhone|iPad|iPod/.test(ua) || (n.platform === 'MacIntel' && (n.maxTouchPoints ?? 0) > 1);
  const safari = /Safari\//.test(ua) && !/Chrome\/|Chromium\/|Edg\/|Firefox\//.test(ua);
  return (iOS || safari) && !standalone;
}

function isStandalone(n: NavigatorLike | undefined): boolean {
  if (n?.standalone) return true;
  return typeof matchMedia === 'function' && matchMedia('(display-mode: standalone)').matches;
}

/** Asks for persistent storage once; browsers may grant it silently or refuse. */
export async function requestPersistence(n: NavigatorLike | undefined = nav()): Promise<boolean> {
  try {
    if (!n?.storage?.persist) return false;
    if (await n.storage.persisted()) return true;
    return await n.storage.persist();
  } catch {
    return false;
  }
}

export async function storageInfo(n: NavigatorLike | undefined = nav()): Promise<StorageInfo> {
  let usageBytes: number | undefined;
  let quotaBytes: number | undefined;
  let persisted = false;
  try {
    const est = await n?.storage?.estimate?.();
    usageBytes = est?.usage;
    quotaBytes = est?.quota;
    persisted = (await n?.storage?.persisted?.()) ?? false;
  } catch {
    // Unknown usage is shown as unknown.
  }
  return { usageBytes, quotaBytes, persisted, evictionRisk: evictionRisk(n) };
}

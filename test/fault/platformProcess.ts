// The platform as a separate process, so a test can kill it with SIGKILL mid-write.
// Env: VARDE_FAULT_DATA_DIR (PGlite folder) or VARDE_FAULT_DATABASE_URL, VARDE_FAULT_SEED=1
// to load the fixtures (first start only), VARDE_FAULT_SMART=1 with the SMART server and
// VARDE_FAULT_PUBLIC_URL as its public address. Prints "READY <url>" when listening.
import { startPlatform } from './platformFixture';

const running = await startPlatform({
  dataDir: process.env.VARDE_FAULT_DATA_DIR || undefined,
  databaseUrl: process.env.VARDE_FAULT_DATABASE_URL || undefined,
  seed: process.env.VARDE_FAULT_SEED === '1',
  smart: process.env.VARDE_FAULT_SMART === '1',
  publicUrl: process.env.VARDE_FAULT_PUBLIC_URL || undefined,
});
process.stdout.write(`READY ${running.url}\n`);

// The platform as a separate process, so a test can kill it with SIGKILL mid-write.
// Env: VARDE_FAULT_DATA_DIR (PGlite folder) or VARDE_FAULT_DATABASE_URL, VARDE_FAULT_SEED=1
// to load the fixtures (first start only). Prints "READY <url>" when listening.
import { startPlatform } from './platformFixture';

const running = await startPlatform({
  dataDir: process.env.VARDE_FAULT_DATA_DIR || undefined,
  databaseUrl: process.env.VARDE_FAULT_DATABASE_URL || undefined,
  seed: process.env.VARDE_FAULT_SEED === '1',
});
process.stdout.write(`READY ${running.url}\n`);

import { chmodSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * Gives the run its own temporary directory: TMPDIR of the tests and of every program they start.
 * Runs side by side (several checkouts on one machine) never see each other's directories, and
 * test/global-teardown.ts can tell exactly what this run left behind.
 */
export default function globalSetup(): void {
  const dir = mkdtempSync(join(tmpdir(), 'labstack-test-run-'));
  // Open like /tmp: as root, PostgreSQL's server runs as the postgres user and must reach its directory.
  chmodSync(dir, 0o1777);
  process.env.LABSTACK_TEST_RUN_TMPDIR = dir;
  process.env.TMPDIR = dir;
}

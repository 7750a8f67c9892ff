import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * Temporary directories for tests: labstack-<purpose>-XXXXXX in the run's own temporary directory
 * (test/global-setup.ts), removed after the tests of the file that created them, whether they
 * passed or not. test/global-teardown.ts fails the run when one is left behind.
 *
 * The afterAll below is registered when a test file imports this module, so it runs after that
 * file's tests and before the file's own afterAll hooks: a test that runs a server in a directory
 * creates it with mkdtempSync and removes it in its own afterAll, after stopping the server.
 */
const created: string[] = [];

afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function temporaryDirectory(purpose: string): string {
  const dir = mkdtempSync(join(tmpdir(), `labstack-${purpose}-`));
  created.push(dir);
  return dir;
}

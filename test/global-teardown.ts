import { readdirSync, rmSync } from 'fs';

/**
 * Removes the run's temporary directory (test/global-setup.ts) and fails the run when a test left
 * one of its own directories (labstack-*) in it: each test removes what it creates, also when it
 * fails (test/temporary.ts).
 */
export default function globalTeardown(): void {
  const dir = process.env.LABSTACK_TEST_RUN_TMPDIR!;
  const left = readdirSync(dir).filter((name) => name.startsWith('labstack-'));
  rmSync(dir, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(
      `the tests left ${left.length} temporary director${left.length === 1 ? 'y' : 'ies'} behind: ${left.join(', ')}; ` +
        'create them with temporaryDirectory() of test/temporary.ts, or remove them in an afterAll',
    );
  }
}

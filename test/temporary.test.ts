import { existsSync, mkdirSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import globalSetup from './global-setup';
import globalTeardown from './global-teardown';

describe("the run's temporary directory (jest globalSetup and globalTeardown)", () => {
  const outer = { TMPDIR: process.env.TMPDIR, LABSTACK_TEST_RUN_TMPDIR: process.env.LABSTACK_TEST_RUN_TMPDIR };
  afterEach(() => Object.assign(process.env, outer));

  test('is the TMPDIR of this run', () => {
    expect(tmpdir()).toBe(outer.LABSTACK_TEST_RUN_TMPDIR);
  });

  test('is made open like /tmp, becomes TMPDIR, and is removed at the end with what is in it', () => {
    globalSetup();
    const run = process.env.LABSTACK_TEST_RUN_TMPDIR!;
    expect(process.env.TMPDIR).toBe(run);
    expect(dirname(run)).toBe(tmpdir());
    expect(statSync(run).mode & 0o7777).toBe(0o1777);
    mkdirSync(join(run, 'tsx-0'));
    globalTeardown();
    expect(existsSync(run)).toBe(false);
  });

  test('fails the run, naming them, when tests left directories of their own behind', () => {
    globalSetup();
    const run = process.env.LABSTACK_TEST_RUN_TMPDIR!;
    mkdirSync(join(run, 'labstack-forgotten-1'));
    expect(() => globalTeardown()).toThrow('the tests left 1 temporary directory behind: labstack-forgotten-1; ');
    expect(existsSync(run)).toBe(false);
  });
});

import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// The OpenEM jobs' scripts run here with stand-in `python` and `prefect` commands that record
// their arguments (the config and runtime images are not available on a test machine): the
// tests check the order of the steps, the waiting, and that running again is harmless.
const SCRIPTS = join(__dirname, '..', 'scripts', 'openem');
const POOLS = 'archival-kubernetes-workpool retrieval-kubernetes-workpool';

function sandbox() {
  const dir = mkdtempSync(join(tmpdir(), 'labstack-openem-'));
  const bin = join(dir, 'bin');
  const log = join(dir, 'calls.log');
  mkdirSync(bin);
  mkdirSync(join(dir, 'pools'));
  mkdirSync(join(dir, 'flows'));
  // python -c <readiness check> succeeds once $SANDBOX/ready exists; python <script> is recorded.
  writeFileSync(
    join(bin, 'python'),
    `#!/bin/sh\nif [ "$1" = -c ]; then [ -e "${dir}/ready" ]; exit; fi\necho "python $*" >> "${log}"\n`,
  );
  // prefect work-pool create records and creates the pool; inspect succeeds when it exists.
  writeFileSync(
    join(bin, 'prefect'),
    [
      '#!/bin/sh',
      `case "$1 $2" in`,
      `  "work-pool inspect") [ -e "${dir}/pools/$3" ]; exit ;;`,
      `  "work-pool create") touch "${dir}/pools/$3" ;;`,
      'esac',
      `echo "prefect $* (in $(pwd))" >> "${log}"`,
      '',
    ].join('\n'),
  );
  chmodSync(join(bin, 'python'), 0o755);
  chmodSync(join(bin, 'prefect'), 0o755);
  const run = (script: string, env: Record<string, string> = {}) =>
    spawnSync('/bin/sh', [join(SCRIPTS, script)], {
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        PREFECT_API_URL: 'http://prefect-server:4200/api',
        WORK_POOLS: POOLS,
        PREFECT_FILE: '/etc/prefect/prefect.yaml',
        FLOWS_DIR: join(dir, 'flows'),
        PREFECT_WAIT_SECONDS: '0',
        POOL_WAIT_SECONDS: '0',
        ...env,
      },
      encoding: 'utf8',
    });
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
  const serverReady = () => writeFileSync(join(dir, 'ready'), '');
  return { dir, run, calls, serverReady };
}

describe('OpenEM configuration job script (stand-in python and prefect)', () => {
  test('registers variables, secret blocks and limits with config.py, then creates or overwrites each kubernetes pool', () => {
    const { run, calls, serverReady } = sandbox();
    serverReady();
    const result = run('configure.sh');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const [config, ...pools] = calls();
    expect(config).toBe(
      'python /config.py -v /var/local/vars.toml -s S3_USER_FILE S3_PASSWORD_FILE GITHUB_USER_FILE GITHUB_PASSWORD_FILE SCICAT_USER_FILE SCICAT_PASSWORD_FILE -l /var/local/concurrency-limits.toml',
    );
    expect(pools.map((c) => c.replace(/ \(in .*\)$/, ''))).toEqual(
      POOLS.split(' ').map((p) => `prefect work-pool create ${p} --type kubernetes --base-job-template /var/local/pools/${p}/baseJobTemplate.json --overwrite`),
    );
  });

  test('running it again repeats the same overwriting steps and succeeds', () => {
    const { run, calls, serverReady } = sandbox();
    serverReady();
    expect(run('configure.sh').status).toBe(0);
    const first = calls();
    expect(run('configure.sh').status).toBe(0);
    expect(calls()).toEqual([...first, ...first]);
  });

  test('waits for the Prefect server and fails clearly when it never becomes ready', () => {
    const { run, calls } = sandbox();
    const result = run('configure.sh');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('the Prefect server at http://prefect-server:4200/api was not ready within 0s');
    expect(calls()).toEqual([]);
  });

  test('fails clearly when a setting is missing', () => {
    const { run } = sandbox();
    const result = run('configure.sh', { WORK_POOLS: '' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('environment variable WORK_POOLS is not set');
  });
});

describe('OpenEM flow deployment job script (stand-in prefect)', () => {
  test('does not deploy before the configuration job has created the pools', () => {
    const { run, calls, serverReady } = sandbox();
    serverReady();
    const result = run('deploy-flows.sh');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('work pool archival-kubernetes-workpool does not exist; did the configuration job fail?');
    expect(calls()).toEqual([]);
  });

  test('after the configuration job, deploys every flow of prefect.yaml from the flows directory', () => {
    const { dir, run, calls, serverReady } = sandbox();
    serverReady();
    expect(run('configure.sh').status).toBe(0);
    const result = run('deploy-flows.sh');
    expect(result.status).toBe(0);
    expect(calls().pop()).toBe(`prefect --no-prompt deploy --all --prefect-file /etc/prefect/prefect.yaml (in ${join(dir, 'flows')})`);
  });
});

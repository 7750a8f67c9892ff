import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ARCHIVER_CONFIG, ARCHIVER_WORKFLOW } from '../charts/openem.images';
import { EVERYTHING_ACME, fixture } from './fixtures';
import { envOf, render } from './helpers';
import { installStandIn } from './stand-ins';
import { temporaryDirectory } from './temporary';

// The OpenEM jobs' scripts run here with the environment the rendered Jobs give them and with
// stand-in `python` and `prefect` commands (the config and runtime images are not available on a
// test machine) that refuse, as the real programs would, a command, an option or a missing
// variable their images' contracts do not allow; then they record the call.
const SCRIPTS = join(__dirname, '..', 'scripts', 'openem');
const POOLS = 'archival-kubernetes-workpool retrieval-kubernetes-workpool';
const objects = render(fixture(EVERYTHING_ACME, 'acme'));
const jobEnv = (prefix: string) => envOf(objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith(`${prefix}-`))!.spec.template.spec.containers[0]);

function sandbox() {
  const dir = temporaryDirectory('openem');
  const bin = join(dir, 'bin');
  const log = join(dir, 'calls.log');
  for (const sub of ['bin', 'pools', 'flows', 'secrets']) mkdirSync(join(dir, sub));
  // python -c <readiness check> succeeds once $SANDBOX/ready exists (the image's Python runs it).
  installStandIn(bin, 'python', ARCHIVER_CONFIG, { log, before: `if [ "$1" = -c ]; then [ -e "${dir}/ready" ]; exit; fi` });
  // work-pool create creates the pool; inspect succeeds when it exists.
  const prefect = (contract: typeof ARCHIVER_CONFIG) =>
    installStandIn(bin, 'prefect', contract, {
      log,
      behaviour: [`case "$1 $2" in`, `  "work-pool inspect") [ -e "${dir}/pools/$3" ]; exit ;;`, `  "work-pool create") touch "${dir}/pools/$3" ;;`, 'esac'].join('\n'),
    });
  // The rendered Jobs' variables, with the mounted files (secrets, settings) in the sandbox.
  const files = (env: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(env).map(([name, value]) => {
        if (!value.startsWith('/run/secrets/') && !value.startsWith('/var/local/')) return [name, value];
        const file = join(dir, 'secrets', name);
        writeFileSync(file, 'value');
        return [name, file];
      }),
    );
  const run = (script: 'configure.sh' | 'deploy-flows.sh', env: Record<string, string> = {}) => {
    prefect(script === 'configure.sh' ? ARCHIVER_CONFIG : ARCHIVER_WORKFLOW);
    const rendered = files(jobEnv(script === 'configure.sh' ? 'prefect-config' : 'prefect-flows'));
    return spawnSync('/bin/sh', [join(SCRIPTS, script)], {
      env: { PATH: `${bin}:${process.env.PATH}`, ...rendered, FLOWS_DIR: join(dir, 'flows'), PREFECT_WAIT_SECONDS: '0', POOL_WAIT_SECONDS: '0', ...env },
      encoding: 'utf8',
    });
  };
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
  const serverReady = () => writeFileSync(join(dir, 'ready'), '');
  return { dir, run, calls, serverReady };
}

describe('OpenEM configuration job script (with the rendered Job\'s environment)', () => {
  test('registers variables and secret blocks with config.py, then creates or overwrites each kubernetes pool', () => {
    const { dir, run, calls, serverReady } = sandbox();
    serverReady();
    const result = run('configure.sh');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const [config, ...pools] = calls().map((c) => c.replace(/ \(in .*\)$/, ''));
    expect(config).toBe(`python /config.py -v ${join(dir, 'secrets', 'VARIABLES_FILE')} -s S3_USER_FILE S3_PASSWORD_FILE SCICAT_USER_FILE SCICAT_PASSWORD_FILE`);
    expect(pools).toEqual(
      POOLS.split(' ').map((p) => `prefect work-pool create ${p} --type kubernetes --base-job-template /var/local/pools/${p}/baseJobTemplate.json --overwrite`),
    );
  });

  test('config.py gets the S3 endpoints it registers as Prefect variables (the contract requires S3_EXTERNAL_ENDPOINT)', () => {
    const { run, serverReady } = sandbox();
    serverReady();
    const result = run('configure.sh', { S3_EXTERNAL_ENDPOINT: '' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('environment variable S3_EXTERNAL_ENDPOINT is not set');
  });

  test('the stand-ins refuse what the images would refuse', () => {
    const { dir, run, serverReady } = sandbox();
    serverReady();
    writeFileSync(join(dir, 'configure.sh'), readFileSync(join(SCRIPTS, 'configure.sh'), 'utf8').replace('-s S3_USER_FILE', '--secret-files S3_USER_FILE'));
    for (const helper of ['lib.sh', 'wait-for-prefect.sh']) writeFileSync(join(dir, helper), readFileSync(join(SCRIPTS, helper)));
    const result = spawnSync('/bin/sh', [join(dir, 'configure.sh')], { env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}`, ...jobEnv('prefect-config'), PREFECT_WAIT_SECONDS: '0' }, encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('python (stand-in): python /config.py has no option --secret-files');
    expect(run('configure.sh').status).toBe(0);
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

describe('OpenEM flow deployment job script (with the rendered Job\'s environment)', () => {
  test('does not deploy before the configuration job has created the pools', () => {
    const { run, calls, serverReady } = sandbox();
    serverReady();
    const result = run('deploy-flows.sh');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('work pool archival-kubernetes-workpool does not exist; did the configuration job fail?');
    expect(calls().map((c) => c.replace(/ \(in .*\)$/, ''))).toEqual(['prefect work-pool inspect archival-kubernetes-workpool']);
  });

  test('after the configuration job, deploys every flow of prefect.yaml from the flows directory', () => {
    const { dir, run, calls, serverReady } = sandbox();
    serverReady();
    expect(run('configure.sh').status).toBe(0);
    const result = run('deploy-flows.sh');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(calls().pop()).toBe(`prefect --no-prompt deploy --all --prefect-file /etc/prefect/prefect.yaml (in ${join(dir, 'flows')})`);
  });
});

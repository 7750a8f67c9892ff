import { ChildProcess, execFileSync, spawn } from 'child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { EVERYTHING_ACME, fixture } from './fixtures';
import { find, render } from './helpers';
import { requirePrograms } from './programs';
import { freePort } from './registry-server';

/**
 * Sticky Pi's API pod run for real on loopback: Debian's uWSGI (with its python3 plugin) with the
 * rendered command line, behind Debian's nginx with the rendered gateway configuration and a main
 * configuration shaped like the nginx-unprivileged image's (pid and temp files in /tmp, conf.d
 * included). The application is a stand-in that answers like Flask's routing: GET on a POST-only
 * route is 405. Ports are moved to free ones; nothing else of the rendering is changed.
 */
const programs = requirePrograms(['nginx', 'uwsgi', 'python3_plugin.so']);
const work = mkdtempSync(join(tmpdir(), 'labstack-gateway-'));
const objects = render(fixture(EVERYTHING_ACME, 'acme'));
const pod = find(objects, 'Deployment', 'api', 'sticky-pi').spec.template.spec;
const app = pod.containers.find((c: any) => c.name === 'app');
const gatewayConfig: string = find(objects, 'ConfigMap', 'api-gateway', 'sticky-pi').data['default.conf'];
const processes: ChildProcess[] = [];

afterAll(async () => {
  // SIGTERM: nginx's master stops its workers too (SIGKILL would leave them behind).
  const running = processes.filter((p) => p.exitCode === null && p.signalCode === null);
  running.forEach((p) => p.kill('SIGTERM'));
  await Promise.all(running.map((p) => Promise.race([exited(p), new Promise((r) => setTimeout(r, 5000).unref())])));
  running.filter((p) => p.exitCode === null && p.signalCode === null).forEach((p) => p.kill('SIGKILL'));
  rmSync(work, { recursive: true, force: true });
}, 30000);

const APP = `
def app(environ, start_response):
    if environ['PATH_INFO'] == '/get_token' and environ['REQUEST_METHOD'] != 'POST':
        start_response('405 METHOD NOT ALLOWED', [('Content-Type', 'text/plain')])
        return [b'method not allowed']
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [b'sticky pi']
`;

/** uWSGI with the rendered command line, its socket and directory moved into the test. */
function startUwsgi(dir: string, socketPort: number, appFile = 'app.py'): ChildProcess {
  const command: string[] = [...app.command];
  const args = command.slice(1).map((arg, i, all) => (all[i - 1] === '--chdir' ? dir : all[i - 1] === '--socket' ? `127.0.0.1:${socketPort}` : all[i - 1] === '--wsgi-file' ? appFile : arg));
  const child = spawn(programs.uwsgi, ['--plugin', 'python3', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  (child as any).log = () => log;
  processes.push(child);
  return child;
}

/** Polls for up to 30 s: the machine may be busy with the other test files. */
async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

test('uWSGI accepts the rendered options, and the gateway\'s readiness goes through it into the application', async () => {
  const dir = join(work, 'live');
  mkdirSync(join(dir, 'conf', 'conf.d'), { recursive: true });
  mkdirSync(join(dir, 'tmp'));
  writeFileSync(join(dir, 'app.py'), APP);
  const [httpPort, socketPort] = [await freePort(), await freePort()];
  // The image's main configuration, as the contract of nginx-unprivileged describes it.
  writeFileSync(
    join(dir, 'conf', 'nginx.conf'),
    [
      `pid ${dir}/tmp/nginx.pid;`,
      `error_log ${dir}/tmp/error.log;`,
      'worker_processes 1;',
      'events { worker_connections 64; }',
      'http {',
      `  access_log ${dir}/tmp/access.log;`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/tmp/${t}_temp;`),
      '  include conf.d/*.conf;',
      '}',
      '',
    ].join('\n'),
  );
  copyFileSync('/etc/nginx/uwsgi_params', join(dir, 'conf', 'uwsgi_params'));
  writeFileSync(join(dir, 'conf', 'conf.d', 'default.conf'), gatewayConfig.replace('listen 8000;', `listen 127.0.0.1:${httpPort};`).replace(/127\.0\.0\.1:8080/g, `127.0.0.1:${socketPort}`));
  execFileSync(programs.nginx, ['-t', '-p', join(dir, 'conf'), '-c', join(dir, 'conf', 'nginx.conf')], { stdio: 'pipe' });
  const nginx = spawn(programs.nginx, ['-p', join(dir, 'conf'), '-c', join(dir, 'conf', 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  processes.push(nginx);
  const get = (path: string) => fetch(`http://127.0.0.1:${httpPort}${path}`).then((r) => r.status);
  await waitFor(async () => (await get('/gateway/livez')) === 204, 'nginx');

  // Without the application nginx answers 502 itself: not ready.
  expect(await get('/gateway/readyz')).toBe(502);

  const uwsgi = startUwsgi(dir, socketPort);
  await waitFor(async () => (await get('/gateway/readyz')) === 204, `uWSGI (${(uwsgi as any).log()})`);
  expect(await get('/')).toBe(200);

  // --die-on-term: SIGTERM stops uWSGI (2.0 reloads on it otherwise and keeps running), so a pod
  // stops in time. uWSGI kills its workers at once and waits for a stuck one up to its mercy (60 s).
  uwsgi.kill('SIGTERM');
  const code = await Promise.race([exited(uwsgi), new Promise<'still running'>((r) => setTimeout(() => r('still running'), 75000).unref())]);
  expect((uwsgi as any).log()).toContain('SIGINT/SIGTERM received...killing workers');
  if (code === 'still running') throw new Error(`uWSGI still runs 75 s after SIGTERM:\n${(uwsgi as any).log()}`);
  expect(await get('/gateway/readyz')).toBe(502);
}, 150000);

test('--need-app: uWSGI exits when the application cannot load, instead of answering 500 to everything', async () => {
  const dir = join(work, 'broken');
  mkdirSync(dir);
  writeFileSync(join(dir, 'app.py'), "raise AssertionError('UID_USER is not set')\n");
  const uwsgi = startUwsgi(dir, await freePort());
  const code = await Promise.race([exited(uwsgi), new Promise((r) => setTimeout(() => r('still running'), 30000))]);
  expect(code).not.toBe('still running');
  expect(code).not.toBe(0);
  expect((uwsgi as any).log()).toContain('no app loaded');
}, 60000);

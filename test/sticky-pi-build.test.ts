import { execFileSync, spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { requirePrograms } from './programs';
import { temporaryDirectory } from './temporary';

/**
 * scripts/sticky-pi/build-images.sh on fixture repositories shaped like sticky-pi-api and
 * sticky-pi-ml at the pinned commits (the lines the script relies on are upstream's): what it
 * prepares, and what it asks the builder to do (a stand-in docker records the calls).
 */
const SCRIPT = join(__dirname, '..', 'scripts', 'sticky-pi', 'build-images.sh');
const programs = requirePrograms(['git']);
const work = temporaryDirectory('spi-build');

function repository(name: string, files: Record<string, string>): { dir: string; commit: string } {
  const dir = join(work, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const git = (...args: string[]) => execFileSync(programs.git, ['-C', dir, ...args], { encoding: 'utf8' }).trim();
  git('init', '--quiet');
  git('add', '.');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.org', 'commit', '--quiet', '-m', 'fixture');
  return { dir, commit: git('rev-parse', 'HEAD') };
}

const api = repository('sticky-pi-api', {
  'src/setup.py': "setup(name='sticky_pi_api')\n",
  'src/sticky_pi_api/__init__.py': '',
  'server/api/Dockerfile': 'FROM python:3.8-alpine\nCOPY src /tmp/sticky_pi_api\n',
  'server/webapp/Dockerfile': 'FROM rocker/shiny:4.0.0\n',
  'server/ml/Dockerfile': 'FROM python:3.8-slim-buster\nRUN git clone https://github.com/facebookresearch/detectron2 detectron2_repo\nRUN pip install -e detectron2_repo\nCOPY src_api /tmp/sticky_pi_api\nCOPY src /tmp/sticky_pi_ml\n',
  'server/ml/uid.py': '',
});
const ml = repository('sticky-pi-ml', {
  'src/setup.py': "install_requires=['torch >= 1.4', 'torchvision', 'sklearn']\n",
  'src/sticky_pi_ml/__init__.py': '',
});
const short = (commit: string) => commit.slice(0, 7);
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync('/bin/sh', [SCRIPT, '--api-repo', api.dir, '--api-commit', api.commit, '--ml-repo', ml.dir, '--ml-commit', ml.commit, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

test('prepares the build contexts as deploy.sh does, with the two fixes the ml image needs', () => {
  const out = join(work, 'prepared');
  const result = run(['--prepare-only', out]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const server = join(out, 'sticky-pi-api', 'server');
  // deploy.sh: rsync -a ../src/ api/src; rsync -a ../src/ ml/src_api; rsync -a ../../sticky-pi-ml-git/src/ ml/src
  expect(existsSync(join(server, 'api', 'src', 'sticky_pi_api', '__init__.py'))).toBe(true);
  expect(existsSync(join(server, 'ml', 'src_api', 'sticky_pi_api', '__init__.py'))).toBe(true);
  expect(existsSync(join(server, 'ml', 'src', 'sticky_pi_ml', '__init__.py'))).toBe(true);
  expect(readFileSync(join(server, 'ml', 'Dockerfile'), 'utf8')).toContain(
    'RUN git clone https://github.com/facebookresearch/detectron2 detectron2_repo && git -C detectron2_repo checkout v0.4.1\n',
  );
  expect(readFileSync(join(server, 'ml', 'src', 'setup.py'), 'utf8')).toBe("install_requires=['torch >= 1.4', 'torchvision', 'scikit-learn']\n");
  expect(result.stdout).toContain(`(api ${short(api.commit)}, ml ${short(ml.commit)})`);
});

test('builds and pushes the three images tagged with the commits, and prints the config to use', () => {
  const bin = join(work, 'bin');
  mkdirSync(bin, { recursive: true });
  const log = join(work, 'docker.log');
  writeFileSync(join(bin, 'docker'), `#!/bin/sh\necho "docker $*" | sed "s|/[^ ]*/sticky-pi-api/server/|<server>/|" >> "${log}"\n`);
  chmodSync(join(bin, 'docker'), 0o755);
  const result = run(['--registry', 'registry.example.org/sticky-pi', '--builder', 'docker', '--push'], { PATH: `${bin}:${process.env.PATH}` });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const [a, m] = [short(api.commit), short(ml.commit)];
  expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
    `docker build --tag registry.example.org/sticky-pi/spi_api:${a} <server>/api`,
    `docker build --tag registry.example.org/sticky-pi/spi_webapp:${a} <server>/webapp`,
    `docker build --tag registry.example.org/sticky-pi/spi_ml:${a}-${m} <server>/ml`,
    `docker push registry.example.org/sticky-pi/spi_api:${a}`,
    `docker push registry.example.org/sticky-pi/spi_webapp:${a}`,
    `docker push registry.example.org/sticky-pi/spi_ml:${a}-${m}`,
  ]);
  expect(result.stdout).toContain(`      api: ${a}\n      webapp: ${a}\n      ml: ${a}-${m}\n`);
});

test('stops with a message when a commit is missing, upstream changed a fixed line, or no builder is installed', () => {
  const missing = run(['--prepare-only', join(work, 'missing'), '--ml-commit', '0'.repeat(40)]);
  expect(missing.status).toBe(1);
  expect(missing.stderr).toContain(`error: ${ml.dir} has no commit ${'0'.repeat(40)}`);

  const changed = repository('sticky-pi-ml-changed', { 'src/setup.py': "install_requires=['scikit-learn']\n" });
  const review = spawnSync('/bin/sh', [SCRIPT, '--api-repo', api.dir, '--api-commit', api.commit, '--ml-repo', changed.dir, '--ml-commit', changed.commit, '--prepare-only', join(work, 'changed')], { encoding: 'utf8' });
  expect(review.status).toBe(1);
  expect(review.stderr).toContain("error: sticky-pi-ml's setup.py no longer requires 'sklearn'; review the fix");

  const noBuilder = run(['--registry', 'registry.example.org/sticky-pi'], { PATH: '/usr/bin:/bin' });
  if (!['docker', 'podman', 'buildah'].some((b) => spawnSync('sh', ['-c', `PATH=/usr/bin:/bin command -v ${b}`]).status === 0)) {
    expect(noBuilder.status).toBe(1);
    expect(noBuilder.stderr).toContain('error: none of docker, podman or buildah is installed');
  }
  const usage = run([]);
  expect(usage.status).toBe(2);
  expect(usage.stderr).toContain('error: --registry is required\nUsage: build-images.sh --registry REGISTRY [options]');
});

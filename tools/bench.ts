import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { cpus, tmpdir } from 'os';
import { join } from 'path';
import * as yaml from 'js-yaml';
import { environmentNames } from '../config/load';
import { runCommand, UsageError } from './cli';
import { yamlFiles } from './validation/manifests';

/**
 * npm run bench: measures `npm run synth` end to end (process start, TypeScript loading, config
 * validation, synthesis, writing YAML) and writes BENCHMARKS.md.
 *
 * Scenarios: the bundled environments; one environment with N Open Pectus instances; M
 * environments. The scale configs are generated from one bundled environment (prod when there is
 * one) into a temp dir, never committed. Each row reports the median wall time, the peak RSS (GNU time, Debian package
 * `time`, when installed), objects rendered, time per object, and the ratio to a floor: reading
 * the produced YAML and writing it again with js-yaml in this process.
 */
const root = join(__dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const work = mkdtempSync(join(tmpdir(), 'labstack-bench-'));
const USAGE = 'usage: npm run bench (no arguments): measures npm run synth and writes BENCHMARKS.md';

interface Row {
  readonly scenario: string;
  readonly runs: number;
  readonly wallMs: number;
  readonly rssMiB?: number;
  readonly objects: number;
  readonly floorMs: number;
}

function synthOnce(configDir: string, outDir: string): { ms: number; rssMiB?: number } {
  const command = [tsx, join(root, 'main.ts'), '--config', configDir, '--out', outDir];
  const started = process.hrtime.bigint();
  const result = gnuTime
    ? spawnSync(gnuTime, ['-f', '%M', ...command], { encoding: 'utf8' })
    : spawnSync(command[0], command.slice(1), { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`synth failed: ${result.stderr}`);
  const kib = gnuTime ? Number(result.stderr.trim().split('\n').pop()) : NaN;
  return { ms, rssMiB: Number.isFinite(kib) ? kib / 1024 : undefined };
}

/** The floor: parse every produced file and write it again, as little as any renderer must do. */
function floorOnce(outDir: string): { ms: number; objects: number } {
  const copy = join(work, 'floor');
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy);
  let objects = 0;
  const started = process.hrtime.bigint();
  yamlFiles(outDir).forEach((file, i) => {
    const docs = yaml.loadAll(readFileSync(join(outDir, file), 'utf8'));
    objects += docs.length;
    writeFileSync(join(copy, `${i}.yaml`), docs.map((d) => `---\n${yaml.dump(d, { noRefs: true, lineWidth: -1 })}`).join(''));
  });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, objects };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(scenario: string, configDir: string, runs: number): Row {
  const outDir = join(work, 'dist');
  const samples = Array.from({ length: runs }, () => {
    rmSync(outDir, { recursive: true, force: true });
    return synthOnce(configDir, outDir);
  });
  const floors = Array.from({ length: runs }, () => floorOnce(outDir));
  const rss = samples.map((s) => s.rssMiB).filter((r): r is number => r !== undefined);
  const row: Row = {
    scenario,
    runs,
    wallMs: median(samples.map((s) => s.ms)),
    rssMiB: rss.length === runs ? Math.max(...rss) : undefined,
    objects: floors[0].objects,
    floorMs: median(floors.map((f) => f.ms)),
  };
  console.log(format(row));
  return row;
}

/** The bundled environment the scale configs are made of: prod when there is one. */
function templateName(): string {
  const names = environmentNames(join(root, 'config'));
  if (names.length === 0) throw new UsageError('config/ holds no environment to measure');
  return names.includes('prod') ? 'prod' : names[0];
}

let prod: any;

/** One environment (the template) whose Open Pectus runs `n` instances shaped like its first. */
function instancesConfig(n: number): string {
  const dir = join(work, `instances-${n}`);
  mkdirSync(dir, { recursive: true });
  const [template] = prod.systems.openPectus.instances;
  const instances = Array.from({ length: n }, (_, i) => ({
    ...template,
    name: `lab${i}`,
    host: `pectus-lab${i}.${prod.domain}`,
    hostname: `pectus-lab${i}`,
  }));
  const env = { ...prod, systems: { ...prod.systems, openPectus: { ...prod.systems.openPectus, instances } } };
  writeFileSync(join(dir, 'scale.yaml'), yaml.dump(env));
  return dir;
}

/** `m` copies of the template environment. */
function environmentsConfig(m: number): string {
  const dir = join(work, `environments-${m}`);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < m; i++) writeFileSync(join(dir, `env${i}.yaml`), yaml.dump(prod));
  return dir;
}

function format(row: Row): string {
  const perObject = row.wallMs / row.objects;
  const rss = row.rssMiB === undefined ? 'n/a' : `${row.rssMiB.toFixed(0)} MiB`;
  return `| ${row.scenario} | ${row.runs} | ${(row.wallMs / 1000).toFixed(2)} s | ${rss} | ${row.objects} | ${perObject.toFixed(2)} ms | ${(row.floorMs / 1000).toFixed(3)} s | ${(row.wallMs / row.floorMs).toFixed(1)} |`;
}

function ratio(rows: Row[], big: string, small: string): number {
  const wall = (name: string) => rows.find((r) => r.scenario === name)!.wallMs;
  return wall(big) / wall(small);
}

function main(args: string[]): number {
  if (args.length > 0) throw new UsageError(`npm run bench takes no arguments (got "${args.join(' ')}")`);
  const template = templateName();
  prod = yaml.load(readFileSync(join(root, 'config', `${template}.yaml`), 'utf8'));
  if (!prod?.systems?.openPectus?.instances?.length) throw new UsageError(`config/${template}.yaml has no Open Pectus instance to scale`);
  const bundledScenario = `npm run synth: bundled environments (${environmentNames(join(root, 'config')).join(', ')})`;
  try {
    const header = [
      '| scenario | runs | wall time (median) | peak RSS | objects | time per object | floor (js-yaml read + write) | synth / floor |',
      '|---|---|---|---|---|---|---|---|',
    ];
    console.log(header.join('\n'));
    const rows = [
      measure(bundledScenario, join(root, 'config'), 7),
      ...[10, 100, 500].map((n) => measure(`1 environment, ${n} Open Pectus instances`, instancesConfig(n), 3)),
      ...[1, 10, 50].map((m) => measure(`${m} environment${m > 1 ? 's' : ''} (${template})`, environmentsConfig(m), 3)),
    ];
    const instances = ratio(rows, '1 environment, 500 Open Pectus instances', '1 environment, 100 Open Pectus instances');
    const environments = ratio(rows, `50 environments (${template})`, `10 environments (${template})`);
    const bundled = rows[0].wallMs / 1000;
    const checks = [
      `- 500 instances / 100 instances: ${instances.toFixed(2)}× (target at most 4×; 5× the objects) — ${instances <= 4 ? 'met' : 'NOT met'}`,
      `- 50 environments / 10 environments: ${environments.toFixed(2)}× (target at most 6×; 5× the objects) — ${environments <= 6 ? 'met' : 'NOT met'}`,
      `- npm run synth, bundled environments: ${bundled.toFixed(2)} s (target under 2 s) — ${bundled < 2 ? 'met' : 'NOT met'}`,
    ];
    console.log(`\n${checks.join('\n')}`);
    writeFileSync(
      join(root, 'BENCHMARKS.md'),
      [
        '# Benchmarks',
        '',
        `Produced by \`npm run bench\` on a ${cpus().length}-core machine, Node ${process.version}.`,
        'Wall time is `npm run synth` end to end in a fresh process: start-up and TypeScript loading (about 0.7 s),',
        'config validation, synthesis and writing YAML. The floor is reading the produced YAML and writing it',
        'again with js-yaml; synth / floor shows what synthesis costs beyond serialization.',
        `Scale configs are generated from config/${template}.yaml at run time.`,
        '',
        ...header,
        ...rows.map(format),
        '',
        ...checks,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return 0;
}

runCommand(USAGE, () => main(process.argv.slice(2)));

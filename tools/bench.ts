import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { cpus, tmpdir } from 'os';
import { join } from 'path';
import { readManifests } from './validation/manifests';

/**
 * npm run bench: the wall time (median of RUNS) and peak memory of `npm run synth` end to end
 * for the bundled environments, written to BENCHMARKS.md. Peak RSS is read with GNU time
 * (/usr/bin/time, Debian package `time`) when it is installed.
 */
const RUNS = 7;
const root = join(__dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function sample(outDir: string): { ms: number; rssMiB?: number } {
  const command = [tsx, join(root, 'main.ts'), join(root, 'config'), outDir];
  const started = process.hrtime.bigint();
  const result = gnuTime
    ? spawnSync(gnuTime, ['-f', '%M', ...command], { encoding: 'utf8' })
    : spawnSync(command[0], command.slice(1), { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`synth failed: ${result.stderr}`);
  const kib = gnuTime ? Number(result.stderr.trim().split('\n').pop()) : NaN;
  return { ms, rssMiB: Number.isFinite(kib) ? kib / 1024 : undefined };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const outDir = mkdtempSync(join(tmpdir(), 'labstack-bench-'));
  try {
    const samples = Array.from({ length: RUNS }, () => sample(outDir));
    const objects = ['dev', 'prod'].reduce((n, env) => n + readManifests(join(outDir, env)).length, 0);
    const wall = median(samples.map((s) => s.ms));
    const rss = samples.every((s) => s.rssMiB !== undefined) ? `${Math.max(...samples.map((s) => s.rssMiB!)).toFixed(0)} MiB` : 'n/a (install GNU time)';
    const table = [
      '| scenario | runs | wall time (median) | peak RSS | objects |',
      '|---|---|---|---|---|',
      `| npm run synth, bundled environments (dev, prod) | ${RUNS} | ${(wall / 1000).toFixed(2)} s | ${rss} | ${objects} |`,
    ].join('\n');
    console.log(table);
    writeFileSync(
      join(root, 'BENCHMARKS.md'),
      `# Benchmarks\n\nProduced by \`npm run bench\` on a ${cpus().length}-core machine (Node ${process.version}). ` +
        'Wall time is end to end: process start, TypeScript loading, config validation, synthesis and writing YAML.\n' +
        'Target: under 2.5 s for `npm run synth`.\n\n' +
        `${table}\n`,
    );
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

main();

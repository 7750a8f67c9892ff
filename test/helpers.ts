import { spawnSync, SpawnSyncReturns } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { basename, dirname, join } from 'path';
import * as yaml from 'js-yaml';
import { LabStackApp } from '../charts/labstack-app';
import { loadEnvironments, parseEnvironment } from '../config/load';
import type { EnvironmentConfig } from '../config/schema';
import { Manifest, parseManifests } from '../tools/validation/manifests';

/** The bundled environments, loaded as main.ts loads them. */
export function bundledEnvironments(): EnvironmentConfig[] {
  return loadEnvironments('config');
}

export const ROOT = join(__dirname, '..');
export const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** The arguments of `npm run synth -- --config <configDir> --out <outDir>` after tsx. */
export function synthArguments(configDir: string, outDir: string): string[] {
  return [join(ROOT, 'main.ts'), '--config', configDir, '--out', outDir];
}

/** Runs `npm run synth -- --config <configDir> --out <outDir>`. */
export function synth(configDir: string, outDir: string): SpawnSyncReturns<string> {
  return spawnSync(TSX, synthArguments(configDir, outDir), { encoding: 'utf8' });
}

/**
 * Runs `npm run validate` on a dist directory and the config it was rendered from. kubernetes-models
 * is published as ES modules only, which jest's CommonJS runtime cannot import, so the validator
 * always runs as its own process.
 */
export function validate(distDir: string, configDir: string): SpawnSyncReturns<string> {
  return spawnSync(TSX, [join(ROOT, 'tools', 'validate.ts'), '--dist', distDir, '--config', configDir], { encoding: 'utf8' });
}

/** Writes the rendering of environments into `distDir` as npm run synth lays it out. */
export function writeRendering(environments: EnvironmentConfig[], distDir: string): void {
  for (const file of environments.flatMap((env) => new LabStackApp(env).render())) {
    mkdirSync(dirname(join(distDir, file.path)), { recursive: true });
    writeFileSync(join(distDir, file.path), file.content);
  }
}

/** A validated environment from YAML text; throws with the problems when invalid. */
export function environmentFrom(text: string, file = 'test.yaml'): EnvironmentConfig {
  const result = parseEnvironment(file, text);
  if ('problems' in result) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return result.environment;
}

/** The objects an environment renders, in file order; `file` is the file's name. */
export function render(env: EnvironmentConfig): Manifest[] {
  return new LabStackApp(env).render().flatMap((f) => parseManifests(basename(f.path), f.content));
}

/** The object of this kind and name (in this namespace, when two namespaces have one). */
export function find(objects: Manifest[], kind: string, name: string, namespace?: string): any {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (!found) throw new Error(`no ${kind} ${name}; have ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

/** The env of a container as name → value, "secret:<name>/<key>" or "field:<path>". */
export function envOf(container: any): Record<string, string> {
  return Object.fromEntries(
    (container.env ?? []).map((e: any) => [
      e.name,
      e.value ??
        (e.valueFrom.secretKeyRef ? `secret:${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}` : `field:${e.valueFrom.fieldRef.fieldPath}`),
    ]),
  );
}

export const MINIMAL = `
domain: lab.example.org
tls: { issuer: self-signed }
systems:
  openPectus:
    enabled: true
    images: { aggregator: main, databaseAdministration: main }
    instances:
      - name: prd
        acceptUnauthenticated: { aggregator: a minimal test environment without data }
`;

export function dump(value: unknown): string {
  return yaml.dump(value);
}

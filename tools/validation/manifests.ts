import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import * as yaml from 'js-yaml';

/** A Kubernetes object read from a manifest file. */
export interface Manifest {
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly [field: string]: any;
}

/** The .yaml files below `dir`, relative to it, in name order. */
export function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

/** Reads every YAML document of every .yaml file below `dir`, in file-name order. */
export function readManifests(dir: string): Manifest[] {
  return yamlFiles(dir).flatMap((file) => parseManifests(file, readFileSync(join(dir, file), 'utf8')));
}

export function parseManifests(file: string, text: string): Manifest[] {
  return yaml
    .loadAll(text)
    .filter((doc) => doc !== null && doc !== undefined)
    .map((doc) => ({ ...(doc as object), file }) as Manifest);
}

/** "Kind namespace/name (file)" for messages. */
export function describe(m: Manifest): string {
  return `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name} (${m.file})`;
}

import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as yaml from 'js-yaml';
import { describe, Manifest } from './manifests';

/**
 * Schema validation of rendered objects:
 * - built-in kinds with kubernetes-models, once with the release generated from Kubernetes
 *   1.27 (cdk8s-plus-27's API level) and once with the current one;
 * - custom resources with ajv against the openAPIV3Schema of their CRD (imports/crds), made
 *   strict the way the API server's field validation is: unknown fields are errors.
 */
const MODEL_SETS = [
  { label: 'Kubernetes 1.27', pkg: 'kubernetes-models-1.27' },
  { label: 'Kubernetes current', pkg: 'kubernetes-models' },
];

export async function validateSchemas(manifests: Manifest[], crdDir: string): Promise<string[]> {
  const crds = loadCrdValidators(crdDir);
  const problems: string[] = [];
  for (const m of manifests) {
    const crd = crds.get(`${m.apiVersion}/${m.kind}`);
    if (crd) {
      if (!crd(stripFile(m))) {
        problems.push(...(crd.errors ?? []).map((e) => `${describe(m)}: CRD schema: ${e.instancePath || '/'} ${e.message}`));
      }
      continue;
    }
    if (m.apiVersion.includes('.') && !m.apiVersion.includes('k8s.io/')) {
      problems.push(`${describe(m)}: no CRD for ${m.apiVersion} ${m.kind} in ${crdDir}`);
      continue;
    }
    for (const set of MODEL_SETS) {
      const problem = await validateBuiltIn(set.pkg, m);
      if (problem) problems.push(`${describe(m)}: ${set.label}: ${problem}`);
    }
  }
  return problems;
}

async function validateBuiltIn(pkg: string, m: Manifest): Promise<string | undefined> {
  const group = m.apiVersion.includes('/') ? m.apiVersion : `v1`;
  let module: Record<string, any>;
  try {
    module = await import(`${pkg}/${group}`);
  } catch {
    return `API ${m.apiVersion} does not exist`;
  }
  const Model = module[m.kind];
  if (!Model) return `kind ${m.kind} does not exist in ${m.apiVersion}`;
  try {
    new Model(stripFile(m)).validate();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function stripFile(m: Manifest): object {
  const { file: _file, ...object } = m;
  return object;
}

function loadCrdValidators(dir: string): Map<string, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const crd of yaml.loadAll(readFileSync(join(dir, file), 'utf8')) as any[]) {
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        const schema = version.schema?.openAPIV3Schema;
        if (!schema) continue;
        validators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(strict(schema, true)));
      }
    }
  }
  return validators;
}

/**
 * Closes every object schema that lists its properties, except where the CRD keeps unknown
 * fields; the root also accepts apiVersion, kind and metadata.
 */
function strict(schema: any, root = false): any {
  if (schema === null || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map((s) => strict(s));
  const out: any = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strict(v)]));
    } else if (key === 'x-kubernetes-int-or-string') {
      out[key] = value;
    } else {
      out[key] = strict(value);
    }
  }
  if (schema['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (out.properties && out.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  if (root) {
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...out.properties };
  }
  return out;
}

import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { readdirSync } from 'fs';
import * as yaml from 'js-yaml';
import { ARGOCD_DIR, ConfigError, formatProblem, loadEnvironment } from '../config/load';
import type { EnvironmentConfig } from '../config/schema';
import { LabStackApp } from '../charts/labstack-app';

/**
 * The cluster the stack deploys to, as the stack's kubernetes:context, kubernetes:cluster and
 * kubernetes:kubeconfig give it to the default provider; the provider of kept objects must
 * reach the same cluster.
 */
export type ClusterSettings = Pick<k8s.ProviderArgs, 'context' | 'cluster' | 'kubeconfig'>;

export interface DeployedEnvironment {
  /** One ConfigGroup per rendered file, in file order; the platform's first. */
  readonly groups: k8s.yaml.ConfigGroup[];
  /** The provider of the objects that outlive the stack (see keepOnDelete). */
  readonly keptObjectsProvider: k8s.Provider;
  readonly objectCount: number;
}

/** Argo CD's sync options; LabStack sets Prune=false,Delete=false where deleting would lose data. */
const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

/**
 * Builds the LabStack app of one environment in-process, as `npm run synth` does, and deploys
 * its manifests: one ConfigGroup per rendered file of dist/<environment>/ (the Argo CD objects
 * are left out; Pulumi is the deployer here). Every other group depends on the platform file's
 * objects, which gives the order `kubectl apply` has: namespaces and issuers first.
 *
 * Only the environment's own files are read, so a broken file of another environment never
 * blocks a deployment. Bad input stops before any resource is registered, with every problem
 * listed and no stack trace (pulumi.RunError).
 */
export function deployEnvironment(name: string, configDir: string, cluster: ClusterSettings = {}): DeployedEnvironment {
  const environment = loadStackEnvironment(name, configDir);
  const files = new LabStackApp(environment).render().filter((f) => !f.path.startsWith(`${ARGOCD_DIR}/`));
  // Adopts what exists already (namespaces the secrets script created, claims a destroyed stack
  // kept), but never forces: server-side apply then refuses to change a field another manager
  // set to another value, such as the labstack.io/environment label of another environment.
  const keptObjectsProvider = new k8s.Provider('labstack-kept-objects', { ...cluster, upsertExistingObjects: true, enablePatchForce: false });
  const transformations = [keepOnDelete(keptObjectsProvider)];
  const groups: k8s.yaml.ConfigGroup[] = [];
  let objectCount = 0;
  for (const file of files) {
    const objs = yaml.loadAll(file.content).filter((o) => o !== null && o !== undefined) as Record<string, unknown>[];
    objectCount += objs.length;
    // Resource names are the file path: two files never declare the same object. LabStackApp
    // lists the platform first; depending on a component waits for every object in it.
    groups.push(new k8s.yaml.ConfigGroup(file.path, { objs, transformations }, { dependsOn: groups.slice(0, 1) }));
  }
  return { groups, keptObjectsProvider, objectCount };
}

/**
 * Mirrors Argo CD's Prune=false / Delete=false: such objects (namespaces, volume claims) stay in
 * the cluster when they leave the program or the stack is destroyed, and are adopted when a
 * stack creates them again. Adopting is safe only because they are never deleted: when a
 * resource's name changes, Pulumi creates the new one before deleting the old, which with
 * adoption would otherwise delete the object just adopted.
 */
function keepOnDelete(provider: k8s.Provider) {
  return (obj: { metadata?: { annotations?: Record<string, string> } }, opts: pulumi.CustomResourceOptions): void => {
    const options = (obj.metadata?.annotations?.[SYNC_OPTIONS] ?? '').split(',').map((o) => o.trim());
    if (options.includes('Prune=false') || options.includes('Delete=false')) {
      opts.retainOnDelete = true;
      opts.provider = provider;
    }
  };
}

/** The stack's environment, or a RunError that says what to fix. */
function loadStackEnvironment(name: string, configDir: string): EnvironmentConfig {
  const names = environmentNames(configDir);
  if (!names.includes(name)) {
    const found = names.length > 0 ? names.join(', ') : 'none';
    throw new pulumi.RunError(`labstack:environment is "${name}", but ${configDir} has no ${name}.yaml; environments there: ${found}`);
  }
  try {
    return loadEnvironment(configDir, name);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new pulumi.RunError(`Invalid configuration of environment "${name}"; nothing was deployed:\n  ${error.problems.map(formatProblem).join('\n  ')}`);
  }
}

/** The environment names of a config folder, from its file names alone: no file is parsed. */
function environmentNames(configDir: string): string[] {
  let files: string[];
  try {
    files = readdirSync(configDir);
  } catch (error) {
    throw new pulumi.RunError(`labstack:configDir is ${configDir}, which cannot be read: ${(error as Error).message}`);
  }
  return [...new Set(files.filter((f) => /\.ya?ml$/.test(f)).map((f) => f.replace(/\.ya?ml$/, '')))].sort();
}

import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as yaml from 'js-yaml';
import { ARGOCD_DIR, ConfigError, formatProblem, loadEnvironments } from '../config/load';
import { LabStackApp } from '../charts/labstack-app';

export interface DeployedEnvironment {
  /** One ConfigGroup per rendered file, in file order. */
  readonly groups: k8s.yaml.ConfigGroup[];
  readonly objectCount: number;
}

/**
 * Builds the LabStack app of one environment in-process, as `npm run synth` does, and deploys
 * its manifests: one ConfigGroup per rendered file of dist/<environment>/ (the Argo CD objects
 * are left out; Pulumi is the deployer here). The platform file comes first and every other
 * group depends on it, which gives the order `kubectl apply` has: namespaces and issuers first.
 *
 * Bad input stops before any resource is registered, with every problem listed and no stack
 * trace (pulumi.RunError).
 */
export function deployEnvironment(name: string, configDir: string, opts: pulumi.ComponentResourceOptions = {}): DeployedEnvironment {
  const environment = loadEnvironment(name, configDir);
  const files = new LabStackApp(environment).render().filter((f) => !f.path.startsWith(`${ARGOCD_DIR}/`));
  const groups: k8s.yaml.ConfigGroup[] = [];
  let objectCount = 0;
  for (const file of files) {
    const objs = yaml.loadAll(file.content).filter((o) => o !== null && o !== undefined) as Record<string, unknown>[];
    objectCount += objs.length;
    // Resource names are the file path: two files never declare the same object.
    groups.push(new k8s.yaml.ConfigGroup(file.path, { objs }, { ...opts, dependsOn: groups.length > 0 ? [groups[0]] : opts.dependsOn }));
  }
  return { groups, objectCount };
}

function loadEnvironment(name: string, configDir: string) {
  let environments;
  try {
    environments = loadEnvironments(configDir);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new pulumi.RunError(`Invalid configuration in ${configDir}:\n  ${error.problems.map(formatProblem).join('\n  ')}`);
    }
    throw error;
  }
  const environment = environments.find((e) => e.name === name);
  if (!environment) {
    throw new pulumi.RunError(
      `labstack:environment is "${name}", but ${configDir} has no ${name}.yaml; environments: ${environments.map((e) => e.name).join(', ')}`,
    );
  }
  return environment;
}

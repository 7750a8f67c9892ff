import { existsSync, statSync } from 'fs';
import { join, relative } from 'path';
import { describe, Manifest, readManifests } from './manifests';

/**
 * Checks an environment's Argo CD objects against the dist tree they point at: every
 * Application's path is a directory of rendered manifests, its project is a rendered one (never
 * Argo CD's unrestricted `default`), and the project allows its repository and every namespace
 * and kind found there (Argo CD would refuse to sync anything else). Argo CD allows every
 * namespaced kind when a project has no namespaceResourceWhitelist; this check does not, so every
 * project must list them.
 *
 * @param repoRoot the directory the Applications' paths are relative to (the repository root)
 */
export function checkArgoCd(argo: Manifest[], repoRoot: string): string[] {
  const problems: string[] = [];
  const projects = new Map(argo.filter((m) => m.kind === 'AppProject').map((p) => [p.metadata.name, p]));
  for (const app of argo.filter((m) => m.kind === 'Application')) {
    const path: string = app.spec.source.path;
    const dir = join(repoRoot, path);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      problems.push(`${describe(app)}: path ${path} is not a directory of the repository`);
      continue;
    }
    if (app.spec.project === 'default') {
      problems.push(`${describe(app)}: is in Argo CD's project default, which allows every repository, namespace and kind; name a rendered AppProject`);
      continue;
    }
    const project = projects.get(app.spec.project);
    if (!project) {
      problems.push(`${describe(app)}: project ${app.spec.project} is not rendered`);
      continue;
    }
    if (!(project.spec.sourceRepos ?? []).includes(app.spec.source.repoURL)) {
      problems.push(`${describe(app)}: project ${project.metadata.name} does not allow the repository ${app.spec.source.repoURL}`);
    }
    const destinations = new Set((project.spec.destinations ?? []).map((d: any) => d.namespace));
    const allowed = (list: any[] | undefined, group: string, kind: string) => (list ?? []).some((e) => e.group === group && e.kind === kind);
    for (const object of readManifests(dir)) {
      const where = `${describe(app)}: ${object.kind} ${object.metadata.name} (${relative(repoRoot, join(dir, object.file))})`;
      const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
      const namespace = object.metadata.namespace;
      if (namespace && !destinations.has(namespace)) problems.push(`${where}: project ${project.metadata.name} does not allow namespace ${namespace}`);
      const list = namespace ? project.spec.namespaceResourceWhitelist : project.spec.clusterResourceWhitelist;
      if (!allowed(list, group, object.kind)) problems.push(`${where}: project ${project.metadata.name} does not allow kind ${group ? `${group}/` : ''}${object.kind}`);
      if (object.metadata.annotations?.['argocd.argoproj.io/sync-wave'] === undefined) problems.push(`${where}: has no sync wave`);
    }
  }
  return problems;
}

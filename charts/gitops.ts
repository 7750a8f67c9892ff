import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema';
import { Identity } from '../constructs/identity';
import { Application, AppProject } from '../imports/argoproj.io';

const IN_CLUSTER = 'https://kubernetes.default.svc';

/** One Argo CD Application: a directory of dist/<environment>/ and the objects in it. */
export interface GitOpsSource {
  /** Application name suffix, e.g. openem. */
  readonly name: string;
  /** Path of the directory in the repository, e.g. dist/prod/20-openem. */
  readonly path: string;
  /** The charts rendered into that directory. */
  readonly charts: Chart[];
  /** Argo CD syncs lower waves first; the platform goes before the systems. */
  readonly wave: number;
}

export interface GitOpsChartProps {
  readonly environment: EnvironmentConfig;
  /** Path of this chart's own directory in the repository (the root Application's path). */
  readonly path: string;
  readonly sources: GitOpsSource[];
}

/**
 * The Argo CD app-of-apps of one environment: a root Application (bootstrapped once with
 * kubectl, then managing itself) that syncs the AppProjects and one Application per directory of
 * dist/<environment>/. No Application is in Argo CD's `default` project, which allows every
 * repository, namespace and kind:
 * - the systems' project `labstack-<env>` allows exactly the namespaces and kinds those
 *   directories contain, so a rendered object outside them fails to sync;
 * - the root's project `labstack-<env>-bootstrap` allows exactly what this chart renders: the
 *   Argo CD namespace and the Application and AppProject kinds, nothing cluster-scoped.
 */
export class GitOpsChart extends Chart {
  constructor(scope: Construct, id: string, props: GitOpsChartProps) {
    const argocd = props.environment.delivery.argocd!;
    super(scope, id, { namespace: argocd.namespace });
    const env = props.environment;
    const identity = Identity.of('labstack-gitops', `labstack-${env.name}`);
    const project = `labstack-${env.name}`;
    // Built after every system chart, so everything they render is known here.
    const objects = props.sources.flatMap((s) =>
      s.charts.flatMap((chart) =>
        chart.node
          .findAll()
          .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
          .map((o) => o.toJson()),
      ),
    );
    const namespaces = [...new Set(objects.map((o) => o.metadata?.namespace).filter((n): n is string => !!n))].sort();
    const syncPolicy = (selfManaged: boolean) => ({
      automated: argocd.automated.enabled ? { prune: argocd.automated.prune, selfHeal: argocd.automated.selfHeal } : undefined,
      // Namespaces come from the platform Application; retries cover the moments before they exist.
      syncOptions: selfManaged ? ['PruneLast=true'] : ['PruneLast=true', 'ApplyOutOfSyncOnly=true'],
      retry: { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
    });

    // First in the file, so the bootstrapping kubectl apply creates it before the root names it;
    // what it allows is patched in once every object of this chart exists.
    const bootstrap = new AppProject(this, 'BootstrapProject', {
      metadata: { name: `${project}-bootstrap`, labels: identity.component('bootstrap').labels, annotations: { 'argocd.argoproj.io/sync-wave': '-1' } },
      spec: {
        description: `LabStack ${env.name}: the Argo CD objects of ${props.path} (the root Application)`,
        sourceRepos: [argocd.repoURL],
      },
    });

    new AppProject(this, 'Project', {
      metadata: { name: project, labels: identity.component('project').labels, annotations: { 'argocd.argoproj.io/sync-wave': '-1' } },
      spec: {
        description: `LabStack ${env.name}: the objects rendered from config/${env.name}.yaml`,
        sourceRepos: [argocd.repoURL],
        destinations: namespaces.map((namespace) => ({ server: IN_CLUSTER, namespace })),
        clusterResourceWhitelist: uniqueKinds(objects.filter((o) => !o.metadata?.namespace)),
        namespaceResourceWhitelist: uniqueKinds(objects.filter((o) => o.metadata?.namespace)),
      },
    });

    for (const source of props.sources) {
      new Application(this, `App-${source.name}`, {
        metadata: {
          name: `${project}-${source.name}`,
          labels: identity.component(source.name).labels,
          // No resources finalizer: deleting the Application leaves what it deployed (data, namespaces).
          annotations: { 'argocd.argoproj.io/sync-wave': String(source.wave) },
        },
        spec: {
          project,
          source: { repoUrl: argocd.repoURL, targetRevision: argocd.targetRevision, path: source.path, directory: { recurse: true } },
          destination: { server: IN_CLUSTER },
          syncPolicy: syncPolicy(false),
        },
      });
    }

    new Application(this, 'Root', {
      // It syncs itself too: in the systems' wave, after the projects.
      metadata: { name: project, labels: identity.component('root').labels, annotations: { 'argocd.argoproj.io/sync-wave': '0' } },
      spec: {
        project: bootstrap.name,
        source: { repoUrl: argocd.repoURL, targetRevision: argocd.targetRevision, path: props.path, directory: { recurse: true } },
        destination: { server: IN_CLUSTER, namespace: argocd.namespace },
        syncPolicy: syncPolicy(true),
      },
    });

    const own = this.node
      .findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c))
      .map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, metadata: { namespace: o.metadata.namespace } }));
    const ownNamespaces = [...new Set(own.map((o) => o.metadata.namespace).filter((n): n is string => !!n))].sort();
    if (own.some((o) => !o.metadata.namespace)) throw new Error('the Argo CD chart renders a cluster-scoped object; its bootstrap project allows none');
    bootstrap.addJsonPatch(
      JsonPatch.add('/spec/destinations', ownNamespaces.map((namespace) => ({ server: IN_CLUSTER, namespace }))),
      JsonPatch.add('/spec/namespaceResourceWhitelist', uniqueKinds(own)),
    );
  }
}

/** `{ group, kind }` entries for the AppProject, sorted. */
function uniqueKinds(objects: { apiVersion: string; kind: string }[]): { group: string; kind: string }[] {
  const keys = new Set(objects.map((o) => `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}|${o.kind}`));
  return [...keys].sort().map((k) => {
    const [group, kind] = k.split('|');
    return { group, kind };
  });
}

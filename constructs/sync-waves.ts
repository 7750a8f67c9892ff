import { ApiObject } from 'cdk8s';

/**
 * Argo CD sync waves by kind: namespaces and issuers first, then what workloads refer to
 * (accounts, settings, claims, policies, certificates, middlewares), then databases and stores,
 * then servers, then one-shot jobs. Argo CD applies a wave only when the previous one is healthy.
 */
const WAVES: Record<string, number> = {
  Namespace: -4,
  ClusterIssuer: -3,
  // trust-manager's Bundle copies the CA into namespaces before any pod mounts it.
  Bundle: -3,
  ServiceAccount: -2,
  Role: -2,
  RoleBinding: -2,
  ConfigMap: -2,
  PersistentVolume: -2,
  PersistentVolumeClaim: -2,
  NetworkPolicy: -2,
  Certificate: -2,
  ExternalSecret: -2,
  Middleware: -2,
  ServersTransport: -2,
  Service: -1,
  StatefulSet: -1,
  Deployment: 0,
  DaemonSet: 0,
  PodDisruptionBudget: 0,
  Ingress: 0,
  CronJob: 0,
  Job: 1,
};

/**
 * Kinds Argo CD must never delete when they disappear from dist: data lives in volumes, and a
 * namespace takes everything in it along.
 */
const NEVER_PRUNED = new Set(['Namespace', 'PersistentVolume', 'PersistentVolumeClaim']);

/** Annotates an object with its sync wave (and Prune=false where deleting would lose data). */
export function annotateForArgoCd(object: ApiObject): void {
  const wave = WAVES[object.kind];
  if (wave === undefined) throw new Error(`no Argo CD sync wave for kind ${object.kind} (constructs/sync-waves.ts)`);
  object.metadata.addAnnotation('argocd.argoproj.io/sync-wave', String(wave));
  if (NEVER_PRUNED.has(object.kind)) object.metadata.addAnnotation('argocd.argoproj.io/sync-options', 'Prune=false,Delete=false');
}

/** The wave of a kind, for tests and checks. */
export function syncWaveOf(kind: string): number | undefined {
  return WAVES[kind];
}

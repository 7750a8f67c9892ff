import { describe, Manifest } from './manifests';
import { podTemplates, PodTemplateOf } from './pods';
import { checkRouteAuthentication, checkRouteSources } from './routes';
import { bytesOf } from '../../config/fields';

/** Kinds that are not namespaced (the ones LabStack renders). */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterIssuer', 'Bundle', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'IngressClass', 'PriorityClass', 'PersistentVolume']);
const LABELS = ['name', 'instance', 'component', 'part-of', 'managed-by'].map((l) => `app.kubernetes.io/${l}`);

export interface SemanticOptions {
  /** Namespaces that exist before LabStack is applied (e.g. cert-manager's). */
  readonly externalNamespaces?: string[];
}


/**
 * Checks that the rendered objects fit together, which schemas cannot see: references resolve,
 * Services select pods, nothing secret is rendered, every route says how it is authenticated,
 * and every pod follows the platform rules.
 */
/** What the API server stores of a ConfigMap's data at most. */
const CONFIG_MAP_BYTES = 1024 * 1024;

export function checkSemantics(manifests: Manifest[], options: SemanticOptions = {}): string[] {
  const problems: string[] = [];
  const byKind = (kind: string) => manifests.filter((m) => m.kind === kind);
  const find = (kind: string, namespace: string | undefined, name: string) =>
    manifests.find((m) => m.kind === kind && m.metadata.name === name && m.metadata.namespace === namespace);
  const namespaces = new Set([...byKind('Namespace').map((n) => n.metadata.name), ...(options.externalNamespaces ?? [])]);
  const pods = podTemplates(manifests);

  const seen = new Set<string>();
  for (const m of manifests) {
    const key = `${m.apiVersion} ${m.kind} ${m.metadata.namespace ?? ''}/${m.metadata.name}`;
    if (seen.has(key)) problems.push(`${describe(m)}: rendered twice`);
    seen.add(key);
    if (CLUSTER_SCOPED.has(m.kind)) {
      if (m.metadata.namespace) problems.push(`${describe(m)}: a cluster-scoped object has a namespace`);
    } else if (!m.metadata.namespace) {
      problems.push(`${describe(m)}: has no namespace`);
    } else if (!namespaces.has(m.metadata.namespace)) {
      problems.push(`${describe(m)}: namespace ${m.metadata.namespace} is not rendered`);
    }
    for (const label of LABELS) {
      if (!m.metadata.labels?.[label]) problems.push(`${describe(m)}: label ${label} is missing`);
    }
    if (m.kind === 'Secret') problems.push(`${describe(m)}: Secrets are never rendered; declare it in the secrets contract`);
    if (m.kind === 'ConfigMap') {
      const bytes = Object.values({ ...m.data, ...m.binaryData }).reduce<number>((sum, value) => sum + Buffer.byteLength(String(value)), 0);
      if (bytes > CONFIG_MAP_BYTES) problems.push(`${describe(m)}: holds ${bytes} bytes; the API server refuses a ConfigMap over 1 MiB`);
    }
  }

  for (const ns of byKind('Namespace')) {
    if (!ns.metadata.labels?.['pod-security.kubernetes.io/enforce']) problems.push(`${describe(ns)}: no pod-security enforce label`);
    const denies = byKind('NetworkPolicy').some(
      (p) => p.metadata.namespace === ns.metadata.name && Object.keys(p.spec.podSelector ?? {}).length === 0 && !p.spec.ingress,
    );
    if (!denies) problems.push(`${describe(ns)}: no default-deny ingress NetworkPolicy`);
  }

  // ExternalName Services stand for servers outside the cluster: they select nothing.
  for (const svc of byKind('Service').filter((s) => s.spec.type !== 'ExternalName')) {
    const selected = pods.filter((p) => p.namespace === svc.metadata.namespace && matches(svc.spec.selector, p.labels));
    if (selected.length === 0) {
      problems.push(`${describe(svc)}: selects no pods`);
      continue;
    }
    for (const port of svc.spec.ports) {
      const declared = selected.every((p) =>
        p.spec.containers.some((c: any) => (c.ports ?? []).some((cp: any) => cp.name === port.targetPort || cp.containerPort === port.targetPort)),
      );
      if (!declared) problems.push(`${describe(svc)}: port ${port.name} targets ${port.targetPort}, which the selected pods do not declare`);
    }
  }

  for (const ing of byKind('Ingress')) {
    const hosts = new Set((ing.spec.tls ?? []).flatMap((t: any) => t.hosts));
    for (const rule of ing.spec.rules) {
      if (!hosts.has(rule.host)) problems.push(`${describe(ing)}: host ${rule.host} has no TLS`);
      for (const path of rule.http.paths) {
        const backend = path.backend.service;
        const svc = find('Service', ing.metadata.namespace, backend.name);
        if (!svc) problems.push(`${describe(ing)}: backend Service ${backend.name} does not exist`);
        else if (!svc.spec.ports.some((p: any) => p.name === backend.port.name || p.port === backend.port.number)) {
          problems.push(`${describe(ing)}: Service ${backend.name} has no port ${backend.port.name ?? backend.port.number}`);
        }
      }
    }
    for (const tls of ing.spec.tls ?? []) {
      const certificate = byKind('Certificate').find((c) => c.metadata.namespace === ing.metadata.namespace && c.spec.secretName === tls.secretName);
      if (!certificate) problems.push(`${describe(ing)}: no Certificate issues its TLS Secret ${tls.secretName}`);
      else {
        const missing = tls.hosts.filter((h: string) => !certificate.spec.dnsNames.includes(h));
        if (missing.length > 0) problems.push(`${describe(ing)}: Certificate ${certificate.metadata.name} does not cover ${missing.join(', ')}`);
      }
    }
    problems.push(...checkTraefikRefs(ing, 'traefik.ingress.kubernetes.io/router.middlewares', 'Middleware', find));
  }
  problems.push(...checkRouteAuthentication(manifests));
  problems.push(...checkRouteSources(manifests));
  for (const certificate of byKind('Certificate')) {
    const issuer = certificate.spec.issuerRef;
    if (issuer.kind === 'ClusterIssuer' && !find('ClusterIssuer', undefined, issuer.name)) {
      problems.push(`${describe(certificate)}: ClusterIssuer ${issuer.name} does not exist`);
    }
  }
  for (const svc of byKind('Service')) {
    problems.push(...checkTraefikRefs(svc, 'traefik.ingress.kubernetes.io/service.serverstransport', 'ServersTransport', find));
  }

  for (const pod of pods) problems.push(...checkPod(pod, find, namespaces));
  return problems;
}

function checkTraefikRefs(m: Manifest, annotation: string, kind: string, find: (k: string, ns: string | undefined, n: string) => Manifest | undefined): string[] {
  const value = m.metadata.annotations?.[annotation];
  if (!value) return [];
  return value.split(',').flatMap((ref) => {
    const name = ref.replace(/@kubernetescrd$/, '').replace(`${m.metadata.namespace}-`, '');
    return find(kind, m.metadata.namespace, name) ? [] : [`${describe(m)}: ${kind} ${ref} does not exist`];
  });
}

function checkPod(pod: PodTemplateOf, find: (k: string, ns: string | undefined, n: string) => Manifest | undefined, namespaces: Set<string>): string[] {
  const problems: string[] = [];
  // trust-manager writes a Bundle's ConfigMap (named after it) into every namespace it selects.
  const bundled = (name: string) => {
    const bundle = find('Bundle', undefined, name);
    const selector = bundle?.spec.target?.configMap ? bundle.spec.target.namespaceSelector?.matchLabels : undefined;
    return selector !== undefined && matches(selector, find('Namespace', undefined, pod.namespace)?.metadata.labels ?? {});
  };
  const where = pod.where;
  const spec = pod.spec;
  const volumes = new Map<string, any>((spec.volumes ?? []).map((v: any) => [v.name, v]));
  const nsLabels = namespaces.has(pod.namespace) ? find('Namespace', undefined, pod.namespace)?.metadata.labels ?? {} : {};
  const restricted = nsLabels['pod-security.kubernetes.io/enforce'] === 'restricted';
  if (spec.automountServiceAccountToken !== false && !spec.serviceAccountName) problems.push(`${where}: mounts a service-account token it does not need`);
  if (restricted && spec.securityContext?.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${where}: restricted pods need seccompProfile RuntimeDefault`);
  for (const v of volumes.values()) {
    if (v.persistentVolumeClaim && !find('PersistentVolumeClaim', pod.namespace, v.persistentVolumeClaim.claimName)) {
      problems.push(`${where}: volume ${v.name} claims ${v.persistentVolumeClaim.claimName}, which does not exist`);
    }
    if (v.configMap && !find('ConfigMap', pod.namespace, v.configMap.name) && !bundled(v.configMap.name)) problems.push(`${where}: ConfigMap ${v.configMap.name} does not exist`);
    if (v.hostPath && nsLabels['pod-security.kubernetes.io/enforce'] !== 'privileged') problems.push(`${where}: hostPath volume outside a privileged namespace`);
    if (v.hostPath && !(hostPathReadOnly(spec, v.name))) problems.push(`${where}: hostPath volume ${v.name} is mounted writable`);
  }
  for (const c of spec.containers) {
    // Tags and digests are checked against the images' contracts (contracts.ts): a tag must exist.
    if (!/:[^/]+$/.test(String(c.image).split('@')[0])) problems.push(`${where}: container ${c.name} image ${c.image} names no tag`);
    if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) {
      problems.push(`${where}: container ${c.name} needs CPU and memory requests and a memory limit`);
    } else if ((bytesOf(c.resources.requests.memory) ?? 0) > (bytesOf(c.resources.limits.memory) ?? Infinity)) {
      problems.push(`${where}: container ${c.name} requests more memory than its limit, which the API server refuses`);
    }
    if (!pod.runsToCompletion && (!c.readinessProbe || !c.livenessProbe)) problems.push(`${where}: container ${c.name} needs readiness and liveness probes`);
    for (const mount of c.volumeMounts ?? []) {
      if (!volumes.has(mount.name)) problems.push(`${where}: container ${c.name} mounts ${mount.name}, which is not a volume of the pod`);
    }
    const sc = c.securityContext ?? {};
    if (sc.privileged) problems.push(`${where}: container ${c.name} is privileged`);
    if (restricted) {
      const nonRoot = sc.runAsNonRoot ?? spec.securityContext?.runAsNonRoot;
      if (!nonRoot || sc.allowPrivilegeEscalation !== false || !(sc.capabilities?.drop ?? []).includes('ALL')) {
        problems.push(`${where}: container ${c.name} does not meet the restricted Pod Security Standard`);
      }
    }
    for (const env of c.env ?? []) {
      // Switches (MARIADB_RANDOM_ROOT_PASSWORD=yes), paths (S3_PASSWORD_FILE=/run/secrets/...),
      // URLs without credentials (GENERIC_TOKEN_URL=https://...) and the name and key of a Secret
      // given as a pair (X_SECRET_NAME=openem-prefect-auth with X_SECRET_KEY=auth-string) name a
      // secret but hold none; a lone X_SECRET_KEY may be the secret itself.
      const value = env.value ?? '';
      const pair = /^(.+)_SECRET_(NAME|KEY)$/.exec(env.name);
      const namesASecret = pair !== null && (c.env ?? []).some((other: any) => other.name === `${pair[1]}_SECRET_${pair[2] === 'NAME' ? 'KEY' : 'NAME'}`);
      const holdsNoSecret = /^(yes|no|true|false|0|1)$/i.test(value) || value.startsWith('/') || /^https?:\/\/[^@\s]*$/.test(value) || namesASecret;
      if (/PASSWORD|SECRET|TOKEN|DSN|KEY$|_FILE$|_DIR$/.test(env.name) && env.value !== undefined && !holdsNoSecret) {
        problems.push(`${where}: container ${c.name} has ${env.name} as a literal value; read it from a Secret`);
      }
    }
  }
  return problems;
}

/** Every mount of the volume is read-only. */
function hostPathReadOnly(spec: any, volume: string): boolean {
  return [...(spec.containers ?? []), ...(spec.initContainers ?? [])].every((c: any) => (c.volumeMounts ?? []).every((m: any) => m.name !== volume || m.readOnly));
}

function matches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

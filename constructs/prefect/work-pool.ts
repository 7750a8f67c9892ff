import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { Resources } from '../../config/schema';
import { Agent } from '../agent';
import { Identity } from '../identity';
import { PodSecurity } from '../pod-security';
import { PodTemplate } from '../pod-template';
import { configMapVolume, IPodVolume } from '../volumes';
import { PrefectApi } from './api';
import { KUBERNETES_WORKER_JOB, PREFECT_SERVER } from './prefect.images';

/** What a Kubernetes worker needs: run flow-run Jobs and watch their pods. */
export const WORKER_RULES: k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['events', 'pods', 'pods/log', 'pods/status'], verbs: ['get', 'watch', 'list'] },
  { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
];
const HEALTH_PORT = 8080;

/**
 * Variables of the worker's default base job template that LabStack's leaves out, and why: a
 * deployment cannot change them.
 */
export const OMITTED_TEMPLATE_VARIABLES: Readonly<Record<string, string>> = {
  service_account_name: 'flow runs do not talk to the Kubernetes API: no account, no token',
  backoff_limit: 'always 0: a failed flow run is Prefect\'s to retry, and the worker then reschedules on SIGTERM',
  cpu_request: 'from the environment\'s flowRuns.resources',
  cpu_limit: 'CPU is never limited (LabStack\'s rule for every container)',
  memory_request: 'from the environment\'s flowRuns.resources',
  memory_limit: 'from the environment\'s flowRuns.resources',
};
const TEMPLATE_FILE = 'baseJobTemplate.json';

/** A volume every flow run mounts. */
export interface FlowRunVolume {
  /** A claim or a scratch volume: flow runs are restricted pods. */
  readonly volume: IPodVolume;
  readonly mountPath: string;
  readonly readOnly?: boolean;
}

export interface FlowRunSpec {
  /** Labels of the flow-run pods, for NetworkPolicies. */
  readonly identity: Identity;
  /** The default image of flow runs. */
  readonly image: string;
  readonly security: PodSecurity;
  readonly resources: Resources;
  readonly volumes: FlowRunVolume[];
  /** Default environment of flow runs (the worker adds its Prefect settings: the API's URL and auth string, …). */
  readonly env: Record<string, string>;
  /** Finished Jobs are deleted after this time. @default 86400 */
  readonly finishedJobTtlSeconds?: number;
}

export interface PrefectWorkPoolProps {
  /** Identity of the worker pods. */
  readonly identity: Identity;
  /** Name of the work pool; also of the worker's Deployment, ServiceAccount and Role. */
  readonly pool: string;
  /** A pinned image of prefecthq/prefect with the kubernetes integration. */
  readonly image: string;
  /** The Prefect API the worker and its flow runs use, with its auth string. */
  readonly api: PrefectApi;
  /** Flow runs one worker runs at a time. */
  readonly concurrency: number;
  readonly resources: Resources;
  /** How each flow run becomes a Job. */
  readonly flowRuns: FlowRunSpec;
}

/**
 * A Prefect work pool of type `kubernetes` and its worker: each flow run becomes a Kubernetes
 * Job built from a base job template (the Kubernetes equivalent of Docker workers starting
 * containers through the host's socket).
 *
 * The worker runs under its own ServiceAccount with a namespaced Role limited to WORKER_RULES.
 * The template is a ConfigMap (`<pool>-base-job-template`): the worker creates the pool with it
 * when it does not exist, and the configuration job overwrites it on every change.
 *
 * The worker copies its Prefect settings, the API's auth string included, into each flow run's
 * env. It is told the string's Secret and key, so it writes a secretKeyRef into every Job rather
 * than the value. The template cannot carry that reference itself: the worker drops a template
 * entry that has the name of one of its own settings (KUBERNETES_WORKER_JOB.envMerge).
 */
export class PrefectWorkPool extends Construct {
  public readonly pool: string;
  /** The base job template, as sent to Prefect. */
  public readonly baseJobTemplate: object;
  /** The ConfigMap holding `baseJobTemplate.json`, to mount into other pods. */
  public readonly templateVolume: IPodVolume;
  public readonly identity: Identity;

  constructor(scope: Construct, id: string, props: PrefectWorkPoolProps) {
    super(scope, id);
    this.pool = props.pool;
    this.identity = props.identity;
    const labels = props.identity.labels;
    this.baseJobTemplate = baseJobTemplate(props.flowRuns, Chart.of(this).namespace!);

    const account = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: props.pool, labels },
      automountServiceAccountToken: false,
    });
    const role = new k8s.KubeRole(this, 'Role', { metadata: { name: props.pool, labels }, rules: WORKER_RULES });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: props.pool, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: account.name }],
    });
    const configMap = new k8s.KubeConfigMap(this, 'BaseJobTemplate', {
      metadata: { name: `${props.pool}-base-job-template`, labels },
      data: { [TEMPLATE_FILE]: `${JSON.stringify(this.baseJobTemplate, undefined, 2)}\n` },
    });
    this.templateVolume = configMapVolume(`${props.pool}-template`, configMap.name);

    // The upstream Helm chart's settings: uid 1001, read-only root, scratch home (HOME=/tmp).
    const pod = new PodTemplate({ identity: props.identity, security: PodSecurity.restricted({ uid: 1001 }), serviceAccountName: account.name });
    pod.addContainer({
      name: 'worker',
      image: props.image,
      // As arguments, so the image's entrypoint (tini, then entrypoint.sh) stays in front.
      args: [
        'prefect', 'worker', 'start',
        '--type', 'kubernetes',
        '--pool', props.pool,
        '--with-healthcheck',
        '--limit', String(props.concurrency),
        '--base-job-template', `/etc/prefect/${TEMPLATE_FILE}`,
      ],
      port: HEALTH_PORT,
      // The worker's only endpoint: it fails when the worker stops polling the server.
      probes: { liveness: { path: '/health' }, readiness: { path: '/health' }, startupSeconds: 120 },
      resources: props.resources,
    });
    // Flow runs read the auth string from its Secret: the worker writes a secretKeyRef into each Job.
    const secretReference = KUBERNETES_WORKER_JOB.secretReferences[PREFECT_SERVER.spec.auth!.clientEnv];
    pod.addEnv(
      'worker',
      ...props.api.clientEnv(),
      { name: secretReference.secretName, value: props.api.authString.secret.name },
      { name: secretReference.secretKey, value: props.api.authString.key },
      { name: 'PREFECT_WORKER_WEBSERVER_HOST', value: '0.0.0.0' },
      { name: 'PREFECT_WORKER_WEBSERVER_PORT', value: String(HEALTH_PORT) },
      // The worker watches flow-run pods in its own namespace only (its Role allows no more).
      { name: 'PREFECT_INTEGRATIONS_KUBERNETES_OBSERVER_NAMESPACES', value: Chart.of(this).namespace! },
    );
    pod.mount('worker', this.templateVolume, '/etc/prefect', { readOnly: true });

    // Replaced with Recreate: two workers at once would run more flows than --limit allows. Flow
    // runs are Jobs of their own and survive the restart.
    new Agent(this, 'Worker', { name: `${props.pool}-worker`, pod });
  }
}

/**
 * Prefect's base job template for the kubernetes worker: `job_configuration` is the Job with
 * `{{ placeholders }}`, `variables` the JSON schema of what a deployment may override. It starts
 * from what `prefect work-pool get-default-base-job-template --type kubernetes` prints (see
 * KUBERNETES_WORKER_JOB in prefect.images.ts) and changes only what LabStack needs: a restricted
 * pod, resources, volumes, and labels.
 */
function baseJobTemplate(spec: FlowRunSpec, namespace: string): object {
  const container = {
    name: 'prefect-job',
    image: '{{ image }}',
    imagePullPolicy: '{{ image_pull_policy }}',
    args: '{{ command }}',
    env: '{{ env }}',
    resources: {
      requests: { cpu: spec.resources.requests.cpu, memory: spec.resources.requests.memory },
      limits: { memory: spec.resources.limits.memory },
    },
    securityContext: spec.security.containerSecurityContext(),
    volumeMounts: [
      { name: 'tmp', mountPath: '/tmp' },
      ...spec.volumes.map((v) => ({ name: v.volume.volumeName, mountPath: v.mountPath, ...(v.readOnly ? { readOnly: true } : {}) })),
    ],
  };
  return {
    job_configuration: {
      command: '{{ command }}',
      env: '{{ env }}',
      annotations: '{{ annotations }}',
      // The worker labels each Job and pod with its own app.kubernetes.io/* values (the deployment
      // name as app.kubernetes.io/name, "prefect" as part-of and managed-by) and then with these,
      // which win: flow-run pods keep the labels LabStack's NetworkPolicies select.
      labels: spec.identity.labels,
      name: '{{ name }}',
      namespace: '{{ namespace }}',
      job_manifest: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { annotations: '{{ annotations }}', generateName: '{{ name }}-', labels: '{{ labels }}', namespace: '{{ namespace }}' },
        spec: {
          backoffLimit: 0,
          ttlSecondsAfterFinished: '{{ finished_job_ttl }}',
          template: {
            metadata: { labels: spec.identity.labels },
            spec: {
              // The worker refuses a manifest without these two (its validator compares every path of
              // its default manifest); the API server ignores them in a pod spec, as upstream's do.
              parallelism: 1,
              completions: 1,
              restartPolicy: 'Never',
              automountServiceAccountToken: false,
              enableServiceLinks: false,
              securityContext: spec.security.podSecurityContext(),
              containers: [container],
              volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '1Gi' } }, ...spec.volumes.map((v) => v.volume.podVolume())],
            },
          },
        },
      },
      cluster_config: '{{ cluster_config }}',
      job_watch_timeout_seconds: '{{ job_watch_timeout_seconds }}',
      pod_watch_timeout_seconds: '{{ pod_watch_timeout_seconds }}',
      stream_output: '{{ stream_output }}',
    },
    variables: {
      type: 'object',
      properties: {
        name: { type: 'string', title: 'Name', description: 'Name given to the Job.' },
        namespace: { type: 'string', title: 'Namespace', default: namespace, description: 'Where flow-run Jobs are created; the worker\'s Role covers this namespace only.' },
        image: { type: 'string', title: 'Image', default: spec.image, description: 'The flow-run image.' },
        image_pull_policy: { type: 'string', title: 'Image Pull Policy', enum: ['IfNotPresent', 'Always', 'Never'], default: 'IfNotPresent' },
        env: { type: 'object', title: 'Environment Variables', additionalProperties: { type: 'string' }, default: spec.env },
        labels: { type: 'object', title: 'Labels', additionalProperties: { type: 'string' } },
        annotations: { type: 'object', title: 'Annotations', additionalProperties: { type: 'string' } },
        command: { type: 'string', title: 'Command', description: 'Defaults to the Prefect flow-run command.' },
        finished_job_ttl: { type: 'integer', title: 'Finished Job TTL', default: spec.finishedJobTtlSeconds ?? 86400 },
        job_watch_timeout_seconds: { type: 'integer', title: 'Job Watch Timeout Seconds' },
        pod_watch_timeout_seconds: { type: 'integer', title: 'Pod Watch Timeout Seconds', default: 300 },
        stream_output: { type: 'boolean', title: 'Stream Output', default: true },
        cluster_config: { allOf: [{ $ref: '#/definitions/KubernetesClusterConfig' }], title: 'Cluster Config' },
      },
      definitions: {
        KubernetesClusterConfig: {
          type: 'object',
          title: 'KubernetesClusterConfig',
          properties: { config: { type: 'object', title: 'Config' }, context_name: { type: 'string', title: 'Context Name' } },
          required: ['config', 'context_name'],
          block_type_slug: 'kubernetes-cluster-config',
          secret_fields: [],
          block_schema_references: {},
        },
      },
    },
  };
}

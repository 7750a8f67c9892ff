import { KUBERNETES_WORKER_JOB } from '../../constructs/prefect/prefect.images';
import { describe, Manifest } from './manifests';

/** A pod template found in the manifests: a workload's, or the flow-run pod of a Prefect base job template. */
export interface PodTemplateOf {
  /** The object it was found in. */
  readonly owner: Manifest;
  /** For messages: the owner, and which pod of it. */
  readonly where: string;
  readonly namespace: string;
  /** The labels the pod gets. */
  readonly labels: Record<string, string>;
  readonly spec: any;
  readonly runsToCompletion: boolean;
}

/**
 * Every pod template: of the workloads, and the flow-run pods a Prefect kubernetes worker makes
 * from each base job template (a JSON document in a ConfigMap), with the template's defaults in
 * place of its placeholders and what the worker adds (KUBERNETES_WORKER_JOB).
 */
export function podTemplates(manifests: Manifest[]): PodTemplateOf[] {
  return manifests.flatMap((m): PodTemplateOf[] => {
    const namespace = m.metadata.namespace!;
    const template =
      m.kind === 'CronJob' ? m.spec.jobTemplate.spec.template : ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(m.kind) ? m.spec.template : undefined;
    if (template) {
      return [{ owner: m, where: describe(m), namespace, labels: template.metadata?.labels ?? {}, spec: template.spec, runsToCompletion: m.kind === 'CronJob' || m.kind === 'Job' }];
    }
    if (m.kind === 'ConfigMap' && m.data?.['baseJobTemplate.json']) {
      const worker = manifests.find(
        (w) => w.kind === 'Deployment' && w.metadata.namespace === namespace && (w.spec.template.spec.volumes ?? []).some((v: any) => v.configMap?.name === m.metadata.name),
      );
      const workerEnv = worker?.spec.template.spec.containers[0].env ?? [];
      const jobTemplate = JSON.parse(m.data['baseJobTemplate.json']);
      const pod = jobTemplate.job_configuration.job_manifest.spec.template;
      const labels = typeof jobTemplate.job_configuration.labels === 'object' ? jobTemplate.job_configuration.labels : {};
      return [{ owner: m, where: `${describe(m)} flow-run pod`, namespace, labels: { ...pod.metadata?.labels, ...labels }, spec: flowRunPod(jobTemplate, workerEnv), runsToCompletion: true }];
    }
    return [];
  });
}

/**
 * The worker copies every Prefect setting it has set (core settings, not prefect-kubernetes'
 * PREFECT_INTEGRATIONS_*) into each flow run's environment.
 */
function isCopiedToFlowRuns(variable: any): boolean {
  return variable.name.startsWith('PREFECT_') && !variable.name.startsWith('PREFECT_INTEGRATIONS_');
}

/** The flow-run pod spec of a base job template, placeholders filled as the worker fills them. */
function flowRunPod(template: any, workerEnv: any[]): any {
  const defaults = template.variables.properties;
  const spec = template.job_configuration.job_manifest.spec.template.spec;
  const env = template.job_configuration.env === '{{ env }}' ? defaults.env.default ?? {} : template.job_configuration.env ?? {};
  return {
    ...spec,
    containers: spec.containers.map((c: any, i: number) => ({
      ...c,
      image: c.image === '{{ image }}' ? defaults.image.default : c.image,
      imagePullPolicy: c.imagePullPolicy === '{{ image_pull_policy }}' ? defaults.image_pull_policy.default : c.imagePullPolicy,
      command: c.args === '{{ command }}' || c.command === '{{ command }}' ? [...KUBERNETES_WORKER_JOB.defaultCommand] : c.command,
      args: undefined,
      // The worker fills in the env of the first container only.
      env: i === 0 ? flowRunEnv(workerEnv, env, c.env) : c.env,
    })),
  };
}

/**
 * The env of a flow run's container as the worker writes it into the Job
 * (KUBERNETES_WORKER_JOB.envMerge and .secretReferences): the worker's own Prefect settings as
 * plain values (a value it reads from a Secret is copied in clear), the template's env over them,
 * then the entries of the template container's own env list that have other names; a setting
 * whose Secret and key the worker is told becomes a secretKeyRef.
 */
function flowRunEnv(workerEnv: any[], env: Record<string, string>, containerEnv: unknown): any[] {
  const merged = new Map<string, any>();
  for (const variable of workerEnv.filter(isCopiedToFlowRuns)) {
    const ref = variable.valueFrom?.secretKeyRef;
    merged.set(variable.name, { name: variable.name, value: variable.value ?? `<the worker's ${ref ? `Secret ${ref.name} key ${ref.key}` : 'value'}, copied in clear>` });
  }
  for (const [name, value] of Object.entries(env)) merged.set(name, { name, value });
  const own = Array.isArray(containerEnv) ? containerEnv.filter((e: any) => !merged.has(e.name)) : [];
  const workerValue = (name: string) => workerEnv.find((v) => v.name === name)?.value;
  return [...merged.values(), ...own].map((entry) => {
    const reference = KUBERNETES_WORKER_JOB.secretReferences[entry.name];
    const secret = reference && workerValue(reference.secretName);
    const key = reference && workerValue(reference.secretKey);
    return secret && key ? { name: entry.name, valueFrom: { secretKeyRef: { name: secret, key } } } : entry;
  });
}

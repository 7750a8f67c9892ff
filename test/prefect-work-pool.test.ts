import { KUBERNETES_WORKER_JOB } from '../constructs/prefect/prefect.images';
import { OMITTED_TEMPLATE_VARIABLES } from '../constructs/prefect/work-pool';
import { podTemplates } from '../tools/validation/pods';
import { EVERYTHING_ACME, fixture } from './fixtures';
import { render } from './helpers';

/**
 * The base job template against what the Prefect kubernetes worker does with it for each flow
 * run (KUBERNETES_WORKER_JOB, read from prefect-kubernetes): its validator's required paths, the
 * placeholders it fills, and the labels it writes over the pod's.
 */
const objects = render(fixture(EVERYTHING_ACME, 'acme'));
const templateOf = (pool: string) => JSON.parse(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === `${pool}-base-job-template`)!.data['baseJobTemplate.json']);
const template = templateOf('archival-kubernetes-workpool');

/** The value at a JSON pointer, or undefined. */
function at(document: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), document);
}

/** What the worker's _validate_job_manifest reports for a manifest (its two error messages). */
function validate(manifest: unknown): string[] {
  const required = Object.entries(KUBERNETES_WORKER_JOB.requiredManifest);
  const missing = required.filter(([pointer]) => at(manifest, pointer) === undefined).map(([pointer]) => pointer);
  const wrong = required.filter(([pointer, value]) => at(manifest, pointer) !== undefined && at(manifest, pointer) !== value).map(([pointer, value]) => `${pointer} must have value ${JSON.stringify(value)}`);
  return [
    ...(missing.length ? [`Job is missing required attributes at the following paths: ${missing.sort().join(', ')}`] : []),
    ...(wrong.length ? [`Job has incompatible values for the following attributes: ${wrong.sort().join(', ')}`] : []),
  ];
}

/**
 * The pod labels of a flow run: the worker's own labels (flow run, pool, worker, flow, deployment;
 * later ones win), then job_configuration.labels, all over the pod template's labels.
 */
function flowRunPodLabels(jobTemplate: any, deploymentLabels: Record<string, string> = {}): Record<string, string> {
  const worker = Object.assign({}, ...KUBERNETES_WORKER_JOB.labelSources.map((s) => s.labels), { 'app.kubernetes.io/name': 'datasets_archival' });
  const configured = jobTemplate.job_configuration.labels === '{{ labels }}' ? deploymentLabels : jobTemplate.job_configuration.labels;
  return { ...jobTemplate.job_configuration.job_manifest.spec.template.metadata.labels, ...worker, ...configured };
}

function selects(policy: any, labels: Record<string, string>): boolean {
  return Object.entries(policy.spec.podSelector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

describe('the kubernetes work pools\' base job template', () => {
  test('derives from the worker\'s default template: every key of its job_configuration, every variable but the documented omissions', () => {
    const defaults = KUBERNETES_WORKER_JOB.defaultTemplate;
    expect(defaults.jobConfiguration.filter((key) => !(key in template.job_configuration))).toEqual([]);
    expect(defaults.variables.filter((name) => !(name in template.variables.properties) && !(name in OMITTED_TEMPLATE_VARIABLES))).toEqual([]);
    expect(Object.keys(OMITTED_TEMPLATE_VARIABLES).filter((name) => name in template.variables.properties)).toEqual([]);
  });

  test('passes the worker\'s job manifest validator', () => {
    expect(validate(template.job_configuration.job_manifest)).toEqual([]);
  });

  test('the validator check fails on the template without parallelism and completions (the earlier defect)', () => {
    const broken = JSON.parse(JSON.stringify(template.job_configuration.job_manifest));
    delete broken.spec.template.spec.parallelism;
    delete broken.spec.template.spec.completions;
    expect(validate(broken)).toEqual(['Job is missing required attributes at the following paths: /spec/template/spec/completions, /spec/template/spec/parallelism']);
  });

  test('every placeholder of job_configuration is a declared variable (what the Prefect server checks)', () => {
    const placeholders = [...JSON.stringify(template.job_configuration).matchAll(/\{\{ ([a-z_]+) \}\}/g)].map((m) => m[1]);
    expect(placeholders.length).toBeGreaterThan(5);
    expect(placeholders.filter((p) => !(p in template.variables.properties))).toEqual([]);
  });

  test('leaves the container command to the worker, which fills in the flow-run command', () => {
    expect(template.job_configuration.job_manifest.spec.template.spec.containers[0].args).toBe('{{ command }}');
    expect(template.variables.properties.command.default).toBeUndefined();
    expect(KUBERNETES_WORKER_JOB.defaultCommand).toEqual(['prefect', 'flow-run', 'execute']);
  });

  test('flow-run pods keep the labels the NetworkPolicies select, over the worker\'s own app.kubernetes.io labels', () => {
    const labels = flowRunPodLabels(template, { 'app.kubernetes.io/name': 'from-a-deployment' });
    expect(labels).toMatchObject({ 'app.kubernetes.io/name': 'openem', 'app.kubernetes.io/component': 'flow-run', 'prefect.io/flow-run-id': '<id>' });
    const flowRunPolicies = objects.filter((o) => o.kind === 'NetworkPolicy' && (o.metadata.name === 'flow-run-egress' || o.spec.ingress?.some((r: any) => r.from?.some((f: any) => f.podSelector?.matchLabels?.['app.kubernetes.io/component'] === 'flow-run'))));
    expect(flowRunPolicies.map((p) => p.metadata.name).sort()).toEqual(['flow-run-egress', 'prefect-server-from-clients']);
    expect(selects(objects.find((o) => o.metadata.name === 'flow-run-egress'), labels)).toBe(true);
    const server = objects.find((o) => o.metadata.name === 'prefect-server-from-clients')!;
    const peer = server.spec.ingress[0].from.find((f: any) => f.podSelector?.matchLabels?.['app.kubernetes.io/component'] === 'flow-run');
    expect(Object.entries(peer.podSelector.matchLabels).every(([k, v]) => labels[k] === v)).toBe(true);
  });

  test('with the worker\'s labels winning (labels left to {{ labels }}), the policies would no longer match: the earlier defect', () => {
    const earlier = { ...template, job_configuration: { ...template.job_configuration, labels: '{{ labels }}' } };
    expect(selects(objects.find((o) => o.metadata.name === 'flow-run-egress'), flowRunPodLabels(earlier))).toBe(false);
  });

  describe('the flow runs\' env, as the worker writes it into each Job (KUBERNETES_WORKER_JOB.envMerge, .secretReferences)', () => {
    const flowRunEnv = (manifests: any[]) =>
      podTemplates(manifests).find((p) => p.where.startsWith('ConfigMap openem/archival-kubernetes-workpool-base-job-template'))!.spec.containers[0].env;

    test('the worker\'s settings and the template\'s env; the auth string a reference to its Secret', () => {
      const env = flowRunEnv(objects);
      expect(env.find((e: any) => e.name === 'PREFECT_API_AUTH_STRING')).toEqual({ name: 'PREFECT_API_AUTH_STRING', valueFrom: { secretKeyRef: { name: 'openem-prefect-auth', key: 'auth-string' } } });
      expect(env.find((e: any) => e.name === 'PREFECT_API_URL')).toEqual({ name: 'PREFECT_API_URL', value: 'http://prefect-server:4200/api' });
      expect(env.find((e: any) => e.name === 'PREFECT_TASKS_DEFAULT_RETRIES')).toEqual({ name: 'PREFECT_TASKS_DEFAULT_RETRIES', value: '2' });
      // prefect-kubernetes' own settings are not root settings: never copied.
      expect(env.filter((e: any) => e.name.startsWith('PREFECT_INTEGRATIONS_'))).toEqual([]);
    });

    test('a worker not told the Secret would copy the string into every Job in clear', () => {
      const copy = JSON.parse(JSON.stringify(objects));
      const worker = copy.find((o: any) => o.kind === 'Deployment' && o.metadata.name === 'archival-kubernetes-workpool-worker').spec.template.spec.containers[0];
      worker.env = worker.env.filter((e: any) => !e.name.startsWith('PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_AUTH_STRING_'));
      expect(flowRunEnv(copy).find((e: any) => e.name === 'PREFECT_API_AUTH_STRING')).toEqual({
        name: 'PREFECT_API_AUTH_STRING',
        value: '<the worker\'s Secret openem-prefect-auth key auth-string, copied in clear>',
      });
    });

    test('why the template does not carry the reference: the worker drops a template entry named like one of its settings', () => {
      const copy = JSON.parse(JSON.stringify(objects));
      const configMap = copy.find((o: any) => o.kind === 'ConfigMap' && o.metadata.name === 'archival-kubernetes-workpool-base-job-template');
      const worker = copy.find((o: any) => o.kind === 'Deployment' && o.metadata.name === 'archival-kubernetes-workpool-worker').spec.template.spec.containers[0];
      worker.env = worker.env.filter((e: any) => !e.name.startsWith('PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_AUTH_STRING_'));
      const edited = JSON.parse(configMap.data['baseJobTemplate.json']);
      edited.job_configuration.job_manifest.spec.template.spec.containers[0].env = [
        { name: 'PREFECT_API_AUTH_STRING', valueFrom: { secretKeyRef: { name: 'openem-prefect-auth', key: 'auth-string' } } },
        { name: 'EXTRA', value: 'kept' },
      ];
      configMap.data['baseJobTemplate.json'] = JSON.stringify(edited);
      const env = flowRunEnv(copy);
      expect(env.filter((e: any) => e.name === 'PREFECT_API_AUTH_STRING')).toEqual([{ name: 'PREFECT_API_AUTH_STRING', value: '<the worker\'s Secret openem-prefect-auth key auth-string, copied in clear>' }]);
      expect(env[env.length - 1]).toEqual({ name: 'EXTRA', value: 'kept' });
    });
  });
});

import { KUBERNETES_WORKER_JOB } from '../constructs/prefect/prefect.images';
import { OMITTED_TEMPLATE_VARIABLES } from '../constructs/prefect/work-pool';
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
});

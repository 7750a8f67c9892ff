import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, cpSync, mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LabStackApp } from '../charts/labstack-app';
import { DeclaredSecret } from '../constructs/secrets';
import { ARGOCD_DIR } from '../config/load';
import { readManifests, parseManifests, yamlFiles } from '../tools/validation/manifests';
import { checkSemantics } from '../tools/validation/semantics';
import { bundledEnvironments, dump } from './helpers';

const TSX = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
const environments = bundledEnvironments();

describe('dist', () => {
  test('dist on disk equals a fresh synthesis of the bundled environments, file for file', () => {
    const rendered = environments.flatMap((env) => new LabStackApp(env).render());
    expect(yamlFiles('dist')).toEqual(rendered.map((f) => f.path).sort());
    for (const file of rendered) expect(readFileSync(join('dist', file.path), 'utf8')).toBe(file.content);
  });

  test('dist holds a directory per environment and the Argo CD applications', () => {
    expect(readdirSync('dist').sort()).toEqual([ARGOCD_DIR, ...environments.map((e) => e.name)].sort());
    expect(readdirSync(join('dist', ARGOCD_DIR)).sort()).toEqual(environments.filter((e) => e.delivery.argocd).map((e) => e.name).sort());
  });

  test("the linear renderer gives exactly what cdk8s's own Chart.toJson() gives", () => {
    for (const env of environments) {
      const app = new LabStackApp(env);
      const ours = app.render().flatMap((f) => parseManifests(f.path, f.content).map(({ file: _f, ...o }) => o));
      expect(ours).toEqual(app.charts.flatMap((chart) => chart.toJson()));
    }
  });

  test('synthesizing twice gives identical bytes', () => {
    for (const env of environments) {
      expect(new LabStackApp(env).render()).toEqual(new LabStackApp(env).render());
    }
  });

  test.each(environments.map((e) => [e.name, e] as const))('dist/%s passes the semantic checks', (name, env) => {
    expect(checkSemantics(readManifests(join('dist', name)), { externalNamespaces: [env.tls.certManagerNamespace] })).toEqual([]);
  });

  test('every Secret and key a manifest references is declared in the secrets contract (npm run secrets creates it)', () => {
    for (const env of environments) {
      const app = new LabStackApp(env);
      const declared = new Set(DeclaredSecret.all(app).flatMap((s) => [`${s.namespace}/${s.name}`, ...s.keys.map((k) => `${s.namespace}/${s.name}/${k.key}`)]));
      const referenced = new Set<string>();
      const visit = (node: unknown, namespace: string): void => {
        if (Array.isArray(node)) return node.forEach((n) => visit(n, namespace));
        if (!node || typeof node !== 'object') return;
        const o = node as Record<string, any>;
        if (o.secretKeyRef) referenced.add(`${namespace}/${o.secretKeyRef.name}/${o.secretKeyRef.key}`);
        if (o.secret?.secretName) referenced.add(`${namespace}/${o.secret.secretName}`);
        Object.values(o).forEach((v) => visit(v, namespace));
      };
      const objects = app.render().flatMap((f) => parseManifests(f.path, f.content));
      objects.forEach((o) => visit(o, o.metadata.namespace ?? ''));
      expect(referenced.size).toBeGreaterThan(10);
      expect([...referenced].filter((r) => !declared.has(r))).toEqual([]);
    }
  });

  test('no Secret values appear anywhere in dist', () => {
    for (const env of environments) {
      const manifests = readManifests(join('dist', env.name));
      expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
      expect(JSON.stringify(manifests)).not.toMatch(/stringData|"data":\{"[^"]*":"[A-Za-z0-9+/=]{20,}"/);
    }
  });
});

describe('schema validation (Kubernetes 1.27, current Kubernetes, CRDs)', () => {
  // kubernetes-models is published as ES modules only, which jest's CommonJS runtime cannot
  // import, so the validator runs as its own process (the same one `npm run validate` runs).
  const validate = (dist: string, config = 'config') => spawnSync(TSX, ['tools/validate.ts', '--dist', dist, '--config', config], { encoding: 'utf8' });

  test('every object in dist validates', () => {
    const result = validate('dist');
    expect(result.stdout).toMatch(/dev: \d+ objects, \d+ Argo CD objects, 0 problems/);
    expect(result.stdout).toMatch(/prod: \d+ objects, \d+ Argo CD objects, 0 problems/);
    expect(result.status).toBe(0);
  });

  test('fails on invalid built-in objects and on CRD objects with unknown or mistyped fields', () => {
    const dir = mkdtempSync(join(tmpdir(), 'labstack-invalid-'));
    cpSync('dist/dev', join(dir, 'dist', 'dev'), { recursive: true });
    cpSync('dist/argocd/dev', join(dir, 'dist', 'argocd', 'dev'), { recursive: true });
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config', 'dev.yaml'), readFileSync('config/dev.yaml'));
    const file = join(dir, 'dist', 'dev', '10-open-pectus', '10-open-pectus-dev.yaml');
    const objects = parseManifests('x', readFileSync(file, 'utf8')).map(({ file: _f, ...o }) => o as any);
    objects.find((o) => o.kind === 'Deployment').spec.replicas = 'one';
    objects.find((o) => o.kind === 'CronJob').spec.jobTemplate.spec.template.spec.containers[0].ports = [{ containerPort: 'x' }];
    objects.find((o) => o.kind === 'ServersTransport').spec.forwardingTimeouts.bogus = '1s';
    writeFileSync(file, objects.map((o) => `---\n${dump(o)}`).join(''));
    const result = validate(join(dir, 'dist'), join(dir, 'config'));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Kubernetes 1.27: data/spec/replicas must be integer');
    expect(result.stdout).toContain('Kubernetes current: data/spec/replicas must be integer');
    expect(result.stdout).toContain('containerPort must be integer');
    expect(result.stdout).toContain('ServersTransport open-pectus/aggregator-dev (10-open-pectus/10-open-pectus-dev.yaml): CRD schema: /spec/forwardingTimeouts must NOT have additional properties');
  });
});

describe('semantic checks', () => {
  const good = readManifests('dist/prod');
  const mutate = (edit: (objects: any[]) => void) => {
    const copy = JSON.parse(JSON.stringify(good));
    edit(copy);
    return checkSemantics(copy, { externalNamespaces: ['cert-manager'] });
  };
  const byName = (objects: any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

  test('fail when a Service selects no pods', () => {
    expect(mutate((o) => (byName(o, 'Service', 'aggregator-prd').spec.selector['app.kubernetes.io/component'] = 'nothing'))).toEqual([
      'Service open-pectus/aggregator-prd (10-open-pectus/10-open-pectus-prd.yaml): selects no pods',
    ]);
  });

  test('fail when an Ingress points at a missing port', () => {
    expect(mutate((o) => (byName(o, 'Ingress', 'aggregator-prd').spec.rules[0].http.paths[0].backend.service.port = { name: 'web' }))).toEqual([
      'Ingress open-pectus/aggregator-prd (10-open-pectus/10-open-pectus-prd.yaml): Service aggregator-prd has no port web',
    ]);
  });

  test('fail when no Certificate issues an Ingress TLS Secret, covers its host, or has its issuer', () => {
    expect(mutate((o) => (byName(o, 'Ingress', 'aggregator-prd').spec.tls[0].secretName = 'elsewhere-tls'))).toEqual([
      'Ingress open-pectus/aggregator-prd (10-open-pectus/10-open-pectus-prd.yaml): no Certificate issues its TLS Secret elsewhere-tls',
    ]);
    expect(mutate((o) => (byName(o, 'Certificate', 'pectus.lab.example.org').spec.dnsNames = ['other.lab.example.org']))).toEqual([
      'Ingress open-pectus/aggregator-prd (10-open-pectus/10-open-pectus-prd.yaml): Certificate pectus.lab.example.org does not cover pectus.lab.example.org',
      'Ingress open-pectus/database-administration-prd-admin (10-open-pectus/10-open-pectus-prd.yaml): Certificate pectus.lab.example.org does not cover pectus.lab.example.org',
    ]);
    expect(mutate((o) => (byName(o, 'Certificate', 'pectus.lab.example.org').spec.issuerRef.name = 'gone'))).toEqual([
      'Certificate open-pectus/pectus.lab.example.org (10-open-pectus/10-open-pectus-prd.yaml): ClusterIssuer gone does not exist',
    ]);
  });

  test('fail when a volume claims a missing PVC or a mount has no volume', () => {
    const problems = mutate((o) => {
      o.splice(o.indexOf(byName(o, 'PersistentVolumeClaim', 'aggregator-prd-backup')), 1);
      byName(o, 'Deployment', 'aggregator-tst').spec.template.spec.containers[0].volumeMounts.push({ name: 'ghost', mountPath: '/x' });
    });
    expect(problems).toContain(
      'CronJob open-pectus/aggregator-prd-backup (10-open-pectus/10-open-pectus-prd.yaml): volume aggregator-prd-backup claims aggregator-prd-backup, which does not exist',
    );
    expect(problems).toContain('Deployment open-pectus/aggregator-tst (10-open-pectus/10-open-pectus-tst.yaml): container aggregator mounts ghost, which is not a volume of the pod');
  });

  test('fail on Secrets, literal secret values, unknown namespaces and images without a tag', () => {
    const problems = mutate((o) => {
      o.push({ apiVersion: 'v1', kind: 'Secret', file: 'x.yaml', metadata: { name: 's', namespace: 'nowhere', labels: {} }, data: { a: 'YQ==' } });
      const c = byName(o, 'Deployment', 'aggregator-tst').spec.template.spec.containers[0];
      c.env.push({ name: 'API_PASSWORD', value: 'hunter2' });
      c.image = 'ghcr.io/open-pectus/open-pectus';
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'Secret nowhere/s (x.yaml): namespace nowhere is not rendered',
        'Secret nowhere/s (x.yaml): Secrets are never rendered; declare it in the secrets contract',
        'Deployment open-pectus/aggregator-tst (10-open-pectus/10-open-pectus-tst.yaml): container aggregator has API_PASSWORD as a literal value; read it from a Secret',
        'Deployment open-pectus/aggregator-tst (10-open-pectus/10-open-pectus-tst.yaml): container aggregator image ghcr.io/open-pectus/open-pectus names no tag',
      ]),
    );
  });

  test('fail on hostPath volumes outside a privileged namespace, or mounted writable', () => {
    const problems = mutate((o) => {
      const pod = byName(o, 'Deployment', 'aggregator-tst').spec.template.spec;
      pod.volumes.push({ name: 'host', hostPath: { path: '/' } });
      pod.containers[0].volumeMounts.push({ name: 'host', mountPath: '/host' });
    });
    expect(problems).toEqual([
      'Deployment open-pectus/aggregator-tst (10-open-pectus/10-open-pectus-tst.yaml): hostPath volume outside a privileged namespace',
      'Deployment open-pectus/aggregator-tst (10-open-pectus/10-open-pectus-tst.yaml): hostPath volume host is mounted writable',
    ]);
  });

  test('fail when a pod in a restricted namespace is not restricted', () => {
    expect(mutate((o) => (byName(o, 'Deployment', 'aggregator-tst').spec.template.spec.containers[0].securityContext.capabilities.drop = [])))
      .toEqual(['Deployment open-pectus/aggregator-tst (10-open-pectus/10-open-pectus-tst.yaml): container aggregator does not meet the restricted Pod Security Standard']);
  });
});

import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { LabStackApp } from '../charts/labstack-app';
import { DeclaredSecret } from '../constructs/secrets';
import { parseManifests, readManifests } from '../tools/validation/manifests';
import { renderedRoutes } from '../tools/validation/routes';
import { checkSemantics } from '../tools/validation/semantics';
import { EVERYTHING_SELF_SIGNED, fixture } from './fixtures';
import { bundledEnvironments, validate } from './helpers';
import { inKubectlOrder, orderProblems } from './kubectl-order';

/**
 * The bundled examples: whatever environments config/ holds, and what dist/ holds. The other test
 * files build their own environments; test/config-independence.test.ts checks that and runs this
 * file with an environment added, one removed and a system switched off.
 */
const environments = bundledEnvironments();
const byName = environments.map((e) => [e.name, e] as const);
const rendered = environments.flatMap((env) => new LabStackApp(env).render());

describe('dist/ is a fresh synthesis of config/ (npm run synth)', () => {
  test('dist/ holds a directory per environment in config/ (and argocd/ for their Argo CD applications): a dist/<env> without config is stale', () => {
    expect(readdirSync('dist').sort()).toEqual([...new Set(rendered.map((f) => f.path.split('/')[0]))].sort());
  });

  test('dist/ holds exactly the directories and files a fresh synthesis writes, byte for byte', () => {
    const written = rendered.flatMap((f) => f.path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/')));
    expect(readdirSync('dist', { recursive: true, encoding: 'utf8' }).sort()).toEqual([...new Set(written)].sort());
    for (const file of rendered) expect(readFileSync(join('dist', file.path), 'utf8')).toBe(file.content);
  });

  test.each(byName)("%s: the linear renderer gives exactly what cdk8s's own Chart.toJson() gives", (_, env) => {
    const app = new LabStackApp(env);
    const ours = app.render().flatMap((f) => parseManifests(f.path, f.content).map(({ file: _f, ...o }) => o));
    expect(ours).toEqual(app.charts.flatMap((chart) => chart.toJson()));
  });

  test.each(byName)('%s: synthesizing twice gives identical bytes', (_, env) => {
    expect(new LabStackApp(env).render()).toEqual(new LabStackApp(env).render());
  });
});

describe('the bundled examples are sound', () => {
  test('every object in dist/ validates (npm run validate: schemas, CRDs, semantics, Argo CD, image contracts)', () => {
    const result = validate('dist', 'config');
    for (const env of environments) expect(result.stdout).toMatch(new RegExp(`^${env.name}: \\d+ objects, \\d+ Argo CD objects, 0 problems$`, 'm'));
    expect(result.status).toBe(0);
  });

  test.each(byName)('dist/%s passes the semantic checks', (name, env) => {
    expect(checkSemantics(readManifests(join('dist', name)), { externalNamespaces: [env.tls.certManagerNamespace] })).toEqual([]);
  });

  test.each(byName)('kubectl apply -f dist/%s -R on an empty cluster: every object comes after the namespace, issuer, volume and account it needs', (name, env) => {
    expect(orderProblems(inKubectlOrder(join('dist', name)), [env.tls.certManagerNamespace])).toEqual([]);
  });

  test.each(byName)('%s: every image is the version its contract was read at, or a moving tag it publishes', (_, env) => {
    for (const reference of new LabStackApp(env).images.references) {
      const tags = reference.contract.spec.tags;
      expect([tags.pinned, ...(tags.moving ?? [])]).toContain(reference.tag);
    }
  });

  test.each(byName)('%s: every Secret and key a manifest references is declared in the secrets contract (npm run secrets creates it)', (_, env) => {
    expect(secretReferences(new LabStackApp(env)).undeclared).toEqual([]);
  });

  test.each(byName)('dist/%s: every route says how it is authenticated, and a public one is accepted, with that reason, by a setting of its environment file', (name, env) => {
    const routes = renderedRoutes(readManifests(join('dist', name)));
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes.filter((r) => r.kind === 'public')) {
      const [, setting, reason] = /^accepted by (\S+): (.*)$/.exec(route.description)!;
      expect(settingOf(env, setting)).toBe(reason);
    }
    expect(routes.filter((r) => !r.kind)).toEqual([]);
  });

  test.each(byName)('dist/%s holds no Secret and no secret value', (name) => {
    const manifests = readManifests(join('dist', name));
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    expect(JSON.stringify(manifests)).not.toMatch(/stringData|"data":\{"[^"]*":"[A-Za-z0-9+/=]{20,}"/);
  });
});

test('the secret references check finds the references of every system', () => {
  const { referenced, undeclared } = secretReferences(new LabStackApp(fixture(EVERYTHING_SELF_SIGNED, 'everything')));
  expect(referenced.length).toBeGreaterThan(10);
  expect(undeclared).toEqual([]);
});

/** The value of a setting as routes name it: dotted fields, `name[x]` for the element of a list whose name is x. */
function settingOf(env: unknown, setting: string): unknown {
  return setting.split('.').reduce<any>((value, part) => {
    const [, field, name] = /^([^[]+)(?:\[(.+)\])?$/.exec(part)!;
    const next = value?.[field];
    return name === undefined ? next : next?.find((item: { name?: string }) => item.name === name);
  }, env);
}

/** The Secrets and keys the rendered objects reference (namespace/secret/key, or namespace/secret for a volume), and those not declared. */
function secretReferences(app: LabStackApp): { referenced: string[]; undeclared: string[] } {
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
  app.render().flatMap((f) => parseManifests(f.path, f.content)).forEach((o) => visit(o, o.metadata.namespace ?? ''));
  return { referenced: [...referenced], undeclared: [...referenced].filter((r) => !declared.has(r)) };
}

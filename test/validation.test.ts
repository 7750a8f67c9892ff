import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { LabStackApp } from '../charts/labstack-app';
import { parseManifests } from '../tools/validation/manifests';
import { renderedRoutes } from '../tools/validation/routes';
import { checkSemantics } from '../tools/validation/semantics';
import { DEVELOPMENT_LIKE, EVERYTHING_SELF_SIGNED, fixture, fixtureConfigDir, PRODUCTION_LIKE } from './fixtures';
import { dump, validate, writeRendering } from './helpers';

/** The objects of one environment as dist/<env> holds them, each with its file relative to that directory. */
function environmentManifests(text: string, name: string) {
  return new LabStackApp(fixture(text, name))
    .render()
    .filter((f) => f.path.startsWith(`${name}/`))
    .flatMap((f) => parseManifests(f.path.slice(name.length + 1), f.content));
}

describe('schema validation (Kubernetes 1.27, current Kubernetes, CRDs)', () => {
  test('fails on invalid built-in objects and on CRD objects with unknown or mistyped fields', () => {
    const config = fixtureConfigDir({ development: DEVELOPMENT_LIKE });
    const dist = join(config, '..', 'dist');
    writeRendering([fixture(DEVELOPMENT_LIKE, 'development')], dist);
    const file = join(dist, 'development', '10-open-pectus', '10-open-pectus-dev.yaml');
    const objects = parseManifests('x', readFileSync(file, 'utf8')).map(({ file: _f, ...o }) => o as any);
    objects.find((o) => o.kind === 'Deployment').spec.replicas = 'one';
    objects.find((o) => o.kind === 'CronJob').spec.jobTemplate.spec.template.spec.containers[0].ports = [{ containerPort: 'x' }];
    objects.find((o) => o.kind === 'ServersTransport').spec.forwardingTimeouts.bogus = '1s';
    writeFileSync(file, objects.map((o) => `---\n${dump(o)}`).join(''));
    const result = validate(dist, config);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Kubernetes 1.27: data/spec/replicas must be integer');
    expect(result.stdout).toContain('Kubernetes current: data/spec/replicas must be integer');
    expect(result.stdout).toContain('containerPort must be integer');
    expect(result.stdout).toContain('ServersTransport open-pectus/aggregator-dev (10-open-pectus/10-open-pectus-dev.yaml): CRD schema: /spec/forwardingTimeouts must NOT have additional properties');
  });
});

describe('semantic checks', () => {
  const good = environmentManifests(PRODUCTION_LIKE, 'production');
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
    expect(mutate((o) => (byName(o, 'Certificate', 'pectus.research.example.org').spec.dnsNames = ['other.research.example.org']))).toEqual([
      'Ingress open-pectus/aggregator-prd (10-open-pectus/10-open-pectus-prd.yaml): Certificate pectus.research.example.org does not cover pectus.research.example.org',
      'Ingress open-pectus/database-administration-prd-admin (10-open-pectus/10-open-pectus-prd.yaml): Certificate pectus.research.example.org does not cover pectus.research.example.org',
    ]);
    expect(mutate((o) => (byName(o, 'Certificate', 'pectus.research.example.org').spec.issuerRef.name = 'gone'))).toEqual([
      'Certificate open-pectus/pectus.research.example.org (10-open-pectus/10-open-pectus-prd.yaml): ClusterIssuer gone does not exist',
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
      // A Secret's name and key given as a pair hold no secret; a lone …_SECRET_KEY may be one.
      c.env.push({ name: 'DJANGO_SECRET_KEY', value: 'hunter3' }, { name: 'X_SECRET_NAME', value: 'x' }, { name: 'X_SECRET_KEY', value: 'k' });
      c.image = 'ghcr.io/open-pectus/open-pectus';
    });
    expect(problems.filter((p) => p.includes('X_SECRET_'))).toEqual([]);
    expect(problems).toEqual(
      expect.arrayContaining([
        'Secret nowhere/s (x.yaml): namespace nowhere is not rendered',
        'Secret nowhere/s (x.yaml): Secrets are never rendered; declare it in the secrets contract',
        'Deployment open-pectus/aggregator-tst (10-open-pectus/10-open-pectus-tst.yaml): container aggregator has API_PASSWORD as a literal value; read it from a Secret',
        'Deployment open-pectus/aggregator-tst (10-open-pectus/10-open-pectus-tst.yaml): container aggregator has DJANGO_SECRET_KEY as a literal value; read it from a Secret',
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

  test('fail when a route does not say how it is authenticated, or says it falsely', () => {
    const AUTH = 'labstack.io/authentication';
    expect(mutate((o) => delete byName(o, 'Ingress', 'aggregator-prd').metadata.annotations[AUTH])).toEqual([
      'Ingress open-pectus/aggregator-prd (10-open-pectus/10-open-pectus-prd.yaml): does not say how it is authenticated (annotation labstack.io/authentication: "<forward-auth|application|public>: <how>")',
    ]);
    expect(mutate((o) => (byName(o, 'Ingress', 'aggregator-prd').metadata.annotations[AUTH] = 'application: '))).toHaveLength(1);
    expect(mutate((o) => (byName(o, 'Ingress', 'aggregator-prd').metadata.annotations[AUTH] = 'trusted: the lab'))).toHaveLength(1);
    expect(mutate((o) => (byName(o, 'Ingress', 'aggregator-prd').metadata.annotations[AUTH] = 'forward-auth: an outpost'))).toEqual([
      'Ingress open-pectus/aggregator-prd (10-open-pectus/10-open-pectus-prd.yaml): says forward-auth, but no forwardAuth Middleware is in front of it',
    ]);
    expect(mutate((o) => (byName(o, 'Ingress', 'prefect-server-archiver-prefect-ui').metadata.annotations[AUTH] = 'application: Prefect'))).toEqual([
      'Ingress openem/prefect-server-archiver-prefect-ui (20-openem/20-openem.yaml): has a forwardAuth Middleware in front of it, but says application',
    ]);
    expect(mutate((o) => (byName(o, 'Ingress', 'aggregator-prd').metadata.annotations[AUTH] = 'public: nobody minds'))).toEqual([
      'Ingress open-pectus/aggregator-prd (10-open-pectus/10-open-pectus-prd.yaml): is public without naming the config setting that accepted it ("accepted by <setting>: <reason>")',
    ]);
  });

  test('fail when a route does not say who may connect, or says it falsely', () => {
    const SOURCES = 'labstack.io/allowed-sources';
    const limited = 'prefect-server-archiver-prefect-ui';
    expect(mutate((o) => delete byName(o, 'Ingress', 'aggregator-prd').metadata.annotations[SOURCES])).toEqual([
      'Ingress open-pectus/aggregator-prd (10-open-pectus/10-open-pectus-prd.yaml): does not say who may connect (annotation labstack.io/allowed-sources: "<networks>" or "internet")',
    ]);
    expect(mutate((o) => (byName(o, 'Ingress', 'aggregator-prd').metadata.annotations[SOURCES] = '192.0.2.0/24'))).toEqual([
      'Ingress open-pectus/aggregator-prd (10-open-pectus/10-open-pectus-prd.yaml): says only 192.0.2.0/24 may connect, but no ipAllowList Middleware is in front of it',
    ]);
    expect(mutate((o) => (byName(o, 'Ingress', limited).metadata.annotations[SOURCES] = 'internet'))).toEqual([
      `Ingress openem/${limited} (20-openem/20-openem.yaml): says internet, but an ipAllowList Middleware is in front of it`,
    ]);
    expect(mutate((o) => (byName(o, 'Middleware', `${limited}-allow-list`).spec.ipAllowList.sourceRange = ['0.0.0.0/0']))).toEqual([
      `Ingress openem/${limited} (20-openem/20-openem.yaml): says only 198.51.100.0/24, 203.0.113.7, 10.244.0.0/16, 172.20.0.0/24 may connect, but its ipAllowList admits 0.0.0.0/0`,
    ]);
    expect(
      mutate((o) => {
        const ingress = byName(o, 'Ingress', limited);
        const refs = ingress.metadata.annotations['traefik.ingress.kubernetes.io/router.middlewares'].split(',');
        ingress.metadata.annotations['traefik.ingress.kubernetes.io/router.middlewares'] = [...refs.slice(1), refs[0]].join(',');
      }),
    ).toEqual([`Ingress openem/${limited} (20-openem/20-openem.yaml): its ipAllowList Middleware must come first, before ${limited}-forward-auth`]);
  });

  test('fail when a pod in a restricted namespace is not restricted', () => {
    expect(mutate((o) => (byName(o, 'Deployment', 'aggregator-tst').spec.template.spec.containers[0].securityContext.capabilities.drop = [])))
      .toEqual(['Deployment open-pectus/aggregator-tst (10-open-pectus/10-open-pectus-tst.yaml): container aggregator does not meet the restricted Pod Security Standard']);
  });
});

describe('who may connect to each route (Traefik IP allow lists from the config)', () => {
  const production = environmentManifests(PRODUCTION_LIKE, 'production');
  const sources = (objects: any[]) => Object.fromEntries(renderedRoutes(objects).map((r) => [r.url, r.sources]));
  /** The Middlewares in front of an Ingress, in order. */
  const middlewaresOf = (objects: any[], ingress: string) => {
    const annotations = objects.find((o) => o.kind === 'Ingress' && o.metadata.name === ingress).metadata.annotations;
    return annotations['traefik.ingress.kubernetes.io/router.middlewares']
      .split(',')
      .map((ref: string) => objects.find((o) => o.kind === 'Middleware' && ref === `${o.metadata.namespace}-${o.metadata.name}@kubernetescrd`));
  };

  test('production-like: SRS from the lab networks (the frontend opened to the internet with its reason), OpenEM from its networks, the others from the internet', () => {
    const lab = '198.51.100.0/24, 2001:db8:47::/48, 10.244.0.0/16, 172.20.0.0/24';
    const archiver = '198.51.100.0/24, 203.0.113.7, 10.244.0.0/16, 172.20.0.0/24';
    expect(sources(production)).toEqual({
      'https://api.insects.research.example.org': 'internet',
      'https://archiver.research.example.org': archiver,
      'https://archiver.research.example.org/archiver/api/v1': archiver,
      'https://archiver.research.example.org/archiver/prefect/api': archiver,
      'https://archiver.research.example.org/archiver/prefect/ui': archiver,
      'https://archiver.research.example.org/outpost.goauthentik.io': archiver,
      'https://pectus-test.research.example.org': 'internet',
      'https://pectus.research.example.org': 'internet',
      'https://pectus.research.example.org/admin': 'internet',
      'https://sensors-api.research.example.org': lab,
      'https://sensors-monitoring.research.example.org': lab,
      'https://sensors.research.example.org': 'internet: accepted by systems.srs.acceptInternet.frontend: participants book sessions from home; every page needs an SRS sign-in',
      'https://webapp.insects.research.example.org': 'internet',
    });
  });

  test('the allow list comes first, reads the connection\'s address by default and X-Forwarded-For at the configured depth', () => {
    const [first, second] = middlewaresOf(production, 'prefect-server-archiver-prefect-ui');
    expect(first.spec).toEqual({ ipAllowList: { sourceRange: ['198.51.100.0/24', '203.0.113.7', '10.244.0.0/16', '172.20.0.0/24'] } });
    expect(second.spec.forwardAuth).toBeDefined();
    const development = environmentManifests(DEVELOPMENT_LIKE, 'development');
    expect(middlewaresOf(development, 'backend')[0].spec).toEqual({ ipAllowList: { sourceRange: ['192.0.2.0/24', '10.42.0.0/16'], ipStrategy: { depth: 1 } } });
    expect(checkSemantics(production, { externalNamespaces: ['cert-manager'] })).toEqual([]);
  });
});

describe('every route says how it is authenticated (npm run validate lists them)', () => {
  const routes = (text: string, name: string) => renderedRoutes(environmentManifests(text, name)).map((r) => `${r.url} ${r.kind}`);

  test('production-like: Azure, authentik, the applications\' own sign-in or S3 signatures; nothing public', () => {
    expect(routes(PRODUCTION_LIKE, 'production')).toEqual([
      'https://api.insects.research.example.org application',
      'https://archiver.research.example.org application',
      'https://archiver.research.example.org/archiver/api/v1 application',
      'https://archiver.research.example.org/archiver/prefect/api forward-auth',
      'https://archiver.research.example.org/archiver/prefect/ui forward-auth',
      'https://archiver.research.example.org/outpost.goauthentik.io application',
      'https://pectus-test.research.example.org application',
      'https://pectus.research.example.org application',
      'https://pectus.research.example.org/admin application',
      'https://sensors-api.research.example.org application',
      'https://sensors-monitoring.research.example.org application',
      'https://sensors.research.example.org application',
      'https://webapp.insects.research.example.org application',
    ]);
  });

  test('everything on, self-signed: only what the config accepts is public, with the setting and the reason', () => {
    const publicRoutes = renderedRoutes(environmentManifests(EVERYTHING_SELF_SIGNED, 'everything')).filter((r) => r.kind === 'public');
    expect(publicRoutes.map((r) => `${r.url} ${r.description}`)).toEqual([
      'https://pectus-one.test.example.org accepted by systems.openPectus.instances[one].acceptUnauthenticated.aggregator: test fixture without real data',
      'https://pectus-one.test.example.org/admin accepted by systems.openPectus.instances[one].acceptUnauthenticated.databaseAdministration: test fixture without real data',
    ]);
    expect(renderedRoutes(environmentManifests(EVERYTHING_SELF_SIGNED, 'everything')).every((r) => r.kind !== undefined)).toBe(true);
  });
});

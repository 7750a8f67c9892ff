import { LabStackApp } from '../charts/labstack-app';
import { OPEN_PECTUS_AGGREGATOR, OPEN_PECTUS_DATABASE_ADMINISTRATION, SQLITE_CLI } from '../charts/open-pectus.images';
import { ARCHIVER_API, ARCHIVER_CONFIG, ARCHIVER_WORKFLOW } from '../charts/openem.images';
import { CHRONOGRAF, INFLUXDB, K6, KAPACITOR, TELEGRAF } from '../charts/srs-monitoring.images';
import { SRS_BACKEND, SRS_DATA_EXTRACTOR, SRS_FRONTEND } from '../charts/srs.images';
import { SPI_API, SPI_ML, SPI_WEBAPP } from '../charts/sticky-pi.images';
import { AUTHENTIK_PROXY } from '../constructs/authentik-outpost.images';
import { RCLONE } from '../constructs/bucket-mirror.images';
import { BUSYBOX, MARIADB, MONGO, POSTGRES } from '../constructs/databases/images';
import { ImageContract, Source } from '../constructs/image-contract';
import { MINIO_CLIENT, MINIO_SERVER } from '../constructs/object-store.images';
import { OAUTH2_PROXY } from '../constructs/oauth2-proxy.images';
import { PREFECT_SERVER, PREFECT_WORKER } from '../constructs/prefect/prefect.images';
import { NGINX_UNPRIVILEGED } from '../constructs/uwsgi-service.images';
import { checkContracts } from '../tools/validation/contracts';
import { parseManifests } from '../tools/validation/manifests';
import { EVERYTHING_ACME, EVERYTHING_SELF_SIGNED, fixture } from './fixtures';

const CONTRACTS: ImageContract[] = [
  OPEN_PECTUS_AGGREGATOR, OPEN_PECTUS_DATABASE_ADMINISTRATION, SQLITE_CLI,
  ARCHIVER_API, ARCHIVER_CONFIG, ARCHIVER_WORKFLOW, PREFECT_SERVER, PREFECT_WORKER, POSTGRES, AUTHENTIK_PROXY, MINIO_SERVER, MINIO_CLIENT,
  SRS_BACKEND, SRS_FRONTEND, SRS_DATA_EXTRACTOR, MONGO, BUSYBOX, INFLUXDB, TELEGRAF, CHRONOGRAF, OAUTH2_PROXY, KAPACITOR, K6,
  SPI_API, SPI_WEBAPP, SPI_ML, NGINX_UNPRIVILEGED, MARIADB, RCLONE,
];

function rendered(text: string, name: string) {
  const app = new LabStackApp(fixture(text, name));
  const objects = app.render().flatMap((f) => parseManifests(f.path, f.content)) as any[];
  return { app, objects, check: (list: any[] = objects) => checkContracts(list, (image) => app.images.contractOf(image)) };
}

/** Every Source of a contract, wherever it is. */
function sourcesOf(value: unknown): Source[] {
  if (Array.isArray(value)) return value.flatMap(sourcesOf);
  if (!value || typeof value !== 'object' || value instanceof RegExp) return [];
  const record = value as Record<string, unknown>;
  if (typeof record.repo === 'string' && typeof record.ref === 'string') return [record as unknown as Source];
  return Object.values(record).flatMap(sourcesOf);
}

describe('image contracts', () => {
  test.each(CONTRACTS.map((c) => [c.repository, c] as const))('%s: every fact names its source, at a tag or a full commit', (_, contract) => {
    const spec = contract.spec;
    for (const fact of [spec.tags, spec.user, spec.entrypoint, ...(spec.programs ?? []), ...(spec.env ?? []), ...(spec.ports ?? []), ...(spec.writes ?? []), ...(spec.code ?? []), ...(spec.health ?? [])]) {
      expect(sourcesOf(fact.source).length).toBeGreaterThan(0);
    }
    for (const source of sourcesOf(spec)) {
      if (source.repo === 'shared/seeds' || source.repo === 'labstack') continue;
      expect(source.repo).toMatch(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/);
      // A commit is written in full; anything else is a tag of that repository.
      if (/^[0-9a-f]{8,}$/.test(source.ref)) expect(source.ref).toMatch(/^[0-9a-f]{40}$/);
      expect(source.path.length).toBeGreaterThan(0);
    }
    expect(contract.publishes(spec.tags.pinned)).toBe(true);
    if (spec.unreadable) expect(spec.assumptions?.length).toBeGreaterThan(0);
  });
});

describe('every rendered container matches the contract of its image', () => {
  test.each([
    ['self-signed, MinIO', EVERYTHING_SELF_SIGNED],
    ['ACME, external S3', EVERYTHING_ACME],
  ])('%s: no problem, and every container has a contract', (name, text) => {
    const { app, objects, check } = rendered(text, name === 'ACME, external S3' ? 'acme' : 'selfsigned');
    expect(check()).toEqual([]);
    const images = objects.flatMap((o) => {
      const pod = o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec?.template?.spec;
      return pod ? [...(pod.initContainers ?? []), ...pod.containers].map((c: any) => c.image) : [];
    });
    expect(images.length).toBeGreaterThan(30);
    expect(images.filter((image) => !app.images.contractOf(image))).toEqual([]);
    const used = new Set(app.images.references.map((r) => r.contract));
    // The self-signed fixture exercises every contract (MinIO too); the ACME one a subset.
    if (name.startsWith('self-signed')) expect(used).toEqual(new Set(CONTRACTS));
    expect([...used].filter((c) => !CONTRACTS.includes(c))).toEqual([]);
  });
});

describe('the contract check finds what would stop a container', () => {
  const { objects, check } = rendered(EVERYTHING_SELF_SIGNED, 'selfsigned');
  const mutate = (edit: (copy: any[]) => void) => {
    const copy = JSON.parse(JSON.stringify(objects));
    edit(copy);
    return check(copy);
  };
  const workload = (copy: any[], kind: string, name: string) => copy.find((o) => o.kind === kind && o.metadata.name === name);
  const podOf = (o: any) => (o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec);
  const container = (copy: any[], kind: string, name: string, containerName?: string) => {
    const pod = podOf(workload(copy, kind, name));
    return containerName ? pod.containers.find((c: any) => c.name === containerName) : pod.containers[0];
  };

  test('a volume mounted over the image\'s code (Sticky Pi\'s editable installs under /tmp)', () => {
    expect(
      mutate((copy) => {
        const app = container(copy, 'Deployment', 'api', 'app');
        app.volumeMounts.find((m: any) => m.mountPath === '/scratch').mountPath = '/tmp';
      }),
    ).toEqual(expect.arrayContaining([
      'Deployment sticky-pi/api (selfsigned/40-sticky-pi/40-sticky-pi.yaml): container app (<images.repository>/spi_api): the volume tmp at /tmp hides the image\'s code at /tmp/sticky_pi_api',
    ]));
  });

  test('a required variable missing (the API asserts UID_USER)', () => {
    expect(
      mutate((copy) => {
        const app = container(copy, 'Deployment', 'api', 'app');
        app.env = app.env.filter((e: any) => e.name !== 'UID_USER');
      }),
    ).toEqual([expect.stringContaining('container app (<images.repository>/spi_api): uwsgi requires UID_USER, which is not set')]);
  });

  test('a variable the code does not read (the archiver API reads the S3 endpoint from Prefect)', () => {
    expect(
      mutate((copy) => container(copy, 'Deployment', 'archiver-api').env.push({ name: 'S3_ENDPOINT', value: 'minio:9000' })),
    ).toEqual([expect.stringContaining('container archiver-api (ghcr.io/swissopenem/scopemarchiver-archiver-service-api): sets S3_ENDPOINT, which python -m openapi_server does not read')]);
  });

  test('a flag the parser does not have', () => {
    expect(
      mutate((copy) => container(copy, 'Deployment', 'archival-kubernetes-workpool-worker').args.push('--work-pool', 'x')),
    ).toEqual([expect.stringContaining('prefect worker start has no option --work-pool')]);
    expect(
      mutate((copy) => container(copy, 'Deployment', 'aggregator-one').args.push('--sentry-dsn', 'x')),
    ).toEqual([expect.stringContaining('pectus-aggregator has no option --sentry-dsn')]);
  });

  test('a program the image does not have', () => {
    expect(
      mutate((copy) => (container(copy, 'CronJob', 'insect-detector').command = ['python', 'uid.py', '-v', 'predict'])),
    ).toEqual([expect.stringContaining('runs "python", which the image does not have (its contract lists python /uid.py)')]);
  });

  test('a probe on a path the image does not serve (the aggregator\'s /health is the SPA fallback)', () => {
    expect(
      mutate((copy) => (container(copy, 'Deployment', 'aggregator-one').readinessProbe.httpGet.path = '/health')),
    ).toEqual([expect.stringContaining('readinessProbe GETs /health on port 8300, which is not a health endpoint of ghcr.io/open-pectus/open-pectus')]);
  });

  test('a path the program writes left read-only (the Prefect UI build)', () => {
    expect(
      mutate((copy) => {
        const server = container(copy, 'Deployment', 'prefect-server');
        server.volumeMounts = server.volumeMounts.filter((m: any) => m.mountPath !== '/ui-build');
      }),
    ).toEqual([expect.stringContaining('container prefect-server (docker.io/prefecthq/prefect): writes /ui-build, which is read-only here')]);
  });

  test('a user the image does not work with (shiny-server needs root)', () => {
    expect(
      mutate((copy) => (podOf(workload(copy, 'Deployment', 'webapp')).securityContext.runAsUser = 1000)),
    ).toEqual([expect.stringContaining('runs as uid 1000, but the image works only as uid 0')]);
  });

  test('a tag upstream never published', () => {
    expect(
      mutate((copy) => (container(copy, 'Deployment', 'aggregator-one').image = 'ghcr.io/open-pectus/open-pectus:main')),
    ).toEqual([]);
    const withTag = JSON.parse(JSON.stringify(objects));
    container(withTag, 'Deployment', 'aggregator-one').image = 'ghcr.io/open-pectus/open-pectus:v0.9.0';
    expect(checkContracts(withTag, () => OPEN_PECTUS_AGGREGATOR).filter((p) => p.includes('aggregator-one') && p.includes('tag v0.9.0'))).toEqual([
      expect.stringContaining('tag v0.9.0: ghcr.io/open-pectus/open-pectus publishes only the moving tag "main"'),
    ]);
  });

  describe('the Prefect API\'s auth string (PREFECT_SERVER.spec.auth)', () => {
    const withoutVariable = (c: any, name: string) => (c.env = c.env.filter((e: any) => e.name !== name));
    const jobContainer = (copy: any[], prefix: string) => copy.find((o) => o.kind === 'Job' && o.metadata.name.startsWith(`${prefix}-`)).spec.template.spec.containers[0];

    test('a server without it answers everyone', () => {
      expect(mutate((copy) => withoutVariable(container(copy, 'Deployment', 'prefect-server'), 'PREFECT_SERVER_API_AUTH_STRING'))).toEqual([
        'Deployment openem/prefect-server (selfsigned/20-openem/20-openem.yaml): container prefect-server (docker.io/prefecthq/prefect): PREFECT_SERVER_API_AUTH_STRING is not set: docker.io/prefecthq/prefect then answers every request without authentication',
      ]);
    });

    test('a server given it as a value in the manifest', () => {
      expect(
        mutate((copy) => {
          const server = container(copy, 'Deployment', 'prefect-server');
          server.env.find((e: any) => e.name === 'PREFECT_SERVER_API_AUTH_STRING').valueFrom = undefined;
          server.env.find((e: any) => e.name === 'PREFECT_SERVER_API_AUTH_STRING').value = 'admin:pass';
        }),
      ).toEqual([expect.stringContaining('PREFECT_SERVER_API_AUTH_STRING is a value written into the manifest: docker.io/prefecthq/prefect then answers')]);
    });

    test('a server probe on a path that needs the credential', () => {
      expect(mutate((copy) => (container(copy, 'Deployment', 'prefect-server').readinessProbe.httpGet.path = '/api/version'))).toEqual(
        expect.arrayContaining([expect.stringContaining('container prefect-server (docker.io/prefecthq/prefect): readinessProbe GETs /api/version, which needs PREFECT_SERVER_API_AUTH_STRING\'s credential (open: /api/health, /api/ready)')]),
      );
    });

    test('a client that does not send it: the archiver API, a job', () => {
      expect(mutate((copy) => withoutVariable(container(copy, 'Deployment', 'archiver-api'), 'PREFECT_API_AUTH_STRING'))).toEqual([
        'Deployment openem/archiver-api (selfsigned/20-openem/20-openem.yaml): container archiver-api: talks to docker.io/prefecthq/prefect (PREFECT_API_URL) but PREFECT_API_AUTH_STRING is not set; it must come from the server\'s Secret openem-prefect-auth key auth-string',
      ]);
      expect(mutate((copy) => (jobContainer(copy, 'prefect-flows').env.find((e: any) => e.name === 'PREFECT_API_AUTH_STRING').valueFrom.secretKeyRef.name = 'openem-postgres'))).toEqual([
        expect.stringMatching(/^Job openem\/prefect-flows-[0-9a-f]{8} .*: container job: talks to docker.io\/prefecthq\/prefect \(PREFECT_API_URL\) but PREFECT_API_AUTH_STRING comes from Secret openem-postgres key auth-string; it must come from the server's Secret openem-prefect-auth key auth-string$/),
      ]);
    });

    test('flow runs given a copy in the Job: the worker not told the Secret of the string', () => {
      expect(
        mutate((copy) => {
          const worker = container(copy, 'Deployment', 'archival-kubernetes-workpool-worker');
          worker.env = worker.env.filter((e: any) => !e.name.startsWith('PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_AUTH_STRING_'));
        }),
      ).toEqual([
        'ConfigMap openem/archival-kubernetes-workpool-base-job-template (selfsigned/20-openem/20-openem.yaml) flow-run pod: container prefect-job: talks to docker.io/prefecthq/prefect (PREFECT_API_URL) but PREFECT_API_AUTH_STRING is <the worker\'s Secret openem-prefect-auth key auth-string, copied in clear>; it must come from the server\'s Secret openem-prefect-auth key auth-string',
      ]);
    });
  });

  test('an image without a contract', () => {
    expect(mutate((copy) => (container(copy, 'Deployment', 'aggregator-one').image = 'docker.io/library/nginx:1.27'))).toEqual([
      expect.stringContaining('container aggregator: image docker.io/library/nginx:1.27 has no contract'),
    ]);
  });
});

describe('configuration files against the model of the program that reads them', () => {
  test('the OpenEM variables file holds only keys of the archiver\'s PrefectVariablesModel (extra="forbid")', () => {
    const { objects } = rendered(EVERYTHING_ACME, 'acme');
    const file = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'prefect-settings').data['variables.env'];
    const model = ARCHIVER_CONFIG.programOf(['python', '/config.py'])!.configFiles!.find((f) => f.given === '-v')!;
    const keys = file.trim().split('\n').map((line: string) => line.split('=')[0]);
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.filter((key: string) => !model.keys.includes(key))).toEqual([]);
    // The seed's LTS_ROOT_FOLDER is not in the model: the config job would crash on it.
    expect(model.keys).not.toContain('LTS_ROOT_FOLDER');
  });
});

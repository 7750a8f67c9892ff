import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import type { EnvironmentConfig, OpenPectusInstanceConfig } from '../config/schema';
import { Backup } from '../constructs/backup';
import { Identity } from '../constructs/identity';
import type { ImageContract } from '../constructs/image-contract';
import { PodSecurity } from '../constructs/pod-security';
import { ImageCatalog } from '../constructs/images';
import { RouteAuthentication } from '../constructs/routing/authentication';
import { admitting } from '../constructs/routing/ingress-settings';
import { DeclaredSecret } from '../constructs/secrets';
import { PersistentVolume } from '../constructs/volumes';
import { WebService } from '../constructs/web-service';
import { OPEN_PECTUS_AGGREGATOR, OPEN_PECTUS_DATABASE_ADMINISTRATION, SQLITE_CLI } from './open-pectus.images';
import { PlatformChart } from './platform';

const NAMESPACE = 'open-pectus';
const AGGREGATOR_PORT = OPEN_PECTUS_AGGREGATOR.port();
const DATABASE_ADMINISTRATION_PORT = OPEN_PECTUS_DATABASE_ADMINISTRATION.port();
/** The path both images' CMD give --database; the administration asserts it exists. */
const DATABASE_FILE = '/data/open_pectus_aggregator.sqlite3';
/** Engines keep their websocket open for a whole run; the seed's nginx allowed a day. */
const ENGINE_SOCKET_TIMEOUT = Duration.days(1);

/**
 * The upstream images have no USER and run as root, but write only to /data (the sqlite
 * database, its rollback journal), /webpush_keys (VAPID keys made on first start) and sqlite's
 * temp files in /tmp; the code and the frontend are read-only files (see open-pectus.images.ts).
 * So they run non-root under *restricted*: a fixed uid, fsGroup to make the two volumes
 * writable, HOME and /tmp on a scratch volume, read-only root.
 */
const SECURITY = PodSecurity.restricted({ uid: 10001 });

export interface OpenPectusChartProps {
  readonly environment: EnvironmentConfig;
  readonly instance: OpenPectusInstanceConfig;
  readonly platform: PlatformChart;
}

/**
 * One Open Pectus instance: the aggregator (one pod, sqlite on a volume, websockets from
 * engines), optionally the database administration UI at /admin on the same volume, and a
 * daily sqlite backup.
 */
export class OpenPectusChart extends Chart {
  /** The aggregator's public URL, which engines connect to. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: OpenPectusChartProps) {
    super(scope, id, { namespace: NAMESPACE });
    const { environment: env, instance } = props;
    const system = env.systems.openPectus;
    const images = system.images!;
    const catalog = ImageCatalog.of(this);
    props.platform.addSystemNamespace(NAMESPACE);
    this.addDependency(props.platform);

    const identity = Identity.of('open-pectus', `open-pectus-${instance.name}`);
    const host = instance.host;
    const ingress = admitting(props.platform.ingress, system.allowedSources);
    const adminEnabled = instance.databaseAdministration.enabled;
    const azure = instance.azureAuthentication;
    // Azure is the images' only authentication; without it the config accepted each part, with its reason.
    const authentication = (contract: ImageContract, part: 'aggregator' | 'databaseAdministration') =>
      azure.enabled
        ? RouteAuthentication.byImage(contract, 'azure')
        : RouteAuthentication.acceptedPublic({
          setting: `systems.openPectus.instances[${instance.name}].acceptUnauthenticated.${part}`,
          reason: instance.acceptUnauthenticated?.[part] ?? '',
        });

    const secret = new DeclaredSecret(this, 'Secret', {
      name: `open-pectus-${instance.name}`,
      purpose: `Open Pectus ${instance.name} (${host})`,
      keys: [
        { key: 'engine-secret', purpose: 'Engines must present it to connect (pectus-engine --secret)', generateLength: 48 },
        ...(instance.sentry ? [{ key: 'sentry-dsn', purpose: 'SENTRY_DSN of the Sentry project receiving aggregator errors', optional: true }] : []),
        ...(adminEnabled && azure.enabled
          ? [{ key: 'azure-client-secret', purpose: 'AZURE_CLIENT_SECRET of the Azure app registration, for the database administration' }]
          : []),
      ],
    });

    const volume = (name: string, size: string) =>
      new PersistentVolume(this, name, {
        identity: identity.component('aggregator'),
        name: `aggregator-${instance.name}-${name}`,
        size,
        storageClass: env.storageClass,
      });
    const data = volume('data', instance.storage.data);
    const webpushKeys = volume('webpush-keys', instance.storage.webpushKeys);
    const backups = volume('backup', instance.backup.storage);

    const azureEnv = [
      { name: 'ENABLE_AZURE_AUTHENTICATION', value: String(azure.enabled) },
      ...(azure.enabled
        ? [
          { name: 'AZURE_DIRECTORY_TENANT_ID', value: azure.tenantId! },
          { name: 'AZURE_APPLICATION_CLIENT_ID', value: azure.clientId! },
        ]
        : []),
    ];

    const aggregator = new WebService(this, 'Aggregator', {
      identity: identity.component('aggregator'),
      name: `aggregator-${instance.name}`,
      image: catalog.reference(OPEN_PECTUS_AGGREGATOR, images.aggregator),
      port: AGGREGATOR_PORT,
      command: ['pectus-aggregator'],
      args: [
        '--host', '0.0.0.0',
        '--port', String(AGGREGATOR_PORT),
        '--database', DATABASE_FILE,
        '--webpush_keys_path', '/webpush_keys',
        '--secret', '$(ENGINE_SECRET)',
      ],
      // /version answers once the migrations ran and depends on nothing else; /health, which
      // engines poll, is no route: the SPA fallback answers every unknown path with 200.
      probes: { liveness: { path: '/version' }, readiness: { path: '/version' }, startupSeconds: 600 },
      resources: instance.resources,
      security: SECURITY,
      singleWriter: true,
      hostname: instance.hostname,
    });
    aggregator.addEnv(
      secret.env('ENGINE_SECRET', 'engine-secret'),
      ...azureEnv,
      ...(instance.webpushSubscriberEmail ? [{ name: 'WEBPUSH_SUBSCRIBER_EMAIL', value: instance.webpushSubscriberEmail }] : []),
      ...(instance.sentry ? [secret.env('SENTRY_DSN', 'sentry-dsn')] : []),
    );
    aggregator.mount(data, '/data');
    aggregator.mount(webpushKeys, '/webpush_keys');
    const route = aggregator.exposeAt(ingress, {
      host,
      websocket: true,
      readTimeout: ENGINE_SOCKET_TIMEOUT,
      authentication: authentication(OPEN_PECTUS_AGGREGATOR, 'aggregator'),
    });
    this.url = route.url;

    if (adminEnabled) {
      const admin = new WebService(this, 'DatabaseAdministration', {
        identity: identity.component('database-administration'),
        name: `database-administration-${instance.name}`,
        image: catalog.reference(OPEN_PECTUS_DATABASE_ADMINISTRATION, images.databaseAdministration),
        port: DATABASE_ADMINISTRATION_PORT,
        command: ['pectus-database-administration'],
        args: ['--host', '0.0.0.0', '--port', String(DATABASE_ADMINISTRATION_PORT), '--database', DATABASE_FILE],
        // The static files are served without login and without a redirect, with or without Azure
        // authentication; every other path redirects (to /admin/ or to the login).
        probes: { liveness: { path: '/admin/statics/favicon.ico' }, readiness: { path: '/admin/statics/favicon.ico' } },
        resources: instance.databaseAdministration.resources,
        security: SECURITY,
        // The session secret lives in the process: a second replica would log users out.
        singleWriter: true,
      });
      admin.addEnv(...azureEnv, ...(azure.enabled ? [secret.env('AZURE_CLIENT_SECRET', 'azure-client-secret')] : []));
      admin.mount(data, '/data');
      // The administration asserts the database exists and exits otherwise: on a new instance it
      // waits for the aggregator's first start to create it instead of crash-looping.
      admin.pod.addInitContainer({
        name: 'wait-for-database',
        image: admin.image,
        command: ['/bin/sh', '-c', `until [ -f ${DATABASE_FILE} ]; do echo "waiting for the aggregator to create ${DATABASE_FILE}"; sleep 5; done`],
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
      });
      admin.pod.mount('wait-for-database', data, '/data', { readOnly: true });
      // The data volume is ReadWriteOnce: the admin must run on the aggregator's node, and the
      // aggregator prefers the admin's node when it is rescheduled so the volume can follow.
      admin.pod.colocateWith(aggregator.identity.selector);
      aggregator.pod.colocateWith(admin.identity.selector, { weight: 100 });
      // Mounted at /admin by the application itself: the prefix is not stripped.
      admin.exposeAt(ingress, { host, path: '/admin', authentication: authentication(OPEN_PECTUS_DATABASE_ADMINISTRATION, 'databaseAdministration') });
    }

    new Backup(this, 'Backup', {
      identity: identity.component('backup'),
      name: `aggregator-${instance.name}-backup`,
      schedule: instance.backup.schedule,
      timeZone: env.timeZone,
      keep: instance.backup.keep,
      image: catalog.reference(SQLITE_CLI, images.sqlite),
      script: 'sqlite.sh',
      restoreScript: 'sqlite-restore.sh',
      source: { volume: data, mountPath: '/data', writer: aggregator.identity },
      target: backups,
      // Same uid as the aggregator: sqlite must be able to roll back a hot -journal of the database.
      security: SECURITY,
      env: [
        { name: 'SQLITE_DATABASE', value: DATABASE_FILE },
        { name: 'BACKUP_PREFIX', value: `open_pectus_aggregator_${instance.name}` },
      ],
    });
  }
}

import { z } from 'zod';
import {
  absoluteEndpoint,
  acceptanceReason,
  sourceRange,
  absoluteHost,
  absolutePath,
  bytesOf,
  cpuQuantity,
  cronSchedule,
  dnsLabel,
  dnsName,
  dnsNameProblem,
  duration,
  email,
  endpoint,
  formatBytes,
  gitRepositoryUrl,
  guid,
  hostEndpoint,
  hostName,
  httpsUrl,
  identifier,
  labelKey,
  labelValue,
  mariaDbBytesOf,
  memoryQuantity,
  objectName,
  registryHost,
  registryPath,
  storageQuantity,
  timeZone,
  urlPath,
} from './fields';
import { OPEN_PECTUS_AGGREGATOR, OPEN_PECTUS_DATABASE_ADMINISTRATION, SQLITE_CLI } from '../charts/open-pectus.images';
import { ARCHIVER_API, ARCHIVER_CONFIG, ARCHIVER_WORKFLOW } from '../charts/openem.images';
import { CHRONOGRAF, INFLUXDB, K6, KAPACITOR, TELEGRAF } from '../charts/srs-monitoring.images';
import { SRS_BACKEND, SRS_DATA_EXTRACTOR, SRS_FRONTEND } from '../charts/srs.images';
import { SPI_API, SPI_ML, SPI_WEBAPP } from '../charts/sticky-pi.images';
import { AUTHENTIK_PROXY } from '../constructs/authentik-outpost.images';
import { RCLONE } from '../constructs/bucket-mirror.images';
import { BUSYBOX, MARIADB, MONGO, POSTGRES } from '../constructs/databases/images';
import type { ImageContract } from '../constructs/image-contract';
import { MINIO_CLIENT, MINIO_SERVER } from '../constructs/object-store.images';
import { OAUTH2_PROXY } from '../constructs/oauth2-proxy.images';
import { PREFECT_SERVER, PREFECT_WORKER } from '../constructs/prefect/prefect.images';
import { NGINX_UNPRIVILEGED } from '../constructs/uwsgi-service.images';

/**
 * The schema of one environment file (config/<environment>.yaml).
 *
 * Every field a user can set is declared here, with its default and what is allowed, so
 * that bad input is rejected at load time with the field's path (see ./load.ts) and
 * config/environment.schema.json gives editors completion and checks (npm run schema). That
 * file must not be called schema.json: Node resolves `./schema` to schema.json before schema.ts
 * when TypeScript is loaded through require hooks (ts-node, as `pulumi up` runs the program).
 */

/** Tags that name a branch or channel, not a build: never a pinned image. */
export const MOVING_TAGS = ['latest', 'main', 'master', 'develop', 'dev', 'nightly', 'edge', 'stable'];

const TAG = /^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})(@sha256:[a-f0-9]{64})?$/;

/**
 * A tag of the contract's image, optionally pinned as `tag@sha256:<digest>`: a version of the form
 * upstream publishes, or one of its moving tags (a branch build, which `npm run images -- lock`
 * pins to a digest). Tags upstream never publishes, and moving tags it does not publish, are
 * refused here rather than as ImagePullBackOff in the cluster.
 */
function tagOf(contract: ImageContract) {
  const publishes = contract.describeTags();
  return z
    .string()
    .superRefine((value, ctx) => {
      const match = TAG.exec(value);
      if (!match) {
        ctx.addIssue({ code: 'custom', message: `must be an image tag such as ${contract.spec.tags.pinned}, optionally followed by @sha256:<digest>` });
        return;
      }
      if (contract.publishes(match[1])) return;
      const why = MOVING_TAGS.includes(match[1]) ? 'is a moving tag' : 'is not a tag';
      ctx.addIssue({ code: 'custom', message: `${why} ${contract.repository} publishes; it publishes ${publishes}` });
    })
    .describe(`Tag of ${contract.repository}: ${publishes}; append @sha256:<digest> to pin it (npm run images -- lock does)`);
}

/** tagOf(contract), defaulting to the version the contract was read at. */
function pinnedTagOf(contract: ImageContract) {
  return tagOf(contract).default(contract.spec.tags.pinned);
}

const resources = (defaults: { cpu: string; memory: string; memoryLimit: string }) =>
  z
    .object({
      requests: z
        .object({
          cpu: cpuQuantity.default(defaults.cpu),
          memory: memoryQuantity.default(defaults.memory),
        })
        .strict()
        .prefault({}),
      limits: z
        .object({ memory: memoryQuantity.default(defaults.memoryLimit) })
        .strict()
        .prefault({})
        .describe('Only memory is limited: CPU limits throttle latency-sensitive servers for no gain.'),
    })
    .strict()
    .prefault({})
    .superRefine((value, ctx) => {
      // Kubernetes refuses a request above the limit.
      if (bytesOf(value.requests.memory)! > bytesOf(value.limits.memory)!) {
        ctx.addIssue({
          code: 'custom',
          path: ['requests', 'memory'],
          message: `is ${value.requests.memory}, more than limits.memory (${value.limits.memory}); Kubernetes refuses a request above its limit`,
          params: { stated: true },
        });
      }
    });

export type Resources = z.infer<ReturnType<typeof resources>>;

/** The fields every backup has: when, how many to keep, how much space. */
const backupShape = (schedule: string, keep: number) => ({
  schedule: cronSchedule.default(schedule),
  keep: z
    .number()
    .int({ message: 'must be a whole number from 1 to 365' })
    .min(1, { message: 'must be a whole number from 1 to 365' })
    .max(365, { message: 'must be a whole number from 1 to 365' })
    .default(keep),
  storage: storageQuantity.default('20Gi'),
});

const backup = (schedule: string, keep: number) => z.object(backupShape(schedule, keep)).strict().prefault({});

const azureAuthentication = z
  .object({
    enabled: z.boolean().default(false),
    tenantId: guid.optional().describe('AZURE_DIRECTORY_TENANT_ID (Directory (tenant) ID); required when enabled'),
    clientId: guid.optional().describe('AZURE_APPLICATION_CLIENT_ID (Application (client) ID); required when enabled'),
  })
  .strict()
  .prefault({})
  .superRefine((auth, ctx) => {
    if (!auth.enabled) return;
    for (const field of ['tenantId', 'clientId'] as const) {
      if (!auth[field]) {
        ctx.addIssue({ code: 'custom', path: [field], message: 'is required when azureAuthentication.enabled is true' });
      }
    }
  });

const openPectusInstanceFields = z
  .object({
    // Object names are derived from it; the longest, the CronJob aggregator-<name>-backup-restore,
    // must stay within Kubernetes' 52 characters for CronJobs.
    name: dnsLabel
      .max(20, { message: 'must be at most 20 characters (object names are derived from it)' })
      .describe('Instance name, e.g. prd or tst; used in object names and backup file names'),
    host: hostName.optional().describe('Public host: a DNS name, or one label for <label>.<domain>; default pectus-<name>'),
    hostname: dnsLabel
      .optional()
      .describe('Pod host name; it appears in the CSV file metadata. Default pectus-<name>'),
    azureAuthentication,
    webpushSubscriberEmail: email.optional().describe('WEBPUSH_SUBSCRIBER_EMAIL; web push is disabled without it'),
    sentry: z.boolean().default(false).describe('Read SENTRY_DSN from the instance Secret'),
    databaseAdministration: z
      .object({
        enabled: z.boolean().default(false),
        acceptUnauthenticatedAccess: removedField('was replaced: say why instead, with acceptUnauthenticated.databaseAdministration: <why> on the instance (docs/open-pectus.md)')
          .describe('Removed: acceptUnauthenticated.databaseAdministration on the instance'),
        resources: resources({ cpu: '50m', memory: '128Mi', memoryLimit: '256Mi' }),
      })
      .strict()
      .prefault({}),
    acceptUnauthenticated: z
      .object({
        aggregator: acceptanceReason
          .optional()
          .describe('Why the aggregator (web UI, API, commands to the engines) may be served without Azure authentication'),
        databaseAdministration: acceptanceReason
          .optional()
          .describe('Why /admin (read, edit and delete every row of the database) may be served without Azure authentication'),
      })
      .strict()
      .optional()
      .describe('Serve parts of this instance without Azure authentication anyway: for each part, why (rendered on its route)'),
    storage: z
      .object({
        data: storageQuantity.default('5Gi'),
        webpushKeys: storageQuantity.default('64Mi'),
      })
      .strict()
      .prefault({}),
    backup: backup('5 4 * * *', 30),
    resources: resources({ cpu: '200m', memory: '512Mi', memoryLimit: '1Gi' }),
  })
  .strict();

const openPectusInstance = openPectusInstanceFields.superRefine(checkOpenPectusAuthentication);

/**
 * Open Pectus authenticates only with Azure (see the contracts' `authentication`): without it the
 * aggregator serves everyone as "Anon" and the database administration has no access control at
 * all. Each part served without it must be accepted, with a reason; acceptances that accept
 * nothing are refused, so none outlives the change that made it unnecessary.
 */
function checkOpenPectusAuthentication(instance: z.output<typeof openPectusInstanceFields>, ctx: z.RefinementCtx): void {
  const accepted = instance.acceptUnauthenticated;
  const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message, params: { stated: true } });
  if (instance.azureAuthentication.enabled) {
    if (accepted) {
      issue(['acceptUnauthenticated'], 'accepts serving this instance without authentication, but azureAuthentication is on and protects every part of it: remove acceptUnauthenticated');
    }
    return;
  }
  if (!accepted?.aggregator) {
    issue(
      ['azureAuthentication', 'enabled'],
      'is off, so the aggregator has no authentication: Open Pectus serves every request as the user "Anon", and anyone who reaches ' +
        'its host sees the process units and runs and sends commands and methods to the engines. Turn on azureAuthentication ' +
        '(enabled: true, tenantId, clientId), or accept it for this instance with acceptUnauthenticated.aggregator: <why>',
    );
  }
  if (instance.databaseAdministration.enabled && !accepted?.databaseAdministration) {
    issue(
      ['databaseAdministration', 'enabled'],
      'is true without azureAuthentication, and the database administration has no access control of its own: anyone who ' +
        'reaches /admin reads, edits and deletes every row of the aggregator\'s database. Turn on azureAuthentication (its users ' +
        'then need the app role Administrator), or accept it with acceptUnauthenticated.databaseAdministration: <why>',
    );
  }
  if (!instance.databaseAdministration.enabled && accepted?.databaseAdministration) {
    issue(['acceptUnauthenticated', 'databaseAdministration'], 'accepts an unauthenticated database administration, but databaseAdministration.enabled is false: remove it');
  }
}


/** A field that no longer exists: any value is refused with `message` (what replaced it, or why it went). */
function removedField(message: string) {
  return z
    .unknown()
    .optional()
    .superRefine((value, ctx) => {
      if (value !== undefined) ctx.addIssue({ code: 'custom', message });
    });
}

/**
 * The client addresses a system's routes admit (Traefik's IP allow list); without the list they
 * are open to the internet.
 */
const allowedSources = z
  .array(sourceRange)
  .min(1, { message: 'must name at least one address or network; to leave the routes open to the internet, leave the list out' })
  .max(100, { message: 'must name at most 100 addresses or networks' })
  .superRefine((ranges, ctx) => reportDuplicates(ctx, ranges, (i) => [i]))
  .describe('Client addresses and networks its routes admit, e.g. [192.0.2.0/24]; every other client gets 403. Default: the internet');

const openPectus = z
  .object({
    enabled: z.boolean().default(false),
    allowedSources: allowedSources.optional(),
    images: z
      .object({
        aggregator: tagOf(OPEN_PECTUS_AGGREGATOR),
        databaseAdministration: tagOf(OPEN_PECTUS_DATABASE_ADMINISTRATION),
        sqlite: pinnedTagOf(SQLITE_CLI).describe('Tag of docker.io/keinos/sqlite3, used by the backup job'),
      })
      .strict()
      .optional(),
    instances: z.array(openPectusInstance).default([]),
  })
  .strict()
  .prefault({})
  .superRefine((system, ctx) => {
    if (!system.enabled) return;
    if (!system.images) {
      ctx.addIssue({ code: 'custom', path: ['images'], message: 'is required when enabled is true' });
    }
    if (system.instances.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['instances'], message: 'must list at least one instance when enabled is true' });
    }
    reportDuplicates(ctx, system.instances.map((i) => i.name), (i) => ['instances', i, 'name']);
  });

/** An S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens. */
/** An S3 bucket name, under AWS's rules (which MinIO follows): no IP address form, no "..". */
const bucketName = z
  .string()
  .regex(/^(?!\d+\.\d+\.\d+\.\d+$)(?!.*\.\.)(?!.*\.-)(?!.*-\.)(?!xn--)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'must be an S3 bucket name: 3-63 lowercase letters, digits, "." and "-", not shaped like an IP address, no "..", e.g. sticky-pi-prod',
  });

/** Assumed image volume of one Sticky Pi device per week (the seed: 1-2 GB). */
export const STICKY_PI_GB_PER_DEVICE_WEEK = 2;

/** The share of MariaDB's memory limit its buffer pool may take. */
const MARIADB_POOL_SHARE = 0.8;

const stickyPi = z
  .object({
    enabled: z.boolean().default(false),
    allowedSources: allowedSources
      .optional()
      .describe('Client addresses and networks the API, webapp and MinIO routes admit. Default: the internet (devices upload from the field)'),
    rootDomain: hostName.optional().describe('Root of the api., webapp. and s3. hosts: a DNS name, or one label for <label>.<domain>; default sticky-pi'),
    images: z
      .object({
        repository: registryPath('registry.example.org/sticky-pi')
          .describe('The registry path the lab pushes spi_api, spi_webapp and spi_ml to (upstream publishes none; scripts/sticky-pi/build-images.sh builds them)'),
        api: tagOf(SPI_API).describe('Tag of <repository>/spi_api: the commit it was built from (scripts/sticky-pi/build-images.sh)'),
        webapp: tagOf(SPI_WEBAPP).describe('Tag of <repository>/spi_webapp: the commit it was built from'),
        ml: tagOf(SPI_ML).describe('Tag of <repository>/spi_ml (Universal Insect Detector): <api commit>-<ml commit>'),
        mariadb: pinnedTagOf(MARIADB),
        gateway: pinnedTagOf(NGINX_UNPRIVILEGED).describe('Tag of docker.io/nginxinc/nginx-unprivileged (HTTP to uWSGI gateway)'),
        minio: pinnedTagOf(MINIO_SERVER),
        minioClient: pinnedTagOf(MINIO_CLIENT),
        rclone: pinnedTagOf(RCLONE).describe('Tag of docker.io/rclone/rclone (image mirror)'),
      })
      .strict()
      .optional(),
    database: z
      .object({
        bufferPoolSize: z
          .string()
          .refine((v) => mariaDbBytesOf(v) !== undefined, { message: 'must be a MariaDB size such as 512M or 1G' })
          .default('1G')
          .describe('--innodb-buffer-pool-size; keep it well below the memory limit'),
        storage: storageQuantity.default('20Gi'),
        resources: resources({ cpu: '250m', memory: '1536Mi', memoryLimit: '2Gi' }),
      })
      .strict()
      .prefault({})
      .superRefine((database, ctx) => {
        // MariaDB needs memory beyond the buffer pool (connections, sort buffers, the log buffer);
        // a pool near the limit gets the server OOM-killed under load.
        const pool = mariaDbBytesOf(database.bufferPoolSize)!;
        const limit = bytesOf(database.resources.limits.memory)!;
        if (pool > limit * MARIADB_POOL_SHARE) {
          ctx.addIssue({
            code: 'custom',
            path: ['bufferPoolSize'],
            message: `is more than ${MARIADB_POOL_SHARE * 100}% of resources.limits.memory (${database.resources.limits.memory}); MariaDB needs memory beyond its buffer pool: at most ${formatBytes(Math.floor(limit * MARIADB_POOL_SHARE))}, or raise the limit`,
          });
        }
      }),
    api: z
      .object({
        processes: z.number().int().min(1).max(64).default(8).describe('uWSGI worker processes'),
        resources: resources({ cpu: '250m', memory: '1Gi', memoryLimit: '2Gi' }),
      })
      .strict()
      .prefault({}),
    webapp: z
      .object({ resources: resources({ cpu: '100m', memory: '512Mi', memoryLimit: '1Gi' }) })
      .strict()
      .prefault({}),
    insectDetector: z
      .object({
        enabled: z.boolean().default(true),
        schedule: cronSchedule.default('*/30 * * * *').describe('How often pending images are processed (uid.py predict exits when done)'),
        gpus: z
          .unknown()
          .optional()
          .superRefine((value, ctx) => {
            if (value === undefined || value === 0) return;
            ctx.addIssue({
              code: 'custom',
              message:
                'cannot be used: the spi_ml image is CPU-only (torch 1.6.0+cpu, a detectron2 built without CUDA, and uid.py runs on device "cpu"); ' +
                'remove gpus (and a GPU nodeSelector) (docs/sticky-pi.md)',
            });
          })
          .describe('Removed: the spi_ml image is CPU-only (docs/sticky-pi.md)'),
        nodeSelector: z.record(labelKey, labelValue).default({}).describe('Labels of the nodes that may run it, e.g. a GPU pool'),
        bundleStorage: storageQuantity.default('10Gi').describe('Claim for the model bundle, kept between runs'),
        clientCache: storageQuantity.default('20Gi').describe('Scratch space for the images of one run'),
        resources: resources({ cpu: '1', memory: '4Gi', memoryLimit: '8Gi' }),
      })
      .strict()
      .prefault({}),
    s3: z
      .object({
        provider: z.enum(['external', 'minio']).describe('external: an S3 provider (recommended); minio: an in-cluster server at s3.<root>'),
        bucket: bucketName.default('sticky-pi').describe('S3_BUCKET_NAME'),
        external: z.object({ host: dnsName.describe('S3_HOST, reached as https://<host>') }).strict().optional(),
        minio: z
          .object({
            devices: z.number().int().min(1).max(10_000).optional().describe('Number of Sticky Pi devices, to size the volume'),
            retentionWeeks: z.number().int().min(1).max(520).optional().describe('Weeks of images kept, to size the volume'),
            storage: storageQuantity.optional().describe('Explicit volume size; overrides devices × weeks'),
            resources: resources({ cpu: '100m', memory: '512Mi', memoryLimit: '1Gi' }),
          })
          .strict()
          .optional(),
      })
      .strict()
      .superRefine((s3, ctx) => {
        if (s3.provider === 'external' && !s3.external) {
          ctx.addIssue({ code: 'custom', path: ['external'], message: 'is required when provider is external (host)' });
        }
        if (s3.provider === 'minio') {
          if (!s3.minio) {
            ctx.addIssue({ code: 'custom', path: ['minio'], message: 'is required when provider is minio (storage, or devices and retentionWeeks)' });
          } else if (!s3.minio.storage && (s3.minio.devices === undefined || s3.minio.retentionWeeks === undefined)) {
            ctx.addIssue({ code: 'custom', path: ['minio'], message: 'needs storage, or devices and retentionWeeks to size the volume' });
          }
        }
      })
      .optional(),
    backup: backup('15 3 * * *', 30),
    imageMirror: z
      .object({
        enabled: z.boolean().default(false),
        schedule: cronSchedule.default('45 3 * * *'),
        endpoint: httpsUrl({ example: 'https://s3.backup.example.org' }).optional().describe('S3 endpoint of the mirror'),
        bucket: bucketName.optional(),
      })
      .strict()
      .prefault({})
      .superRefine((mirror, ctx) => {
        if (!mirror.enabled) return;
        for (const field of ['endpoint', 'bucket'] as const) {
          if (!mirror[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'is required when imageMirror.enabled is true' });
        }
      }),
  })
  .strict()
  .prefault({})
  .superRefine((system, ctx) => {
    if (!system.enabled) return;
    for (const field of ['images', 's3'] as const) {
      if (!system[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'is required when enabled is true' });
    }
  });


const workPool = (name: string) =>
  z
    .object({
      name: dnsLabel.max(40, { message: 'must be at most 40 characters (object names are derived from it)' }).default(name).describe('Name of the Prefect work pool'),
      concurrency: z.number().int().min(1).max(100).default(2).describe('Flow runs one worker runs at a time (prefect worker start --limit)'),
      resources: resources({ cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' }),
    })
    .strict()
    .prefault({});

const openem = z
  .object({
    enabled: z.boolean().default(false),
    allowedSources: allowedSources.optional(),
    host: hostName.optional().describe('Public host of the archiver (the seed\'s HOST): a DNS name, or one label for <label>.<domain>; default openem'),
    images: z
      .object({
        api: tagOf(ARCHIVER_API),
        config: tagOf(ARCHIVER_CONFIG),
        runtime: tagOf(ARCHIVER_WORKFLOW).describe('Tag of ghcr.io/swissopenem/scopemarchiver-archiver-service-workflow (flow runs and the flow deployment)'),
        prefect: pinnedTagOf(PREFECT_SERVER).describe('Tag of docker.io/prefecthq/prefect for the server'),
        worker: pinnedTagOf(PREFECT_WORKER).describe('Tag of docker.io/prefecthq/prefect with the kubernetes integration, for the workers'),
        postgres: pinnedTagOf(POSTGRES).describe('Tag of docker.io/library/postgres (an -alpine tag: uid 70)'),
        authentikProxy: pinnedTagOf(AUTHENTIK_PROXY).describe('Tag of ghcr.io/goauthentik/proxy: the version of the authentik server'),
        minio: pinnedTagOf(MINIO_SERVER),
        minioClient: pinnedTagOf(MINIO_CLIENT),
      })
      .strict()
      .optional(),
    idp: z
      .object({
        url: httpsUrl({ path: true, example: 'https://kc.psi.ch' }).describe('IDP_URL, e.g. https://kc.psi.ch'),
        realm: identifier('a Keycloak realm name', 'awi').describe('IDP_REALM'),
        username: identifier('a user name', 'scopem-archiver-service', '._@-').describe('IDP_USERNAME of the service account'),
        clientId: identifier('a client ID', 'scopem-archiver-service-api', '._:-', 255).describe('IDP_CLIENT_ID'),
        audience: identifier('a client ID', 'account', '._:-', 255).default('account').describe('IDP_AUDIENCE'),
      })
      .strict()
      .optional(),
    scicat: z
      .object({
        endpoint: httpsUrl({ path: true, example: 'https://dacat.psi.ch' }).describe('SCICAT_ENDPOINT'),
        apiPrefix: urlPath.default('/api/v3').describe('SCICAT_API_PREFIX'),
        ingestorGroups: z.array(identifier('a SciCat group name', 'ethz-scopem')).min(1).max(100).describe('SCICAT_INGESTOR_GROUPS'),
      })
      .strict()
      .optional(),
    api: z
      .object({
        replicas: z.number().int().min(1).max(10).default(1),
        resources: resources({ cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' }),
      })
      .strict()
      .prefault({}),
    prefect: z
      .object({
        loggingLevel: z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR']).default('INFO').describe('PREFECT_LOGGING_LEVEL'),
        resources: resources({ cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' }),
      })
      .strict()
      .prefault({}),
    postgres: z
      .object({
        storage: storageQuantity.default('10Gi'),
        resources: resources({ cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' }),
      })
      .strict()
      .prefault({}),
    workers: z
      .object({ archival: workPool('archival-kubernetes-workpool'), retrieval: workPool('retrieval-kubernetes-workpool') })
      .strict()
      .prefault({}),
    flowRuns: z
      .object({ resources: resources({ cpu: '1', memory: '2Gi', memoryLimit: '4Gi' }) })
      .strict()
      .prefault({})
      .describe('Resources of each flow-run Job'),
    archiver: z
      .object({
        targetSizeGB: z.number().int().min(1).max(100_000).default(500).describe('ARCHIVER_TARGET_SIZE_GB: size of the datablocks the flows pack'),
      })
      .strict()
      .prefault({}),
    scratch: z
      .object({
        size: storageQuantity.default('500Gi').describe('ReadWriteMany claim mounted at /storage in every flow run'),
        storageClass: objectName('a StorageClass', 'standard-rwo').optional().describe('A class that provides ReadWriteMany; default: storageClass'),
      })
      .strict()
      .prefault({}),
    lts: removedField(
      'is no longer rendered: ScopeMArchiver v2, the release this rendering follows, keeps long-term copies in the S3 ' +
        'archival bucket (storage class GLACIER) and has no LTS share; remove it (docs/openem.md, "The LTS share")',
    ).describe('Removed: ScopeMArchiver v2 has no LTS share (docs/openem.md)'),
    s3: z
      .object({
        provider: z.enum(['external', 'minio']).describe('external: the production S3 service; minio: an in-cluster server for dev'),
        region: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/, { message: 'must be an S3 region name such as eu-west-1' }).default('eu-west-1').describe('S3_REGION'),
        archivalBucket: bucketName.describe('S3_ARCHIVAL_BUCKET'),
        landingZoneBucket: bucketName.describe('S3_LANDINGZONE_BUCKET'),
        urlExpirationDays: z.number().int().min(1).max(7).default(7).describe('S3_URL_EXPIRATION_DAYS (S3 caps presigned URLs at 7 days)'),
        external: z
          .object({
            endpoint: endpoint.describe('S3_ENDPOINT, reached by the API and flow runs (HTTPS)'),
            externalEndpoint: hostEndpoint.describe('S3_EXTERNAL_ENDPOINT, the host[:port] clients upload to: a DNS name, or one label for <label>.<domain> (the archiver host forwards to the S3 service)'),
          })
          .strict()
          .optional(),
        minio: z
          .object({
            host: hostName.optional().describe('Public host of MinIO: a DNS name, or one label for <label>.<domain>; default openem-s3'),
            storage: storageQuantity.default('50Gi'),
            resources: resources({ cpu: '100m', memory: '512Mi', memoryLimit: '1Gi' }),
          })
          .strict()
          .prefault({})
          .describe('Used when provider is minio'),
      })
      .strict()
      .superRefine((s3, ctx) => {
        if (s3.provider === 'external' && !s3.external) {
          ctx.addIssue({ code: 'custom', path: ['external'], message: 'is required when provider is external (endpoint, externalEndpoint)' });
        }
      })
      .optional(),
    authentik: z
      .object({
        enabled: z.boolean().default(true).describe('The seed\'s AUTH_MIDDLEWARE=authentik: protect the Prefect UI and API'),
        host: httpsUrl({ example: 'https://authentik.example.org' }).optional().describe('AUTHENTIK_HOST, e.g. https://authentik.example.org'),
        insecure: z
          .boolean()
          .default(false)
          .describe('AUTHENTIK_INSECURE: the outpost does not verify authentik\'s TLS certificate; refused with ACME certificates unless acceptInsecure says why'),
        acceptInsecure: acceptanceReason
          .optional()
          .describe('Why insecure: true is accepted in an environment that gets its certificates from ACME (production)'),
      })
      .strict()
      .prefault({}),
    acceptUnauthenticated: z
      .object({
        prefect: acceptanceReason
          .optional()
          .describe('Why the Prefect UI and API may be served without authentik (authentik.enabled: false)'),
      })
      .strict()
      .optional()
      .describe('Serve parts of OpenEM without authentication anyway: for each part, why (rendered on its routes)'),
    backup: backup('30 2 * * *', 14),
  })
  .strict()
  .prefault({})
  .superRefine((system, ctx) => {
    if (!system.enabled) return;
    for (const field of ['images', 'idp', 'scicat', 's3'] as const) {
      if (!system[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'is required when enabled is true' });
    }
    if (system.authentik.enabled && !system.authentik.host) {
      ctx.addIssue({ code: 'custom', path: ['authentik', 'host'], message: 'is required when authentik.enabled is true' });
    }
    checkOpenEmAuthentication(system, ctx);
    if (system.workers.archival.name === system.workers.retrieval.name) {
      ctx.addIssue({ code: 'custom', path: ['workers', 'retrieval', 'name'], message: 'must differ from the archival pool name' });
    }
  });


/** The full path of a GitLab group, as GitLab's userinfo lists the groups of an account. */
const gitlabGroup = z
  .string()
  .max(255)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/, {
    message: 'must be the full path of a GitLab group: names of letters, digits, "_", "." and "-" separated by "/", e.g. my-lab or my-lab/monitoring',
  });
/**
 * authentik signs every user in before the Prefect UI and API; without it only Prefect's one shared
 * auth string stands in front of them. Switching authentik off must be accepted with a reason, and
 * acceptances that accept nothing are refused.
 */
function checkOpenEmAuthentication(system: { authentik: { enabled: boolean; insecure: boolean; acceptInsecure?: string }; acceptUnauthenticated?: { prefect?: string } }, ctx: z.RefinementCtx): void {
  const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message, params: { stated: true } });
  const accepted = system.acceptUnauthenticated?.prefect;
  if (!system.authentik.enabled && !accepted) {
    issue(
      ['authentik', 'enabled'],
      'is false, so only Prefect\'s one shared auth string protects the Prefect UI and API (/archiver/prefect/ui, /archiver/prefect/api): ' +
        'no per-user sign-in, and whoever has the string reads and changes flow runs, deployments and work pools (whose job template ' +
        'chooses the image and command of every flow run) and reads the secret blocks (S3, SciCat and IdP credentials). Turn authentik ' +
        'on (enabled: true, host), or accept it with acceptUnauthenticated.prefect: <why>',
    );
  }
  if (system.authentik.enabled && accepted) {
    issue(['acceptUnauthenticated', 'prefect'], 'accepts an unauthenticated Prefect UI and API, but authentik protects them (authentik.enabled is true): remove it');
  }
  if (system.authentik.acceptInsecure && !system.authentik.insecure) {
    issue(['authentik', 'acceptInsecure'], 'accepts AUTHENTIK_INSECURE, but authentik.insecure is false: remove it');
  }
}

const srs = z
  .object({
    enabled: z.boolean().default(false),
    allowedSources: allowedSources
      .optional()
      .describe('The lab networks (sensors post to the backend from there) that the frontend, backend and Chronograf routes admit; required when enabled, as the seed kept all three on the lab network'),
    acceptInternet: z
      .object({
        frontend: acceptanceReason.optional(),
        backend: acceptanceReason.optional(),
        chronograf: acceptanceReason.optional(),
      })
      .strict()
      .optional()
      .describe('Routes opened to the internet despite allowedSources, each with the reason'),
    hosts: z
      .object({
        frontend: hostName.optional().describe('A DNS name, or one label for <label>.<domain>; default srs'),
        backend: hostName.optional().describe('REST API, websockets and API documentation; default srs-api'),
        chronograf: hostName.optional().describe('Monitoring; default srs-monitoring'),
      })
      .strict()
      .prefault({}),
    images: z
      .object({
        registry: registryPath('registry.gitlab.com/srs')
          .describe('The private GitLab registry of srs-backend, srs-frontend and srs-data-extractor'),
        backend: tagOf(SRS_BACKEND).describe('Tag of <registry>/srs-backend (the CI_COMMIT_SHORT_SHA the pipeline pushed)'),
        frontend: tagOf(SRS_FRONTEND).describe('Tag of <registry>/srs-frontend (the CI_COMMIT_SHORT_SHA)'),
        dataExtractor: tagOf(SRS_DATA_EXTRACTOR).describe('Tag of <registry>/srs-data-extractor (the CI_COMMIT_SHORT_SHA)'),
        mongo: pinnedTagOf(MONGO),
        influxdb: pinnedTagOf(INFLUXDB),
        telegraf: pinnedTagOf(TELEGRAF),
        chronograf: pinnedTagOf(CHRONOGRAF),
        oauth2Proxy: pinnedTagOf(OAUTH2_PROXY).describe('Tag of quay.io/oauth2-proxy/oauth2-proxy (the GitLab sign-in in front of Chronograf)'),
        kapacitor: pinnedTagOf(KAPACITOR),
        k6: pinnedTagOf(K6),
        busybox: pinnedTagOf(BUSYBOX).describe('Tag of docker.io/library/busybox (backup archives)'),
      })
      .strict()
      .optional(),
    mongo: z
      .object({
        database: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, { message: 'must be a MongoDB database name: letters, digits, "_" and "-"' }).default('srs'),
        storage: storageQuantity.default('50Gi'),
        resources: resources({ cpu: '250m', memory: '1Gi', memoryLimit: '2Gi' }),
      })
      .strict()
      .prefault({}),
    backend: z
      .object({
        replicas: z.number().int().min(1).max(10).default(1).describe('Sockets are held in the process: more than one needs sticky sessions'),
        port: z.number().int().min(1024).max(65535).default(4000).describe('REST, websockets and API documentation (the port the seed tunnels)'),
        apiPath: urlPath.default('/api').describe('Path of the REST API, for SRS_BACKEND_API_URL'),
        authenticatedWebsocketsPath: urlPath.default('/ws').describe('For SRS_BACKEND_AUTHENTICATED_WEBSOCKETS_URL'),
        openWebsocketsPath: urlPath.default('/ws/open').describe('For SRS_BACKEND_OPEN_WEBSOCKETS_URL'),
        readinessPath: urlPath.default('/').describe('A GET the backend answers with 2xx/3xx when it is up (the API documentation)'),
        exportsPath: absolutePath.default('/app/exports').describe('Where the backend writes exports'),
        jwtValidity: duration.default('24h').describe('SMS_JWT_VALIDITY_LENGTH'),
        exportTimeout: duration.default('1h').describe('Longest request the route allows (large exports)'),
        smtp: z
          .object({ host: dnsName, user: identifier('an SMTP user name', 'srs-bookings', '._@+-', 128), from: email })
          .strict()
          .optional()
          .describe('Booking mail (SMS_SMTP_*); the password is in the Secret srs-backend'),
        resources: resources({ cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' }),
      })
      .strict()
      .prefault({}),
    frontend: z.object({ resources: resources({ cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' }) }).strict().prefault({}),
    sensors: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, { message: 'must be up to 63 lowercase letters, digits, "_" and "-"' }),
            type: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, { message: 'must be up to 63 lowercase letters, digits, "_" and "-"' }),
            name: z.string().min(1).max(100).optional(),
            settings: z.record(z.string(), z.unknown()).optional(),
          })
          .strict(),
      )
      .default([])
      .describe('The default sensors config (PIPELINE_SENSORS_FILEPATH); the load test sends one request per type'),
    exports: z
      .object({
        size: storageQuantity.default('200Gi'),
        storageClass: objectName('a StorageClass', 'standard-rwo').optional().describe('A class with ReadWriteMany (backend and extractor share it); default storageClass'),
      })
      .strict()
      .prefault({}),
    dataExtractor: z.object({ resources: resources({ cpu: '500m', memory: '1Gi', memoryLimit: '4Gi' }) }).strict().prefault({}),
    admin: z.object({ username: identifier('a user name', 'admin').default('admin'), email }).strict().optional().describe('The initial admin user'),
    influxdb: z
      .object({ storage: storageQuantity.default('20Gi'), resources: resources({ cpu: '100m', memory: '512Mi', memoryLimit: '1Gi' }) })
      .strict()
      .prefault({}),
    telegraf: z
      .object({ interval: duration.default('10s'), resources: resources({ cpu: '50m', memory: '64Mi', memoryLimit: '256Mi' }) })
      .strict()
      .prefault({}),
    chronograf: z
      .object({
        gitlab: z
          .object({
            url: httpsUrl({ path: true, example: 'https://gitlab.com' }).default('https://gitlab.com').describe('GitLab instance of the OAuth application'),
            clientId: z
              .string()
              .regex(/^[0-9a-f]{64}$/, { message: 'must be the Application ID GitLab shows for the application: 64 hexadecimal digits' })
              .describe('Application ID of the GitLab application (GENERIC_CLIENT_ID, and the client ID of the sign-in proxy)'),
            groups: z
              .array(gitlabGroup)
              .max(50)
              .default([])
              .describe('Full paths of the GitLab groups whose members may sign in, e.g. my-lab or my-lab/monitoring'),
            emailDomains: z
              .array(dnsName)
              .max(50)
              .default([])
              .describe('E-mail domains of the GitLab accounts that may sign in; with groups, an account needs both'),
          })
          .strict()
          .superRefine((gitlab, ctx) => {
            if (gitlab.groups.length === 0 && gitlab.emailDomains.length === 0) {
              ctx.addIssue({
                code: 'custom',
                path: ['groups'],
                message: `must list at least one GitLab group (or emailDomains at least one e-mail domain): otherwise any account of ${gitlab.url} could sign in to Chronograf`,
              });
            }
            reportDuplicates(ctx, gitlab.groups, (i) => ['groups', i]);
            reportDuplicates(ctx, gitlab.emailDomains, (i) => ['emailDomains', i]);
          })
          .optional(),
        proxy: z
          .object({ resources: resources({ cpu: '10m', memory: '32Mi', memoryLimit: '128Mi' }) })
          .strict()
          .prefault({})
          .describe('oauth2-proxy, which signs users in with GitLab before they reach Chronograf'),
        storage: storageQuantity.default('1Gi'),
        resources: resources({ cpu: '50m', memory: '128Mi', memoryLimit: '256Mi' }),
      })
      .strict()
      .prefault({}),
    kapacitor: z
      .object({
        diskUsageThreshold: z.number().min(1).max(100).default(90).describe('Alert when a disk is fuller than this percentage'),
        smtp: z
          .object({
            enabled: z.boolean().default(false),
            host: dnsName.optional(),
            port: z.number().int().min(1).max(65535).default(587),
            username: identifier('an SMTP user name', 'srs-alerts', '._@+-', 128).optional(),
            from: email.optional(),
            to: z.array(email).max(50).default([]),
          })
          .strict()
          .prefault({}),
        slack: z
          .object({
            enabled: z.boolean().default(false),
            channel: z.string().regex(/^#[a-z0-9][a-z0-9._-]{0,79}$/, { message: 'must be a Slack channel: "#" and up to 80 lowercase letters, digits, ".", "_" and "-", e.g. #srs-alerts' }).optional(),
            workspace: identifier('a Slack workspace name', 'lab').optional(),
          })
          .strict()
          .prefault({}),
        storage: storageQuantity.default('5Gi'),
        resources: resources({ cpu: '50m', memory: '128Mi', memoryLimit: '512Mi' }),
      })
      .strict()
      .prefault({})
      .superRefine((kapacitor, ctx) => {
        const smtp = kapacitor.smtp;
        if (smtp.enabled) {
          for (const field of ['host', 'username', 'from'] as const) {
            if (!smtp[field]) ctx.addIssue({ code: 'custom', path: ['smtp', field], message: 'is required when smtp.enabled is true' });
          }
          if (smtp.to.length === 0) ctx.addIssue({ code: 'custom', path: ['smtp', 'to'], message: 'must list at least one recipient when smtp.enabled is true' });
        }
        if (kapacitor.slack.enabled && !kapacitor.slack.channel) {
          ctx.addIssue({ code: 'custom', path: ['slack', 'channel'], message: 'is required when slack.enabled is true' });
        }
      }),
    backup: z
      .object({
        ...backupShape('15 2 * * *', 30),
        collections: z
          .array(z.string().regex(/^[A-Za-z0-9_.-]{1,120}$/, { message: 'must be a collection name: letters, digits, "_", "." and "-"' }))
          .min(1)
          .default(['users', 'bookings', 'experiments', 'configs', 'logbook'])
          .describe('Collections backed up; never the samples collections'),
      })
      .strict()
      .prefault({}),
    loadTest: z
      .object({
        enabled: z.boolean().default(false).describe('Render the k6 load test (a suspended CronJob to run by hand)'),
        path: urlPath.default('/api/samples').describe('Where each virtual user sends sensor data'),
        virtualUsers: z.number().int().min(1).max(1000).default(50),
        duration: duration.default('60s'),
        intervalMs: z.number().int().min(10).max(60_000).default(500).describe('Pause between two rounds of requests (one per sensor type)'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({})
  .superRefine((system, ctx) => {
    if (!system.enabled) return;
    for (const field of ['images', 'admin'] as const) {
      if (!system[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'is required when enabled is true' });
    }
    if (system.sensors.length === 0) ctx.addIssue({ code: 'custom', path: ['sensors'], message: 'must list at least one sensor when enabled is true' });
    if (!system.chronograf.gitlab) ctx.addIssue({ code: 'custom', path: ['chronograf', 'gitlab'], message: 'is required when enabled is true (Chronograf signs in with GitLab)' });
    if (!system.allowedSources) {
      ctx.addIssue({
        code: 'custom',
        path: ['allowedSources'],
        message:
          'is required when enabled is true: name the lab networks, e.g. [192.0.2.0/24] (the seed kept the frontend, the backend, which sensors post to, and Chronograf on the lab network); ' +
          'to open one of them to the internet, say why in acceptInternet.<frontend|backend|chronograf>',
      });
    }
    reportDuplicates(ctx, system.sensors.map((s) => s.id), (i) => ['sensors', i, 'id']);
  });


const tls = z
  .object({
    issuer: z
      .enum(['acme', 'self-signed'])
      .describe('acme: certificates from an ACME CA (HTTP-01 through the ingress); self-signed: a private CA for dev'),
    acme: z
      .object({
        email: email.describe('Account e-mail for expiry notices'),
        server: httpsUrl({ path: true, example: 'https://acme-v02.api.letsencrypt.org/directory' }).default('https://acme-v02.api.letsencrypt.org/directory'),
      })
      .strict()
      .optional(),
    certManagerNamespace: dnsLabel
      .default('cert-manager')
      .describe('Namespace of cert-manager; the CA of the self-signed issuer is kept there'),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.issuer === 'acme' && !value.acme) {
      ctx.addIssue({ code: 'custom', path: ['acme'], message: 'is required when issuer is acme (email and server)' });
    }
  });

const secrets = z
  .object({
    provider: z
      .enum(['script', 'external-secrets'])
      .default('script')
      .describe('script: npm run secrets prints kubectl commands; external-secrets: ExternalSecret objects read every value from a store'),
    externalSecrets: z
      .object({
        storeKind: z.enum(['ClusterSecretStore', 'SecretStore']).default('ClusterSecretStore'),
        storeName: objectName('a SecretStore', 'vault-backend').describe('Name of the (Cluster)SecretStore'),
        keyPrefix: z
          .string()
          .regex(/^[A-Za-z0-9._/-]{0,128}$/, { message: 'must be up to 128 letters, digits, ".", "_", "/" and "-", e.g. labstack/prod/' })
          .default('').describe('Prefix of the remote keys <prefix><namespace>/<secret>, e.g. labstack/prod/'),
        refreshInterval: duration.default('1h'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .prefault({})
  .superRefine((value, ctx) => {
    if (value.provider === 'external-secrets' && !value.externalSecrets) {
      ctx.addIssue({ code: 'custom', path: ['externalSecrets'], message: 'is required when provider is external-secrets (storeName)' });
    }
  });

const delivery = z
  .object({
    argocd: z
      .object({
        repoURL: gitRepositoryUrl.describe('Git repository Argo CD reads dist/ from, e.g. https://git.example.org/lab/labstack.git'),
        targetRevision: z
          .string()
          .regex(/^(?!.*\.\.)[A-Za-z0-9._/-]{1,255}$/, { message: 'must be a branch, tag or commit, e.g. main' })
          .default('main').describe('Branch, tag or commit to deploy'),
        namespace: dnsLabel.default('argocd').describe('Namespace of Argo CD; the Applications and the AppProject live there'),
        automated: z
          .object({
            enabled: z.boolean().default(true).describe('Sync on every commit; false: sync by hand'),
            prune: z.boolean().default(true).describe('Delete objects removed from dist (never volumes or namespaces)'),
            selfHeal: z.boolean().default(true).describe('Undo changes made in the cluster'),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .optional()
      .describe('Render an Argo CD app-of-apps into dist/argocd/<environment>/'),
  })
  .strict()
  .prefault({});

const environmentFields = z
  .object({
    domain: dnsName.describe('Root DNS domain; host names default to sub-domains of it'),
    timeZone: timeZone.default('Etc/UTC').describe('Time zone of backup schedules'),
    storageClass: objectName('a StorageClass', 'standard-rwo')
      .optional()
      .describe('StorageClass of persistent volumes; default: the cluster default class'),
    ingress: z
      .object({
        className: dnsLabel.default('traefik').describe('IngressClass of the Traefik controller'),
        controllerNamespace: dnsLabel
          .default('traefik')
          .describe('Namespace of the ingress controller pods, allowed through the NetworkPolicies'),
        clusterNetworks: z
          .array(sourceRange)
          .min(1)
          .max(20)
          .optional()
          .describe(
            'The networks pods (and, where the cluster translates addresses, nodes) connect from: admitted by every allow list, since clients inside the cluster reach public hosts too ' +
              '(the Sticky Pi webapp calls the API, OpenEM\'s flows call MinIO, the SRS frontend calls the backend). Required when a system has allowedSources',
          ),
        forwardedForDepth: z
          .number()
          .int()
          .min(1)
          .max(5)
          .optional()
          .describe(
            'Where allow lists read the client address: the n-th address of X-Forwarded-For from the right, when n proxies or load balancers in front of Traefik add it. ' +
              'Default: the connection\'s source address, which is the client\'s only when Traefik\'s Service has externalTrafficPolicy: Local (docs/prerequisites.md)',
          ),
      })
      .strict()
      .prefault({}),
    tls,
    secrets,
    delivery,
    imageMirrors: z
      .record(
        registryHost,
        registryPath('harbor.lab.example.org/dockerhub'),
      )
      .default({})
      .describe('Pull images of a registry through another (a pull-through cache or a mirror): registry -> registry path, e.g. docker.io: harbor.lab.example.org/dockerhub'),
    systems: z
      .object({
        openPectus,
        openem,
        srs,
        stickyPi,
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const environmentSchema = environmentFields.transform(resolveDefaults).superRefine(checkHosts).superRefine(checkAuthentikTls).superRefine(checkAllowLists);

/**
 * Every default derived from other fields, resolved once here so charts read final values:
 * hosts (a one-label host is a sub-domain of `domain`), Sticky Pi's root and MinIO volume, the
 * storage classes of shared volumes and sensor names.
 */
function resolveDefaults(env: z.output<typeof environmentFields>) {
  const host = (value: string | undefined, fallback: string) => absoluteHost(value ?? fallback, env.domain);
  const { openPectus, openem, srs, stickyPi } = env.systems;
  const stickyRoot = host(stickyPi.rootDomain, 'sticky-pi');
  return {
    ...env,
    systems: {
      openPectus: {
        ...openPectus,
        instances: openPectus.instances.map((i) => ({ ...i, host: host(i.host, `pectus-${i.name}`), hostname: i.hostname ?? `pectus-${i.name}` })),
      },
      openem: {
        ...openem,
        host: host(openem.host, 'openem'),
        scratch: { ...openem.scratch, storageClass: openem.scratch.storageClass ?? env.storageClass },
        s3: openem.s3 && {
          ...openem.s3,
          minio: { ...openem.s3.minio, host: host(openem.s3.minio.host, 'openem-s3') },
          external: openem.s3.external && { ...openem.s3.external, externalEndpoint: absoluteEndpoint(openem.s3.external.externalEndpoint, env.domain) },
        },
      },
      srs: {
        ...srs,
        hosts: { frontend: host(srs.hosts.frontend, 'srs'), backend: host(srs.hosts.backend, 'srs-api'), chronograf: host(srs.hosts.chronograf, 'srs-monitoring') },
        exports: { ...srs.exports, storageClass: srs.exports.storageClass ?? env.storageClass },
        sensors: srs.sensors.map((sensor) => ({ ...sensor, name: sensor.name ?? sensor.id })),
      },
      stickyPi: {
        ...stickyPi,
        rootDomain: stickyRoot,
        hosts: { api: `api.${stickyRoot}`, webapp: `webapp.${stickyRoot}`, s3: `s3.${stickyRoot}` },
        s3: stickyPi.s3 && { ...stickyPi.s3, minio: stickyPi.s3.minio && { ...stickyPi.s3.minio, storage: minioStorage(stickyPi.s3.minio) } },
      },
    },
  };
}

/** The MinIO volume: explicit, or devices × weeks × 2 GB with a quarter of headroom, in 10Gi steps. */
export function minioStorage(minio: { devices?: number; retentionWeeks?: number; storage?: string }): string {
  if (minio.storage) return minio.storage;
  const gb = minio.devices! * minio.retentionWeeks! * STICKY_PI_GB_PER_DEVICE_WEEK * 1.25;
  return `${Math.ceil(gb / 10) * 10}Gi`;
}

/**
 * Each host is a DNS name and belongs to one thing the environment serves: one host serving two
 * would mix their routes and certificates. Checked on the resolved hosts, so defaults collide
 * with explicit hosts too. With the private CA of a self-signed environment, every host is under
 * `domain`, the only names the CA may sign.
 */
/**
 * A system's allow list also admits the cluster's own networks: in-cluster clients that call a
 * public host reach it through the ingress controller from pod (or node) addresses.
 */
function checkAllowLists(env: ReturnType<typeof resolveDefaults>, ctx: z.RefinementCtx): void {
  const { openPectus, openem, srs, stickyPi } = env.systems;
  const restricted = Object.entries({ openPectus, openem, srs, stickyPi }).filter(([, system]) => system.enabled && system.allowedSources);
  if (restricted.length > 0 && !env.ingress.clusterNetworks) {
    ctx.addIssue({
      code: 'custom',
      path: ['ingress', 'clusterNetworks'],
      message:
        `is required because ${restricted.map(([name]) => `systems.${name}.allowedSources`).join(' and ')} restrict${restricted.length === 1 ? 's' : ''} who reaches the routes: ` +
        'name the networks pods connect from (the cluster\'s pod CIDR, and the node network where traffic is translated), e.g. [10.244.0.0/16], since clients inside the cluster call public hosts too',
      params: { stated: true },
    });
  }
}

function checkHosts(env: ReturnType<typeof resolveDefaults>, ctx: z.RefinementCtx): void {
  const claims: { host: string; owner: string; path: (string | number)[] }[] = [];
  const { openPectus, openem, srs, stickyPi } = env.systems;
  if (openPectus.enabled) {
    openPectus.instances.forEach((i, index) => claims.push({ host: i.host, owner: `Open Pectus instance ${i.name}`, path: ['systems', 'openPectus', 'instances', index, 'host'] }));
  }
  if (openem.enabled) {
    claims.push({ host: openem.host, owner: 'OpenEM', path: ['systems', 'openem', 'host'] });
    if (openem.s3?.provider === 'minio') claims.push({ host: openem.s3.minio.host, owner: 'OpenEM\'s MinIO', path: ['systems', 'openem', 's3', 'minio', 'host'] });
  }
  if (srs.enabled) {
    for (const [part, owner] of [['frontend', 'the SRS frontend'], ['backend', 'the SRS backend'], ['chronograf', 'SRS\'s Chronograf']] as const) {
      claims.push({ host: srs.hosts[part], owner, path: ['systems', 'srs', 'hosts', part] });
    }
  }
  if (stickyPi.enabled) {
    const parts = stickyPi.s3?.provider === 'minio' ? (['api', 'webapp', 's3'] as const) : (['api', 'webapp'] as const);
    for (const part of parts) claims.push({ host: stickyPi.hosts[part], owner: `Sticky Pi's ${part}`, path: ['systems', 'stickyPi', 'rootDomain'] });
  }
  const owners = new Map<string, string>();
  for (const { host, owner, path } of claims) {
    const problem = dnsNameProblem(host);
    if (problem) ctx.addIssue({ code: 'custom', path, message: `gives the host ${host}, which ${problem}`, params: { stated: true } });
    // The private CA's name constraints permit the domain only (charts/platform.ts).
    if (env.tls.issuer === 'self-signed' && host !== env.domain && !host.endsWith(`.${env.domain}`)) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `gives the host ${host}, which is outside domain ${env.domain}: with tls.issuer self-signed the private CA may sign names under ${env.domain} only (its name constraints), so clients would refuse that certificate; use a host under ${env.domain} or tls.issuer acme`,
        params: { stated: true },
      });
    }
    const existing = owners.get(host);
    if (existing) ctx.addIssue({ code: 'custom', path, message: `gives the host ${host}, which ${existing} already uses; choose another`, params: { stated: true } });
    else owners.set(host, owner);
  }
}

/**
 * AUTHENTIK_INSECURE turns off the outpost's verification of authentik's certificate on every
 * connection (constructs/authentik-outpost.images.ts): a certificate a production environment
 * would never need to skip. With ACME certificates it must be accepted, with a reason.
 */
function checkAuthentikTls(env: ReturnType<typeof resolveDefaults>, ctx: z.RefinementCtx): void {
  const { openem } = env.systems;
  const authentik = openem.authentik;
  if (env.tls.issuer !== 'acme' || !openem.enabled || !authentik.enabled || !authentik.insecure || authentik.acceptInsecure) return;
  ctx.addIssue({
    code: 'custom',
    path: ['systems', 'openem', 'authentik', 'insecure'],
    message:
      `is true, so the authentik outpost does not verify the TLS certificate of ${authentik.host} (AUTHENTIK_INSECURE): whoever ` +
      'can intercept its connections reads the outpost token and the provider\'s client secret, and can hand it signing keys ' +
      'that let forged sign-ins into the Prefect UI and API. This environment gets its certificates from ACME (production): ' +
      'give authentik a certificate from a public CA and remove insecure, or accept it with authentik.acceptInsecure: <why>',
    params: { stated: true },
  });
}

/** A validated environment, every default resolved. */
export type EnvironmentSpec = z.output<typeof environmentSchema>;

/** A validated environment: the file's content plus its name (the file name without .yaml). */
export interface EnvironmentConfig extends EnvironmentSpec {
  readonly name: string;
  /** Digests of the image references, by `repository:tag`, from <name>.images.lock.json. */
  readonly imageLock: Readonly<Record<string, string>>;
}

type Systems = EnvironmentConfig['systems'];
export type OpenPectusInstanceConfig = Systems['openPectus']['instances'][number];
export type OpenEmConfig = Systems['openem'];
export type SrsConfig = Systems['srs'];
export type StickyPiConfig = Systems['stickyPi'];

function reportDuplicates(ctx: z.RefinementCtx, values: string[], path: (index: number) => (string | number)[]) {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) {
      ctx.addIssue({ code: 'custom', path: path(index), message: `must be unique, "${value}" is used twice` });
    }
    seen.add(value);
  });
}

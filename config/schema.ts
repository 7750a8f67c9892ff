import { z } from 'zod';

/**
 * The schema of one environment file (config/<environment>.yaml).
 *
 * Every field a user can set is declared here, with its default and what is allowed, so
 * that bad input is rejected at load time with the field's path (see ./load.ts) and
 * config/schema.json gives editors completion and checks (npm run schema).
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const CPU = /^([0-9]+m|[0-9]+(\.[0-9]{1,3})?)$/;
const CRON_FIELD = /^[0-9*/,-]+$/;
/** Tags that name a branch or channel, not a build: never a pinned image. */
export const MOVING_TAGS = ['latest', 'main', 'master', 'develop', 'dev', 'nightly', 'edge', 'stable'];

const dnsLabel = z
  .string()
  .regex(DNS_LABEL, { message: 'must be a lowercase DNS label: a-z, 0-9 and "-", at most 63 characters, e.g. prd' });

const dnsName = z
  .string()
  .regex(DNS_NAME, { message: 'must be a lowercase DNS name with at least one dot, e.g. lab.example.org' });

const email = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { message: 'must be an e-mail address, e.g. ops@example.org' });

/** A storage size such as 10Gi. */
const storageQuantity = z
  .string()
  .regex(QUANTITY, { message: 'is not a Kubernetes quantity, e.g. 10Gi' });

const cpuQuantity = z.string().regex(CPU, { message: 'is not a CPU quantity, e.g. 250m or 1' });

const imageTag = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(@sha256:[a-f0-9]{64})?$|^@?sha256:[a-f0-9]{64}$/, {
    message: 'must be an image tag such as 1.4.2, optionally followed by @sha256:<digest>',
  })
  .refine((tag) => !MOVING_TAGS.includes(tag), {
    message: `must be pinned: moving tags (${MOVING_TAGS.join(', ')}) are not allowed; use a version or commit tag, or append @sha256:<digest>`,
  });

const cronSchedule = z
  .string()
  .refine((s) => s.trim().split(/\s+/).length === 5 && s.trim().split(/\s+/).every((f) => CRON_FIELD.test(f)), {
    message: 'must be a five-field cron expression, e.g. "5 4 * * *"',
  });

const timeZone = z.string().refine(isTimeZone, { message: 'must be an IANA time zone name, e.g. Europe/Zurich' });

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return name.includes('/') || name === 'UTC';
  } catch {
    return false;
  }
}

const resources = (defaults: { cpu: string; memory: string; memoryLimit: string }) =>
  z
    .object({
      requests: z
        .object({
          cpu: cpuQuantity.default(defaults.cpu),
          memory: storageQuantity.default(defaults.memory),
        })
        .strict()
        .prefault({}),
      limits: z
        .object({ memory: storageQuantity.default(defaults.memoryLimit) })
        .strict()
        .prefault({})
        .describe('Only memory is limited: CPU limits throttle latency-sensitive servers for no gain.'),
    })
    .strict()
    .prefault({});

export type Resources = z.infer<ReturnType<typeof resources>>;

const backup = (schedule: string, keep: number) =>
  z
    .object({
      schedule: cronSchedule.default(schedule),
      keep: z
        .number()
        .int({ message: 'must be a whole number from 1 to 365' })
        .min(1, { message: 'must be a whole number from 1 to 365' })
        .max(365, { message: 'must be a whole number from 1 to 365' })
        .default(keep),
      storage: storageQuantity.default('20Gi'),
    })
    .strict()
    .prefault({});

const azureAuthentication = z
  .object({
    enabled: z.boolean().default(false),
    tenantId: z.string().min(1).optional().describe('AZURE_DIRECTORY_TENANT_ID; required when enabled'),
    clientId: z.string().min(1).optional().describe('AZURE_APPLICATION_CLIENT_ID; required when enabled'),
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

const openPectusInstance = z
  .object({
    // Object names are derived from it; the longest, the CronJob aggregator-<name>-backup-restore,
    // must stay within Kubernetes' 52 characters for CronJobs.
    name: dnsLabel
      .max(20, { message: 'must be at most 20 characters (object names are derived from it)' })
      .describe('Instance name, e.g. prd or tst; used in object names and backup file names'),
    host: dnsName.optional().describe('Public host name; default pectus-<name>.<domain>'),
    hostname: dnsLabel
      .optional()
      .describe('Pod host name; it appears in the CSV file metadata. Default pectus-<name>'),
    azureAuthentication,
    webpushSubscriberEmail: email.optional().describe('WEBPUSH_SUBSCRIBER_EMAIL; web push is disabled without it'),
    sentry: z.boolean().default(false).describe('Read SENTRY_DSN from the instance Secret'),
    databaseAdministration: z
      .object({
        enabled: z.boolean().default(false),
        acceptUnauthenticatedAccess: z
          .boolean()
          .default(false)
          .describe('Allow /admin without Azure authentication; anyone who reaches the host can edit the database'),
        resources: resources({ cpu: '50m', memory: '128Mi', memoryLimit: '256Mi' }),
      })
      .strict()
      .prefault({}),
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
  .strict()
  .superRefine((instance, ctx) => {
    const admin = instance.databaseAdministration;
    if (admin.enabled && !instance.azureAuthentication.enabled && !admin.acceptUnauthenticatedAccess) {
      ctx.addIssue({
        code: 'custom',
        path: ['databaseAdministration', 'enabled'],
        message:
          'the database administration has no access control without Azure authentication: enable azureAuthentication, ' +
          'or set databaseAdministration.acceptUnauthenticatedAccess: true to accept the risk',
      });
    }
  });

export type OpenPectusInstanceConfig = z.infer<typeof openPectusInstance>;

const openPectus = z
  .object({
    enabled: z.boolean().default(false),
    images: z
      .object({
        aggregator: imageTag.describe('Tag of ghcr.io/open-pectus/open-pectus'),
        databaseAdministration: imageTag.describe('Tag of ghcr.io/open-pectus/database-administration'),
        sqlite: imageTag.default('3.46.1').describe('Tag of docker.io/keinos/sqlite3, used by the backup job'),
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

const tls = z
  .object({
    issuer: z
      .enum(['acme', 'self-signed'])
      .describe('acme: certificates from an ACME CA (HTTP-01 through the ingress); self-signed: a private CA for dev'),
    acme: z
      .object({
        email: email.describe('Account e-mail for expiry notices'),
        server: z
          .url({ message: 'must be an https URL of an ACME directory' })
          .default('https://acme-v02.api.letsencrypt.org/directory'),
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

export const environmentSchema = z
  .object({
    domain: dnsName.describe('Root DNS domain; host names default to sub-domains of it'),
    timeZone: timeZone.default('Etc/UTC').describe('Time zone of backup schedules'),
    storageClass: dnsName
      .or(dnsLabel)
      .optional()
      .describe('StorageClass of persistent volumes; default: the cluster default class'),
    ingress: z
      .object({
        className: dnsLabel.default('traefik').describe('IngressClass of the Traefik controller'),
        controllerNamespace: dnsLabel
          .default('traefik')
          .describe('Namespace of the ingress controller pods, allowed through the NetworkPolicies'),
      })
      .strict()
      .prefault({}),
    tls,
    systems: z
      .object({
        openPectus,
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((env, ctx) => {
    // A repeated name is reported on its own, so its host is replaced by its index (never a DNS
    // name) rather than repeating that message.
    const instances = env.systems.openPectus.instances;
    const hosts = instances.map((i, index) =>
      instances.findIndex((other) => other.name === i.name) < index ? `${index}` : (i.host ?? `pectus-${i.name}.${env.domain}`),
    );
    reportDuplicates(ctx, hosts, (i) => ['systems', 'openPectus', 'instances', i, 'host']);
  });

export type EnvironmentSpec = z.infer<typeof environmentSchema>;

/** A validated environment: the file's content plus its name (the file name without .yaml). */
export interface EnvironmentConfig extends EnvironmentSpec {
  readonly name: string;
}

function reportDuplicates(ctx: z.RefinementCtx, values: string[], path: (index: number) => (string | number)[]) {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) {
      ctx.addIssue({ code: 'custom', path: path(index), message: `must be unique, "${value}" is used twice` });
    }
    seen.add(value);
  });
}

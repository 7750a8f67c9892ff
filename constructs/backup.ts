import { readFileSync } from 'fs';
import { join } from 'path';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { Resources } from '../config/schema';
import { Identity } from './identity';
import { PodSecurity } from './pod-security';
import { PodTemplate } from './pod-template';
import { IPodVolume, PersistentVolume } from './volumes';

/** Where the backup scripts live in the repository; they are mounted from a ConfigMap. */
export const BACKUP_SCRIPTS_DIR = join(__dirname, '..', 'scripts', 'backup');
const SCRIPTS_MOUNT = '/scripts';
const BACKUP_MOUNT = '/backup';

/** The data a backup reads. */
export interface BackupSource {
  readonly volume: PersistentVolume;
  readonly mountPath: string;
  /**
   * The pods that write the volume. A ReadWriteOnce volume can only be mounted on the node that
   * already has it, so the job is scheduled next to these pods.
   */
  readonly writer?: Identity;
}

export interface BackupProps {
  readonly identity: Identity;
  /** Name of the CronJob (at most 52 characters). */
  readonly name: string;
  /** Five-field cron expression, e.g. "5 4 * * *". */
  readonly schedule: string;
  /** IANA time zone the schedule is read in. */
  readonly timeZone: string;
  /** How many backups the script keeps (passed as BACKUP_KEEP). */
  readonly keep: number;
  /** A pinned image with the engine's client tools and a POSIX shell. */
  readonly image: string;
  /** File name of the backup script in scripts/backup. */
  readonly script: string;
  /**
   * File name of a restore script in scripts/backup. When set, a suspended CronJob
   * `<name>-restore` is rendered for operators to run with `kubectl create job --from`.
   * @default - no restore job
   */
  readonly restoreScript?: string;
  readonly source: BackupSource;
  /** The volume the backups are written to, mounted at /backup. */
  readonly target: PersistentVolume;
  readonly security: PodSecurity;
  /** Settings for the scripts. BACKUP_DIR and BACKUP_KEEP are set by the construct. */
  readonly env?: k8s.EnvVar[];
  /** @default - 50m CPU, 64Mi memory requested, 256Mi limit */
  readonly resources?: Resources;
  /** A run that cannot start within this time is skipped. @default 3600 */
  readonly startingDeadlineSeconds?: number;
  /** A run is stopped after this time. @default 3600 */
  readonly activeDeadlineSeconds?: number;
}

const DEFAULT_RESOURCES: Resources = { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } };

/**
 * A scheduled backup: a CronJob that runs a version-controlled shell script against a source
 * volume and writes to a backup volume, never two runs at once, with deadlines, a bounded
 * history and a retention count enforced by the script.
 */
export class Backup extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: BackupProps) {
    super(scope, id);
    this.name = props.name;
    const longest = props.restoreScript ? `${props.name}-restore` : props.name;
    if (longest.length > 52) throw new Error(`CronJob name ${longest} is longer than 52 characters`);
    if (props.source.volume.accessMode === 'ReadWriteOnce' && !props.source.writer) {
      throw new Error(`backup ${props.name} reads the ReadWriteOnce volume ${props.source.volume.claimName}: name its writer so the job runs on the same node`);
    }
    const scripts = [props.script, props.restoreScript].filter((s): s is string => s !== undefined);
    const configMap = new k8s.KubeConfigMap(this, 'Scripts', {
      metadata: { name: `${props.name}-scripts`, labels: props.identity.labels },
      data: Object.fromEntries(['lib.sh', ...scripts].map((file) => [file, readFileSync(join(BACKUP_SCRIPTS_DIR, file), 'utf8')])),
    });
    const scriptsVolume: IPodVolume = {
      volumeName: 'scripts',
      podVolume: () => ({ name: 'scripts', configMap: { name: configMap.name, defaultMode: 0o555 } }),
    };

    const job = (script: string, colocate: boolean, env: k8s.EnvVar[]): k8s.JobTemplateSpec => {
      const pod = new PodTemplate({ identity: props.identity, security: props.security, restartPolicy: 'Never' });
      pod.addContainer({
        name: 'backup',
        image: props.image,
        command: ['/bin/sh', `${SCRIPTS_MOUNT}/${script}`],
        resources: props.resources ?? DEFAULT_RESOURCES,
      });
      pod.addEnv('backup', { name: 'BACKUP_DIR', value: BACKUP_MOUNT }, ...env, ...(props.env ?? []));
      pod.mount('backup', scriptsVolume, SCRIPTS_MOUNT, { readOnly: true });
      pod.mount('backup', props.source.volume, props.source.mountPath);
      pod.mount('backup', props.target, BACKUP_MOUNT);
      if (colocate && props.source.writer) pod.colocateWith(props.source.writer.selector);
      return {
        metadata: { labels: props.identity.labels },
        spec: { backoffLimit: 1, activeDeadlineSeconds: props.activeDeadlineSeconds ?? 3600, template: pod.render() },
      };
    };

    new k8s.KubeCronJob(this, 'CronJob', {
      metadata: { name: props.name, labels: props.identity.labels },
      spec: {
        schedule: props.schedule,
        timeZone: props.timeZone,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: props.startingDeadlineSeconds ?? 3600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: job(props.script, true, [{ name: 'BACKUP_KEEP', value: String(props.keep) }]),
      },
    });

    if (props.restoreScript) {
      // Suspended: a template for `kubectl create job --from=cronjob/<name>-restore`. It runs while
      // the writer is stopped, so it needs no affinity to it.
      new k8s.KubeCronJob(this, 'Restore', {
        metadata: { name: `${props.name}-restore`, labels: props.identity.labels },
        spec: {
          schedule: props.schedule,
          timeZone: props.timeZone,
          suspend: true,
          concurrencyPolicy: 'Forbid',
          successfulJobsHistoryLimit: 1,
          failedJobsHistoryLimit: 1,
          jobTemplate: job(props.restoreScript, false, [{ name: 'RESTORE_FROM', value: 'latest' }]),
        },
      });
    }
  }
}

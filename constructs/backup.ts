import { join } from 'path';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { Resources } from '../config/schema';
import { Identity } from './identity';
import { PodSecurity } from './pod-security';
import { PodTemplate } from './pod-template';
import { ScheduledJob } from './scheduled-job';
import { PersistentVolume, ScratchVolume, ScriptsVolume } from './volumes';

/** Where the backup scripts live in the repository; they are mounted from a ConfigMap. */
export const BACKUP_SCRIPTS_DIR = join(__dirname, '..', 'scripts', 'backup');
const SCRIPTS_MOUNT = '/scripts';
const BACKUP_MOUNT = '/backup';

/** A step of a backup or restore: a script of scripts/backup run in an image. */
export interface BackupStep {
  /** A pinned image reference. */
  readonly image: string;
  /** File name in scripts/backup. */
  readonly script: string;
}

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
  /** @default - no volume: the script reaches the store over the network (e.g. a dump client) */
  readonly source?: BackupSource;
  /**
   * A first step in another image (e.g. the engine's dump tool), run as an init container with
   * the same settings, scripts and volumes; `script` then runs in `image` (e.g. to archive).
   * Scratch space shared by both is mounted at /work.
   * @default - one step
   */
  readonly prepare?: BackupStep;
  /** Image of the restore script. @default - `image` */
  readonly restoreImage?: string;
  /** A first restore step in another image (e.g. unpacking the archive). @default - one step */
  readonly restorePrepare?: BackupStep;
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
  /** The identity of the backup and restore pods, to let them reach the store. */
  public readonly identity: Identity;

  constructor(scope: Construct, id: string, props: BackupProps) {
    super(scope, id);
    this.name = props.name;
    this.identity = props.identity;
    const longest = props.restoreScript ? `${props.name}-restore` : `${props.name}-files`;
    if (longest.length > 52) throw new Error(`CronJob name ${longest} is longer than 52 characters`);
    if (props.source && props.source.volume.accessMode === 'ReadWriteOnce' && !props.source.writer) {
      throw new Error(`backup ${props.name} reads the ReadWriteOnce volume ${props.source.volume.claimName}: name its writer so the job runs on the same node`);
    }
    const scripts = [props.prepare?.script, props.script, props.restorePrepare?.script, props.restoreScript].filter((s): s is string => s !== undefined);
    const scriptsVolume = new ScriptsVolume(this, 'Scripts', {
      identity: props.identity,
      name: `${props.name}-scripts`,
      directory: BACKUP_SCRIPTS_DIR,
      files: ['lib.sh', ...scripts],
    });

    const work = new ScratchVolume('work', '10Gi');
    const pod = (main: BackupStep, colocate: boolean, env: k8s.EnvVar[], prepare?: BackupStep): PodTemplate => {
      const template = new PodTemplate({ identity: props.identity, security: props.security, restartPolicy: 'Never' });
      const step = (name: string, image: string, file: string, init: boolean) => {
        const spec = { name, image, command: ['/bin/sh', `${SCRIPTS_MOUNT}/${file}`], resources: props.resources ?? DEFAULT_RESOURCES };
        if (init) template.addInitContainer(spec);
        else template.addContainer(spec);
        // Each step gets only the settings its own script names (every script require_env's
        // what it reads): the archiving step never sees the database password.
        const script = scriptsVolume.content(file);
        const settings = [{ name: 'BACKUP_DIR', value: BACKUP_MOUNT }, ...env, ...(props.env ?? [])].filter((v) => script.includes(v.name));
        template.addEnv(name, ...settings);
        template.mount(name, scriptsVolume, SCRIPTS_MOUNT, { readOnly: true });
        if (props.source) template.mount(name, props.source.volume, props.source.mountPath);
        template.mount(name, props.target, BACKUP_MOUNT);
        if (prepare) template.mount(name, work, '/work');
      };
      if (prepare) step('prepare', prepare.image, prepare.script, true);
      step('backup', main.image, main.script, false);
      if (colocate && props.source?.writer) template.colocateWith(props.source.writer.selector);
      return template;
    };

    new ScheduledJob(this, 'CronJob', {
      identity: props.identity,
      name: props.name,
      schedule: props.schedule,
      timeZone: props.timeZone,
      pod: pod({ image: props.image, script: props.script }, true, [{ name: 'BACKUP_KEEP', value: String(props.keep) }], props.prepare),
      activeDeadlineSeconds: props.activeDeadlineSeconds,
      startingDeadlineSeconds: props.startingDeadlineSeconds,
    });

    // Suspended: `kubectl create job <job> --from=cronjob/<name>-files` starts a pod that lists the
    // backups and waits an hour, for `kubectl exec` and `kubectl cp` (which needs tar in the image).
    // Under Pod Security restricted, where a `kubectl run` debug pod without a security context is
    // refused, this is how operators reach the files. It mounts the backup volume read-only, in the
    // backup's own image: a distribution image (Alpine, Debian or Ubuntu based, or busybox) with sh,
    // ls, sleep and tar.
    const files = new PodTemplate({ identity: props.identity, security: props.security, restartPolicy: 'Never' });
    files.addContainer({
      name: 'files',
      image: props.image,
      command: ['/bin/sh', '-c', `ls -lR ${BACKUP_MOUNT} && echo "kubectl exec or kubectl cp from this pod within the hour" && exec sleep 3600`],
      resources: props.resources ?? DEFAULT_RESOURCES,
    });
    files.mount('files', props.target, BACKUP_MOUNT, { readOnly: true });
    new ScheduledJob(this, 'Files', {
      identity: props.identity,
      name: `${props.name}-files`,
      schedule: props.schedule,
      timeZone: props.timeZone,
      pod: files,
      activeDeadlineSeconds: 3900,
      suspend: true,
      history: 1,
    });

    if (props.restoreScript) {
      // Suspended: a template for `kubectl create job --from=cronjob/<name>-restore`. It runs while
      // the writer is stopped, so it needs no affinity to it.
      new ScheduledJob(this, 'Restore', {
        identity: props.identity,
        name: `${props.name}-restore`,
        schedule: props.schedule,
        timeZone: props.timeZone,
        pod: pod({ image: props.restoreImage ?? props.image, script: props.restoreScript }, false, [{ name: 'RESTORE_FROM', value: 'latest' }], props.restorePrepare),
        activeDeadlineSeconds: props.activeDeadlineSeconds,
        suspend: true,
        history: 1,
      });
    }
  }
}

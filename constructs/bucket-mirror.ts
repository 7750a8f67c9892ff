import { Construct } from 'constructs';
import { Identity } from './identity';
import { IObjectStore } from './object-store';
import { PodSecurity } from './pod-security';
import { PodTemplate } from './pod-template';
import { ScheduledJob } from './scheduled-job';
import { DeclaredSecret } from './secrets';

export interface BucketMirrorProps {
  readonly identity: Identity;
  /** Name of the CronJob (at most 52 characters) and of the target's Secret (`<name>-target`). */
  readonly name: string;
  /** Pinned image of docker.io/rclone/rclone. */
  readonly image: string;
  readonly source: IObjectStore;
  readonly sourceBucket: string;
  /** https URL of the mirror's S3 endpoint. */
  readonly targetEndpoint: string;
  readonly targetBucket: string;
  readonly schedule: string;
  readonly timeZone: string;
}

/**
 * A second copy of a bucket: a nightly `rclone sync` to another S3 endpoint. Objects deleted at
 * the source are deleted in the mirror too; use a target with versioning or object lock to keep
 * deleted images.
 */
export class BucketMirror extends Construct {
  constructor(scope: Construct, id: string, props: BucketMirrorProps) {
    super(scope, id);
    const target = new DeclaredSecret(this, 'Target', {
      name: `${props.name}-target`,
      purpose: `Access key of the mirror bucket ${props.targetBucket} at ${props.targetEndpoint}`,
      keys: [
        { key: 'access-key', purpose: 'Access key id with write access to the mirror bucket' },
        { key: 'secret-key', purpose: 'Secret access key of that id' },
      ],
    });
    // rclone reads remotes from RCLONE_CONFIG_<REMOTE>_<OPTION>: no config file is needed.
    const remote = (name: string, endpoint: string) => [
      { name: `RCLONE_CONFIG_${name}_TYPE`, value: 's3' },
      { name: `RCLONE_CONFIG_${name}_PROVIDER`, value: 'Other' },
      { name: `RCLONE_CONFIG_${name}_ENDPOINT`, value: endpoint },
    ];
    const pod = new PodTemplate({ identity: props.identity, security: PodSecurity.restricted({ uid: 10001 }), restartPolicy: 'Never' });
    pod.addContainer({
      name: 'mirror',
      image: props.image,
      command: ['rclone'],
      // Progress is logged at INFO, below rclone's default NOTICE: it is raised so the job logs it.
      args: ['sync', `source:${props.sourceBucket}`, `target:${props.targetBucket}`, '--fast-list', '--checksum', '--stats-one-line', '--stats', '60s', '--stats-log-level', 'NOTICE'],
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    });
    pod.addEnv(
      'mirror',
      // No config file: rclone would try to create one under the read-only root first.
      { name: 'RCLONE_CONFIG', value: '/dev/null' },
      ...remote('SOURCE', `https://${props.source.host}`),
      props.source.accessKeyEnv('RCLONE_CONFIG_SOURCE_ACCESS_KEY_ID'),
      props.source.secretKeyEnv('RCLONE_CONFIG_SOURCE_SECRET_ACCESS_KEY'),
      ...remote('TARGET', props.targetEndpoint),
      target.env('RCLONE_CONFIG_TARGET_ACCESS_KEY_ID', 'access-key'),
      target.env('RCLONE_CONFIG_TARGET_SECRET_ACCESS_KEY', 'secret-key'),
    );
    new ScheduledJob(this, 'CronJob', {
      identity: props.identity,
      name: props.name,
      schedule: props.schedule,
      timeZone: props.timeZone,
      pod,
      activeDeadlineSeconds: 6 * 3600,
    });
  }
}

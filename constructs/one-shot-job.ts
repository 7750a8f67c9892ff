import { createHash } from 'crypto';
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { Resources } from '../config/schema';
import { Identity } from './identity';
import { PodSecurity } from './pod-security';
import { PodTemplate } from './pod-template';

export interface OneShotJobProps {
  readonly identity: Identity;
  /** Start of the Job's name; a hash of the pod template is appended. At most 54 characters. */
  readonly name: string;
  /** A pinned image reference. */
  readonly image: string;
  readonly command: string[];
  readonly security: PodSecurity;
  /** @default - 50m CPU, 64Mi memory requested, 256Mi limit */
  readonly resources?: Resources;
  /** Attempts before the Job fails. @default 6 */
  readonly backoffLimit?: number;
  /** @default 1800 */
  readonly activeDeadlineSeconds?: number;
  /** Secrets with credentials of private registries. @default - none */
  readonly imagePullSecrets?: string[];
}

const DEFAULT_RESOURCES: Resources = { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } };

/**
 * A Job that runs once per version of its inputs (create a bucket, apply configuration).
 *
 * A Job's pod template is immutable, so the name ends with a hash of the template and of the
 * inputs it reads from ConfigMaps (`addInputs`): re-applying unchanged manifests is a no-op, and
 * any change (image, script, settings) makes a new Job that runs again. The command must therefore be idempotent. Finished Jobs are kept (no TTL), or
 * kubectl apply would re-create and re-run them.
 */
export class OneShotJob extends Construct {
  /** The pod template, to add env and volumes. */
  public readonly pod: PodTemplate;
  public readonly containerName = 'job';
  private readonly inputs: string[] = [];

  constructor(scope: Construct, id: string, props: OneShotJobProps) {
    super(scope, id);
    if (props.name.length > 54) throw new Error(`Job name ${props.name} is longer than 54 characters (a 9-character hash is appended)`);
    this.pod = new PodTemplate({ identity: props.identity, security: props.security, restartPolicy: 'OnFailure', imagePullSecrets: props.imagePullSecrets });
    this.pod.addContainer({ name: this.containerName, image: props.image, command: props.command, resources: props.resources ?? DEFAULT_RESOURCES });
    const name = Lazy.any({
      produce: () => `${props.name}-${createHash('sha256').update(JSON.stringify([this.pod.toSpec(), this.inputs])).digest('hex').slice(0, 8)}`,
    }) as unknown as string;
    new k8s.KubeJob(this, 'Job', {
      metadata: { name, labels: props.identity.labels },
      spec: {
        backoffLimit: props.backoffLimit ?? 6,
        activeDeadlineSeconds: props.activeDeadlineSeconds ?? 1800,
        template: this.pod.render(),
      },
    });
  }

  /**
   * Content the Job reads from mounted ConfigMaps (scripts, settings): a change makes a new Job,
   * as a change of the pod does.
   */
  public addInputs(...contents: string[]): void {
    this.inputs.push(...contents);
  }
}

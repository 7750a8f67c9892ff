import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { Identity } from './identity';
import { PodTemplate } from './pod-template';

export interface ScheduledJobProps {
  readonly identity: Identity;
  /** Name of the CronJob (at most 52 characters). */
  readonly name: string;
  /** Five-field cron expression, e.g. "5 4 * * *". */
  readonly schedule: string;
  /** IANA time zone the schedule is read in. */
  readonly timeZone: string;
  /** The pod of each run; its restart policy must be Never or OnFailure. */
  readonly pod: PodTemplate;
  /** A run is stopped after this time. @default 3600 */
  readonly activeDeadlineSeconds?: number;
  /** A run that cannot start within this time is skipped. @default 3600 */
  readonly startingDeadlineSeconds?: number;
  /**
   * Never scheduled: a template for `kubectl create job --from=cronjob/<name>`.
   * @default false
   */
  readonly suspend?: boolean;
  /** Finished runs kept for inspection, each of successes and failures. @default 3 */
  readonly history?: number;
}

/**
 * A CronJob that never overlaps itself (a run still going makes the next one wait), with
 * deadlines, a bounded history and one retry.
 */
export class ScheduledJob extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    if (props.name.length > 52) throw new Error(`CronJob name ${props.name} is longer than 52 characters`);
    this.name = props.name;
    new k8s.KubeCronJob(this, 'Resource', {
      metadata: { name: props.name, labels: props.identity.labels },
      spec: {
        schedule: props.schedule,
        timeZone: props.timeZone,
        suspend: props.suspend,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: props.suspend ? undefined : props.startingDeadlineSeconds ?? 3600,
        successfulJobsHistoryLimit: props.history ?? 3,
        failedJobsHistoryLimit: props.history ?? 3,
        jobTemplate: {
          metadata: { labels: props.identity.labels },
          spec: { backoffLimit: 1, activeDeadlineSeconds: props.activeDeadlineSeconds ?? 3600, template: props.pod.render() },
        },
      },
    });
  }
}

import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';
import { PodTemplate } from './pod-template';

export interface AgentProps {
  /** Name of the Deployment or DaemonSet. */
  readonly name: string;
  /** The agent's pod; its identity's selector selects it. */
  readonly pod: PodTemplate;
  /**
   * One pod on every node (host metrics) instead of one in the cluster.
   * @default false - a Deployment of one, replaced with Recreate
   */
  readonly everyNode?: boolean;
}

/**
 * A background process that nobody connects to (a Prefect worker, a metrics collector): a
 * Deployment of one without a Service, or a DaemonSet with `everyNode`. Its only endpoint is
 * its own health check.
 */
export class Agent extends Construct {
  constructor(scope: Construct, id: string, props: AgentProps) {
    super(scope, id);
    const { identity } = props.pod;
    const metadata = { name: props.name, labels: identity.labels };
    const selector = { matchLabels: identity.selector };
    if (props.everyNode) {
      new k8s.KubeDaemonSet(this, 'DaemonSet', {
        metadata,
        spec: { selector, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: IntOrString.fromNumber(1) } }, template: props.pod.render() },
      });
    } else {
      new k8s.KubeDeployment(this, 'Deployment', {
        metadata,
        spec: { replicas: 1, revisionHistoryLimit: 5, selector, strategy: { type: 'Recreate' }, template: props.pod.render() },
      });
    }
  }
}

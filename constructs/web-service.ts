import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';
import { ServiceWorkload, ServiceWorkloadProps } from './service-workload';

export interface WebServiceProps extends ServiceWorkloadProps {
  /**
   * Run exactly one pod and replace it with Recreate, never two at once.
   * @default false - rolling updates
   */
  readonly singleWriter?: boolean;
  /**
   * @default 1; a PodDisruptionBudget keeps one pod up during drains when more than one
   */
  readonly replicas?: number;
}

/**
 * A stateless (or single-writer) server: a Deployment, a ClusterIP Service and a
 * PodDisruptionBudget when it has more than one replica. Expose it with `exposeAt()`.
 */
export class WebService extends ServiceWorkload {
  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id, props, { headless: false });
    const replicas = props.replicas ?? 1;
    if (props.singleWriter && replicas !== 1) {
      throw new Error(`${props.name} is a single writer and must run exactly one replica, got ${replicas}`);
    }

    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: props.name, labels: props.identity.labels },
      spec: {
        replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: props.identity.selector },
        strategy: props.singleWriter ? { type: 'Recreate' } : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: IntOrString.fromNumber(0) } },
        template: this.pod.render(),
      },
    });

    if (replicas > 1) {
      new k8s.KubePodDisruptionBudget(this, 'Budget', {
        metadata: { name: props.name, labels: props.identity.labels },
        spec: { maxUnavailable: IntOrString.fromNumber(1), selector: { matchLabels: props.identity.selector } },
      });
    }
  }
}

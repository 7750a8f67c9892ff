import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';
import { Identity } from './identity';
import { IngressSettings } from './routing/ingress-settings';

export interface HttpsOnlyEgressProps {
  /** The pods the policy applies to. */
  readonly identity: Identity;
  /** Name of the NetworkPolicy. */
  readonly name: string;
  readonly ingress: IngressSettings;
}

/**
 * Limits what a client pod may reach to DNS and HTTPS: public hosts of the platform (through
 * the ingress controller) and external HTTPS services. Cluster-internal ports (databases,
 * other pods' services) are out of reach.
 *
 * Traffic to a platform host that resolves to the controller's load balancer is rewritten to
 * the controller pods' own ports by kube-proxy before policies apply, so the controller's
 * namespace is allowed on any port.
 */
export class HttpsOnlyEgress extends Construct {
  constructor(scope: Construct, id: string, props: HttpsOnlyEgressProps) {
    super(scope, id);
    const port = (n: number, protocol: string) => ({ port: IntOrString.fromNumber(n), protocol });
    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: props.name, labels: props.identity.labels },
      spec: {
        podSelector: { matchLabels: props.identity.selector },
        policyTypes: ['Egress'],
        egress: [
          { ports: [port(53, 'UDP'), port(53, 'TCP')] },
          { ports: [port(443, 'TCP')] },
          { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': props.ingress.controllerNamespace } } }] },
        ],
      },
    });
  }
}

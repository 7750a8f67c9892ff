import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';
import { Identity } from './identity';

/** One destination a pod may send to. */
export class EgressRule {
  /** Name lookups (UDP and TCP 53), wherever the cluster DNS runs. */
  public static dns(): EgressRule {
    return new EgressRule({ ports: [port(53, 'UDP'), port(53, 'TCP')] });
  }

  /** A TCP port on any address: external services (HTTPS APIs, S3 providers, the Kubernetes API). */
  public static port(number: number): EgressRule {
    return new EgressRule({ ports: [port(number, 'TCP')] });
  }

  /** Pods of a component in the same namespace, on one port. */
  public static toPods(identity: Identity, number: number): EgressRule {
    return new EgressRule({ to: [{ podSelector: { matchLabels: identity.selector } }], ports: [port(number, 'TCP')] });
  }

  /**
   * Every pod of a namespace, any port. For the ingress controller: kube-proxy rewrites traffic
   * to its load balancer to the controller pods' own ports before policies apply, so a client
   * reaching a platform host through it needs the namespace, not port 443.
   */
  public static toNamespace(name: string): EgressRule {
    return new EgressRule({ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } }] });
  }

  private constructor(public readonly rule: k8s.NetworkPolicyEgressRule) {}
}

function port(number: number, protocol: string): k8s.NetworkPolicyPort {
  return { port: IntOrString.fromNumber(number), protocol };
}

export interface EgressPolicyProps {
  /** The pods the policy applies to. */
  readonly identity: Identity;
  /** Name of the NetworkPolicy. */
  readonly name: string;
  /** Everything else is denied for these pods. */
  readonly allow: EgressRule[];
}

/** Limits where a component's pods may send to: the listed destinations and nothing else. */
export class EgressPolicy extends Construct {
  constructor(scope: Construct, id: string, props: EgressPolicyProps) {
    super(scope, id);
    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: props.name, labels: props.identity.labels },
      spec: {
        podSelector: { matchLabels: props.identity.selector },
        policyTypes: ['Egress'],
        egress: props.allow.map((r) => r.rule),
      },
    });
  }
}

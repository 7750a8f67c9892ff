import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { Identity } from './identity';
import { PodSecurityLevel } from './pod-security';

export interface SystemNamespaceProps {
  readonly name: string;
  readonly identity: Identity;
  /**
   * Pod Security Standard enforced, audited and warned for every pod of the namespace.
   * @default restricted
   */
  readonly podSecurity?: PodSecurityLevel;
  /** Why the namespace is not restricted; required with baseline and recorded as an annotation. */
  readonly podSecurityReason?: string;
}

/**
 * A system's namespace: Pod Security admission labels and a default-deny ingress
 * NetworkPolicy. Workloads open exactly what they need (see WebService.exposeAt and
 * allowFrom policies in the charts).
 */
export class SystemNamespace extends Construct {
  public readonly name: string;
  public readonly podSecurity: PodSecurityLevel;
  private readonly namespace: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: SystemNamespaceProps) {
    super(scope, id);
    this.name = props.name;
    this.podSecurity = props.podSecurity ?? 'restricted';
    if (this.podSecurity !== 'restricted' && !props.podSecurityReason) {
      throw new Error(`namespace ${props.name} runs under ${this.podSecurity} and must say why (podSecurityReason)`);
    }
    this.namespace = new k8s.KubeNamespace(this, 'Namespace', {
      metadata: {
        name: props.name,
        labels: {
          ...props.identity.labels,
          'pod-security.kubernetes.io/enforce': this.podSecurity,
          'pod-security.kubernetes.io/enforce-version': 'v1.27',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
        annotations: props.podSecurityReason ? { 'labstack.io/pod-security-reason': props.podSecurityReason } : undefined,
      },
    });
    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: 'default-deny-ingress', namespace: props.name, labels: props.identity.labels },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
  }

  /** Adds a label to the namespace (for controllers that select namespaces, e.g. trust-manager). */
  public addLabel(key: string, value: string): void {
    const existing = this.namespace.metadata.getLabel(key);
    if (existing !== undefined && existing !== value) throw new Error(`namespace ${this.name} already has the label ${key}=${existing}`);
    this.namespace.metadata.addLabel(key, value);
  }
}

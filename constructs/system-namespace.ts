import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { Identity } from './identity';
import { PodSecurityLevel } from './pod-security';

/**
 * The label naming the environment a namespace belongs to. Namespaces have fixed names, so a
 * cluster runs one LabStack environment; the label lets tools refuse to mix two (the secrets
 * script checks it, and kubectl's server-side apply refuses to take it over).
 */
export const ENVIRONMENT_LABEL = 'labstack.io/environment';

export interface SystemNamespaceProps {
  readonly name: string;
  readonly identity: Identity;
  /** The environment the namespace belongs to (label labstack.io/environment). */
  readonly environment: string;
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
          [ENVIRONMENT_LABEL]: props.environment,
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

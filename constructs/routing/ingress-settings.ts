import { k8s } from 'cdk8s-plus-27';

/** How routes reach the cluster's ingress controller and get certificates. */
export interface IngressSettings {
  /** The IngressClass of the controller. */
  readonly className: string;
  /** Namespace of the controller pods (allowed through NetworkPolicies). */
  readonly controllerNamespace: string;
  /** The cert-manager ClusterIssuer that signs every host's certificate. */
  readonly clusterIssuer: IClusterIssuer;
}

/** A cert-manager ClusterIssuer, as the Certificates naming it need it. */
export interface IClusterIssuer {
  /** Name of the ClusterIssuer. */
  readonly name: string;
  /**
   * Called with the namespace of every Certificate that names this issuer, when the Certificate
   * is rendered: an issuer that must reach into that namespace to validate a host (ACME HTTP-01
   * solver pods, behind the namespace's default-deny policy) opens exactly that path there.
   */
  admitCertificatesIn(namespace: string): void;
}

/** The NetworkPolicy peer of the ingress controller: every pod of its namespace. */
export function ingressControllerPeer(ingress: Pick<IngressSettings, 'controllerNamespace'>): k8s.NetworkPolicyPeer {
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ingress.controllerNamespace } } };
}

import { k8s } from 'cdk8s-plus-27';

/** How routes reach the cluster's ingress controller and get certificates. */
export interface IngressSettings {
  /** The IngressClass of the controller. */
  readonly className: string;
  /** Namespace of the controller pods (allowed through NetworkPolicies). */
  readonly controllerNamespace: string;
  /** The cert-manager ClusterIssuer that signs every host's certificate. */
  readonly clusterIssuer: IClusterIssuer;
  /**
   * The client addresses and networks routes admit; every other client is refused with 403.
   * @default - every client (the internet)
   */
  readonly allowedSources?: readonly string[];
  /** Why routes admit every client, when the config opened them despite an allow list. */
  readonly internetAccepted?: string;
  /** The networks pods (and translated nodes) connect from: admitted by every allow list. */
  readonly clusterNetworks?: readonly string[];
  /**
   * Where the allow list reads the client address: the n-th entry of X-Forwarded-For from the
   * right, when n proxies in front of the controller add it.
   * @default - the connection's source address
   */
  readonly forwardedForDepth?: number;
}

/**
 * The same controller, with routes that admit only a system's `allowedSources` and the cluster's
 * own networks (in-cluster clients of public hosts come through the controller from there), or
 * every client without a list. `internetAccepted` opens a route despite the list, for the reason given.
 */
export function admitting(ingress: IngressSettings, allowedSources: readonly string[] | undefined, internetAccepted?: string): IngressSettings {
  if (!allowedSources || internetAccepted) return { ...ingress, allowedSources: undefined, internetAccepted };
  if (!ingress.clusterNetworks) throw new Error('an allow list needs the cluster\'s networks (ingress.clusterNetworks), or in-cluster clients of public hosts are refused');
  return { ...ingress, allowedSources: [...allowedSources, ...ingress.clusterNetworks.filter((n) => !allowedSources.includes(n))] };
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

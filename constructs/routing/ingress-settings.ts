/** How routes reach the cluster's ingress controller and get certificates. */
export interface IngressSettings {
  /** The IngressClass of the controller. */
  readonly className: string;
  /** Namespace of the controller pods (allowed through NetworkPolicies). */
  readonly controllerNamespace: string;
  /** The cert-manager ClusterIssuer that signs every host's certificate. */
  readonly clusterIssuer: string;
}

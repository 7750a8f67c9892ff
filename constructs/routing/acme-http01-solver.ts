import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';
import { Identity } from '../identity';
import { ingressControllerPeer } from './ingress-settings';

/**
 * How cert-manager answers an ACME HTTP-01 challenge, read from cert-manager v1.21.1 (the version
 * docs/prerequisites.md names; github.com/cert-manager/cert-manager, tag v1.21.1, commit
 * 24e33194fb39488eff2bbf10c6dc640f407cad44):
 * - pkg/issuer/acme/http/pod.go (`podLabels`, `buildDefaultPod`, `createPod`): a solver pod per
 *   challenge, created in the Challenge's namespace (`ch.Namespace`), labelled
 *   `acme.cert-manager.io/http01-solver: "true"` (`SolverIdentificationLabelKey`,
 *   pkg/apis/acme/v1/types.go), listening on `--listen-port=8089` (container port `http`);
 * - pkg/issuer/acme/http/http.go: `acmeSolverListenPort = 8089`;
 * - pkg/issuer/acme/http/service.go and ingress.go: a Service (port and targetPort 8089) and an
 *   Ingress of the solver's `ingressClassName` for it, in the same namespace, so the ingress
 *   controller's pods connect to the solver pod on 8089;
 * - the Challenge is in its Order's namespace, the Order in its CertificateRequest's
 *   (pkg/controller/acmeorders/sync.go, pkg/controller/certificaterequests/acme/acme.go), which is
 *   the Certificate's: the solver runs wherever a Certificate is.
 * The solver pod itself passes Pod Security restricted (non-root, RuntimeDefault seccomp, no
 * capabilities, no privilege escalation: `buildDefaultPod`), so restricted namespaces admit it.
 */
export const ACME_HTTP01_SOLVER = {
  labels: { 'acme.cert-manager.io/http01-solver': 'true' },
  port: 8089,
} as const;

export interface AcmeHttp01SolverPolicyProps {
  /** The namespace holding Certificates of an ACME HTTP-01 issuer. */
  readonly namespace: string;
  /** Namespace of the ingress controller the solver's Ingress is served by. */
  readonly controllerNamespace: string;
}

/**
 * Lets the ingress controller reach cert-manager's ACME HTTP-01 solver pods in a namespace that
 * denies all ingress by default: without it the CA's validation request never arrives and no
 * certificate is issued. Only the solver pods, only their port, only from the controller.
 */
export class AcmeHttp01SolverPolicy extends Construct {
  constructor(scope: Construct, id: string, props: AcmeHttp01SolverPolicyProps) {
    super(scope, id);
    new k8s.KubeNetworkPolicy(this, 'Policy', {
      metadata: {
        name: 'acme-http01-solver-from-ingress',
        namespace: props.namespace,
        labels: Identity.of(props.namespace).component('acme-http01-solver').labels,
      },
      spec: {
        podSelector: { matchLabels: { ...ACME_HTTP01_SOLVER.labels } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [ingressControllerPeer(props)],
            ports: [{ port: IntOrString.fromNumber(ACME_HTTP01_SOLVER.port), protocol: 'TCP' }],
          },
        ],
      },
    });
  }
}

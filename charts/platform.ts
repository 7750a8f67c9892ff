import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema';
import { Identity } from '../constructs/identity';
import { PodSecurityLevel } from '../constructs/pod-security';
import { AcmeHttp01SolverPolicy } from '../constructs/routing/acme-http01-solver';
import { IClusterIssuer, IngressSettings } from '../constructs/routing/ingress-settings';
import { PodTemplate } from '../constructs/pod-template';
import { SystemNamespace } from '../constructs/system-namespace';
import { TrustedCa, TrustOptions } from '../constructs/trusted-ca';
import { Certificate, CertificateSpecPrivateKeyAlgorithm, ClusterIssuer } from '../imports/cert-manager.io';

export interface PlatformChartProps {
  readonly environment: EnvironmentConfig;
}

/**
 * What every system of an environment stands on: the cert-manager ClusterIssuer that signs
 * every host, and the systems' namespaces (added by the system charts).
 *
 * A cluster runs one environment (the namespaces have fixed names and carry the environment's
 * label); cluster-scoped objects and those in cert-manager's namespace are still named after the
 * environment (labstack-<env>-acme, labstack-<env>-ca), so another environment's platform never
 * overwrites them.
 */
export class PlatformChart extends Chart {
  /** Settings every route of the environment uses. */
  public readonly ingress: IngressSettings;
  private readonly identity: Identity;
  private readonly environment: string;
  private readonly namespaces = new Map<string, SystemNamespace>();
  /** The private CA of a self-signed environment, distributed by trust-manager. */
  private trustedCa?: TrustedCa;
  /** Namespaces whose ACME HTTP-01 solver pods the ingress controller may reach. */
  private readonly solverNamespaces = new Set<string>();

  constructor(scope: Construct, id: string, props: PlatformChartProps) {
    super(scope, id);
    const env = props.environment;
    this.environment = env.name;
    this.identity = Identity.of('labstack-platform', `labstack-${env.name}`).component('tls');
    const clusterIssuer = env.tls.issuer === 'acme' ? this.acmeIssuer(env) : this.selfSignedIssuer(env);
    this.ingress = { ...env.ingress, clusterIssuer };
  }

  /** The namespace of a system, created once with its Pod Security level. */
  public addSystemNamespace(name: string, podSecurity: PodSecurityLevel = 'restricted', podSecurityReason?: string): SystemNamespace {
    const existing = this.namespaces.get(name);
    if (existing) {
      if (existing.podSecurity !== podSecurity) throw new Error(`namespace ${name} is requested as ${podSecurity} and as ${existing.podSecurity}`);
      return existing;
    }
    const namespace = new SystemNamespace(this, `Namespace-${name}`, {
      name,
      identity: Identity.of(name).component('namespace'),
      environment: this.environment,
      podSecurity,
      podSecurityReason,
    });
    this.namespaces.set(name, namespace);
    return namespace;
  }

  /**
   * Makes a container trust the environment's own hosts over HTTPS. With the private CA of a
   * self-signed environment it mounts trust-manager's bundle (public roots plus that CA) and points
   * the container's TLS library at it; with an ACME CA the public roots the images ship suffice.
   */
  public trustOwnHosts(namespace: string, pod: PodTemplate, container: string, options: TrustOptions): void {
    const systemNamespace = this.namespaces.get(namespace);
    if (!systemNamespace) throw new Error(`namespace ${namespace} is not a system namespace; add it with addSystemNamespace first`);
    this.trustedCa?.trust(systemNamespace, pod, container, options);
  }

  /**
   * cert-manager answers HTTP-01 challenges with solver pods in each Certificate's namespace,
   * served by the ingress controller: every namespace holding a Certificate lets the controller
   * reach them (see constructs/routing/acme-http01-solver.ts).
   */
  private acmeIssuer(env: EnvironmentConfig): IClusterIssuer {
    const name = `labstack-${env.name}-acme`;
    const acme = env.tls.acme!;
    new ClusterIssuer(this, 'AcmeIssuer', {
      metadata: { name, labels: this.identity.labels },
      spec: {
        acme: {
          email: acme.email,
          server: acme.server,
          privateKeySecretRef: { name: `${name}-account-key` },
          solvers: [{ http01: { ingress: { ingressClassName: env.ingress.className } } }],
        },
      },
    });
    return {
      name,
      admitCertificatesIn: (namespace) => {
        const systemNamespace = this.namespaces.get(namespace);
        if (!systemNamespace) throw new Error(`a Certificate in namespace ${namespace}, which is not a system namespace; add it with addSystemNamespace first`);
        if (this.solverNamespaces.has(namespace)) return;
        this.solverNamespaces.add(namespace);
        new AcmeHttp01SolverPolicy(systemNamespace, 'AcmeHttp01Solver', { namespace, controllerNamespace: env.ingress.controllerNamespace });
      },
    };
  }

  /**
   * A private CA for environments without public DNS: a self-signed root kept in cert-manager's
   * namespace and a CA issuer signing every host with it, so browsers need to trust one CA only.
   *
   * The CA carries critical X.509 name constraints permitting only names under the environment's
   * domain (config refuses hosts outside it): a browser or pod that trusts it cannot be fooled by
   * a certificate it signs for any other domain, should its key leak. cert-manager v1.21.1 encodes
   * `nameConstraints` when its NameConstraints feature gate is on (beta, on by default since v1.17:
   * internal/controller/feature/features.go, internal/webhook/feature/features.go); with the
   * controller's gate off it would silently issue the CA without them
   * (pkg/controller/certificates/requestmanager/requestmanager_controller.go, `pki.WithNameConstraints`),
   * with the webhook's off it refuses the Certificate (internal/apis/certmanager/validation/certificate.go).
   * See docs/prerequisites.md.
   */
  private selfSignedIssuer(env: EnvironmentConfig): IClusterIssuer {
    const root = new ClusterIssuer(this, 'SelfSignedRoot', {
      metadata: { name: `labstack-${env.name}-selfsigned-root`, labels: this.identity.labels },
      spec: { selfSigned: {} },
    });
    const name = `labstack-${env.name}-ca`;
    const caSecret = name;
    new Certificate(this, 'CaCertificate', {
      metadata: { name, namespace: env.tls.certManagerNamespace, labels: this.identity.labels },
      spec: {
        isCa: true,
        commonName: `LabStack ${env.name} CA`,
        secretName: caSecret,
        duration: '87600h',
        privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256 },
        nameConstraints: { critical: true, permitted: { dnsDomains: [env.domain] } },
        issuerRef: { name: root.name, kind: 'ClusterIssuer', group: 'cert-manager.io' },
      },
    });
    new ClusterIssuer(this, 'CaIssuer', {
      metadata: { name, labels: this.identity.labels },
      spec: { ca: { secretName: caSecret } },
    });
    this.trustedCa = new TrustedCa(this, 'TrustedCa', { identity: this.identity, name: `${name}-bundle`, caSecret });
    // The CA issuer signs inside cert-manager: nothing has to reach the Certificates' namespaces.
    return { name, admitCertificatesIn: () => undefined };
  }
}

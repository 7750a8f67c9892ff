import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Identity } from '../identity';
import type { IClusterIssuer } from './ingress-settings';
import { Certificate, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyRotationPolicy } from '../../imports/cert-manager.io';

/** Certificates already rendered, per chart and host. */
const issued = new WeakMap<Chart, Map<string, string>>();

/**
 * The TLS Secret of a host, from one cert-manager Certificate per host and chart, shared by
 * every route on that host. (One Certificate per Ingress would order a certificate for the same
 * host once per path, and ACME CAs limit duplicate certificates per week.) The issuer is told the
 * Certificate's namespace, so one that must reach into it (ACME HTTP-01) is let in wherever a
 * Certificate is, for every system.
 */
export function tlsSecretFor(scope: Construct, host: string, clusterIssuer: IClusterIssuer, identity: Identity): string {
  const chart = Chart.of(scope);
  if (!chart.namespace) throw new Error(`certificate for ${host} must be in a chart with a namespace`);
  const hosts = issued.get(chart) ?? new Map<string, string>();
  issued.set(chart, hosts);
  const existing = hosts.get(host);
  if (existing) return existing;
  const secretName = `${host}-tls`;
  clusterIssuer.admitCertificatesIn(chart.namespace);
  new Certificate(chart, `Certificate-${host}`, {
    metadata: { name: host, labels: { ...identity.labels, 'app.kubernetes.io/component': 'tls' } },
    spec: {
      secretName,
      dnsNames: [host],
      issuerRef: { name: clusterIssuer.name, kind: 'ClusterIssuer', group: 'cert-manager.io' },
      privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
    },
  });
  hosts.set(host, secretName);
  return secretName;
}

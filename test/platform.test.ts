import { execFileSync, spawnSync } from 'child_process';
import { writeFileSync } from 'fs';
import { join } from 'path';
import { Chart } from 'cdk8s';
import { LabStackApp } from '../charts/labstack-app';
import { Identity } from '../constructs/identity';
import { ACME_HTTP01_SOLVER } from '../constructs/routing/acme-http01-solver';
import { tlsSecretFor } from '../constructs/routing/certificate';
import { Manifest } from '../tools/validation/manifests';
import { changed, EVERYTHING_ACME, EVERYTHING_SELF_SIGNED, fixture } from './fixtures';
import { render } from './helpers';
import { requirePrograms } from './programs';
import { temporaryDirectory } from './temporary';

const acme = render(fixture(EVERYTHING_ACME, 'acme'));
const selfSigned = render(fixture(EVERYTHING_SELF_SIGNED, 'selfsigned'));

const certificateNamespaces = (objects: Manifest[]): string[] =>
  [...new Set(objects.filter((o) => o.kind === 'Certificate' && !o.spec.isCA).map((o) => o.metadata.namespace as string))].sort();
const policiesIn = (objects: Manifest[], namespace: string) => objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === namespace);
const selects = (selector: { matchLabels?: Record<string, string> }, labels: Record<string, string>) =>
  Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);

/**
 * Whether the namespace's NetworkPolicies let a pod of `fromNamespace` reach a pod with these
 * labels on a TCP port: some policy selecting the pod has an ingress rule admitting both. Enough
 * for the policies LabStack renders (matchLabels selectors, numeric ports).
 */
function admits(objects: Manifest[], namespace: string, labels: Record<string, string>, fromNamespace: string, port: number): boolean {
  return policiesIn(objects, namespace)
    .filter((p) => selects(p.spec.podSelector, labels))
    .some((p) =>
      (p.spec.ingress ?? []).some(
        (rule: any) =>
          (rule.from ?? []).some((peer: any) => peer.namespaceSelector && !peer.podSelector && selects(peer.namespaceSelector, { 'kubernetes.io/metadata.name': fromNamespace })) &&
          (rule.ports ?? []).some((p: any) => p.port === port && (p.protocol ?? 'TCP') === 'TCP'),
      ),
    );
}

// A solver pod as cert-manager v1.21.1 labels it (pkg/issuer/acme/http/pod.go: podLabels).
const solverPod = { ...ACME_HTTP01_SOLVER.labels, 'acme.cert-manager.io/http-domain': '1234', 'acme.cert-manager.io/http-token': '5678' };

describe('ACME HTTP-01 solver pods behind the default-deny policies', () => {
  test('the solver facts are those of cert-manager v1.21.1', () => {
    expect(ACME_HTTP01_SOLVER).toEqual({ labels: { 'acme.cert-manager.io/http01-solver': 'true' }, port: 8089 });
  });

  test('with an ACME issuer, the ingress controller reaches the solver port in every namespace with a Certificate', () => {
    const namespaces = certificateNamespaces(acme);
    expect(namespaces).toEqual(['open-pectus', 'openem', 'srs', 'srs-backend', 'sticky-pi', 'sticky-pi-webapp']);
    for (const namespace of namespaces) {
      // Without it the namespace's default-deny policy would drop the CA's validation request.
      expect(policiesIn(acme, namespace).find((p) => p.metadata.name === 'default-deny-ingress')!.spec.podSelector).toEqual({});
      expect(admits(acme, namespace, solverPod, 'traefik', ACME_HTTP01_SOLVER.port)).toBe(true);
      expect(policiesIn(acme, namespace).filter((p) => p.metadata.name === 'acme-http01-solver-from-ingress')).toHaveLength(1);
    }
  });

  test('exactly that flow: only the solver pods, only their port, only from the controller, only where a Certificate is', () => {
    const policies = acme.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'acme-http01-solver-from-ingress');
    expect(policies.map((p) => p.metadata.namespace).sort()).toEqual(certificateNamespaces(acme));
    for (const policy of policies) {
      expect(policy.spec).toEqual({
        podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } },
        policyTypes: ['Ingress'],
        // The same peer as the policies that let the controller reach the services it routes to.
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } }], ports: [{ port: 8089, protocol: 'TCP' }] }],
      });
      expect(admits(acme, policy.metadata.namespace!, solverPod, 'srs-telegraf', ACME_HTTP01_SOLVER.port)).toBe(false);
    }
    const fromIngress = acme.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'aggregator-one-from-ingress')!;
    expect(policies[0].spec.ingress[0].from).toEqual(fromIngress.spec.ingress[0].from);
    // No pod LabStack renders carries the solver's label.
    const templates = acme.flatMap((o) => [o.spec?.template, o.spec?.jobTemplate?.spec?.template]).filter(Boolean);
    expect(templates.length).toBeGreaterThan(10);
    expect(templates.filter((t: any) => selects(policies[0].spec.podSelector, t.metadata.labels))).toEqual([]);
    // srs-telegraf has no Certificate, so no solver runs there.
    expect(policiesIn(acme, 'srs-telegraf').map((p) => p.metadata.name)).not.toContain('acme-http01-solver-from-ingress');
  });

  test('follows the controller namespace of the config', () => {
    const objects = render(fixture(changed(EVERYTHING_ACME, 'ingress: {', 'ingress: { controllerNamespace: edge,'), 'edge'));
    expect(admits(objects, 'openem', solverPod, 'edge', 8089)).toBe(true);
    expect(admits(objects, 'openem', solverPod, 'traefik', 8089)).toBe(false);
  });

  test('with the private CA no solver runs, and no namespace opens anything for one', () => {
    expect(selfSigned.filter((o) => o.kind === 'Certificate').length).toBeGreaterThan(5);
    expect(selfSigned.filter((o) => o.kind === 'NetworkPolicy' && selects(o.spec.podSelector, ACME_HTTP01_SOLVER.labels) && Object.keys(o.spec.podSelector.matchLabels ?? {}).length > 0)).toEqual([]);
    expect(certificateNamespaces(selfSigned)).toEqual(certificateNamespaces(acme));
    for (const namespace of certificateNamespaces(selfSigned)) expect(admits(selfSigned, namespace, solverPod, 'traefik', 8089)).toBe(false);
  });

  test('a Certificate of the ACME issuer in a namespace the platform does not manage is refused', () => {
    const app = new LabStackApp(fixture(EVERYTHING_ACME, 'acme'));
    const elsewhere = new Chart(app, 'elsewhere', { namespace: 'elsewhere' });
    expect(() => tlsSecretFor(elsewhere, 'x.test.example.org', app.platform.ingress.clusterIssuer, Identity.of('x'))).toThrow(
      'a Certificate in namespace elsewhere, which is not a system namespace; add it with addSystemNamespace first',
    );
  });
});

describe('the private CA of a self-signed environment', () => {
  const ca = selfSigned.find((o) => o.kind === 'Certificate' && o.spec.isCA)!;

  test('is constrained, critically, to the environment\'s domain and nothing else', () => {
    expect(ca.metadata.name).toBe('labstack-selfsigned-ca');
    expect(ca.spec.nameConstraints).toEqual({ critical: true, permitted: { dnsDomains: ['test.example.org'] } });
    // Every host it signs is under that domain.
    const hosts = selfSigned.filter((o) => o.kind === 'Certificate' && !o.spec.isCA).flatMap((o) => o.spec.dnsNames);
    expect(hosts.length).toBeGreaterThan(5);
    expect(hosts.filter((h: string) => !h.endsWith('.test.example.org'))).toEqual([]);
    expect(acme.filter((o) => o.kind === 'Certificate' && o.spec.isCA)).toEqual([]);
  });

  test('openssl refuses a certificate it signs for another domain and accepts one for the domain (the same constraints)', () => {
    const { openssl } = requirePrograms(['openssl']);
    const dir = temporaryDirectory('name-constraints');
    const run = (...args: string[]) => execFileSync(openssl, args, { cwd: dir, stdio: 'pipe' });
    const { critical, permitted } = ca.spec.nameConstraints;
    const constraints = `${critical ? 'critical,' : ''}${permitted.dnsDomains.map((d: string) => `permitted;DNS:${d}`).join(',')}`;
    const key = (name: string) => run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
    key('ca');
    run('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=LabStack test CA', '-days', '1', '-out', 'ca.pem',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-addext', `nameConstraints=${constraints}`);
    expect(run('x509', '-in', 'ca.pem', '-noout', '-ext', 'nameConstraints').toString()).toMatch(/X509v3 Name Constraints: critical\s+Permitted:\s+DNS:test\.example\.org\s*$/);
    const verify = (host: string) => {
      key(host);
      run('req', '-new', '-key', `${host}.key`, '-subj', `/CN=${host}`, '-out', `${host}.csr`);
      writeFileSync(join(dir, `${host}.ext`), `basicConstraints=CA:FALSE\nsubjectAltName=DNS:${host}\n`);
      run('x509', '-req', '-in', `${host}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '2', '-days', '1', '-extfile', `${host}.ext`, '-out', `${host}.pem`);
      const result = spawnSync(openssl, ['verify', '-CAfile', 'ca.pem', `${host}.pem`], { cwd: dir, encoding: 'utf8' });
      return result.status === 0 ? 'ok' : `${result.stdout}${result.stderr}`;
    };
    expect(verify('pectus.test.example.org')).toBe('ok');
    expect(verify('test.example.org')).toBe('ok');
    for (const foreign of ['www.bank.example.com', 'eviltest.example.org', 'test.example.org.attacker.example']) {
      expect(verify(foreign)).toMatch(/permitted subtree violation/);
    }
  });
});

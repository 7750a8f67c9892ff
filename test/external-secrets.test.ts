import { spawnSync } from 'child_process';
import { join } from 'path';
import { LabStackApp } from '../charts/labstack-app';
import { DeclaredSecret } from '../constructs/secrets';
import { secretsScript } from '../tools/secrets';
import { changed, fixture, fixtureConfigDir, PRODUCTION_LIKE } from './fixtures';
import { find, render, synth, validate } from './helpers';

const withExternalSecrets = changed(
  PRODUCTION_LIKE,
  'delivery:\n',
  'secrets:\n  provider: external-secrets\n  externalSecrets: { storeName: lab-vault, keyPrefix: labstack/production/ }\ndelivery:\n',
);
const env = fixture(withExternalSecrets, 'production');
const objects = render(env);

describe('External Secrets provider', () => {
  test('every declared Secret becomes an ExternalSecret of the same name, in its namespace, before the workloads', () => {
    const declared = DeclaredSecret.all(new LabStackApp(env)).map((s) => `${s.namespace}/${s.name}`).sort();
    const externals = objects.filter((o) => o.kind === 'ExternalSecret');
    expect(externals.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual(declared);
    expect(externals.every((o) => o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] === '-2')).toBe(true);
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
  });

  test('a Secret is built from one remote secret whose properties are its keys', () => {
    const api = find(objects, 'ExternalSecret', 'sticky-pi-api', 'sticky-pi');
    expect(api.spec).toMatchObject({
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'lab-vault' },
      target: { name: 'sticky-pi-api', creationPolicy: 'Owner' },
      dataFrom: [{ extract: { key: 'labstack/production/sticky-pi/sticky-pi-api' } }],
    });
  });

  test("a copied value is read from its source's remote secret, and nothing else of it", () => {
    const copy = find(objects, 'ExternalSecret', 'srs-influxdb', 'srs-telegraf');
    expect(copy.spec.dataFrom).toBeUndefined();
    expect(copy.spec.data).toEqual([{ secretKey: 'write-password', remoteRef: { key: 'labstack/production/srs/srs-influxdb', property: 'write-password' } }]);
  });

  test('an image pull Secret is templated into .dockerconfigjson', () => {
    const registry = find(objects, 'ExternalSecret', 'srs-registry', 'srs');
    expect(registry.spec.target.template.type).toBe('kubernetes.io/dockerconfigjson');
    expect(registry.spec.target.template.data['.dockerconfigjson']).toContain('"registry.gitlab.com":{"username":"{{ .username }}"');
  });

  test('npm run secrets lists what the store must hold instead of creating Secrets', () => {
    const script = secretsScript(new LabStackApp(env));
    expect(script).not.toContain('kubectl');
    expect(script).toContain('# labstack/production/sticky-pi/sticky-pi-api: Sticky Pi API');
    expect(script).toMatch(/#\s+admin-password: API_ADMIN_PASSWORD of the user admin \(random, 32 characters, e\.g\. openssl rand -hex 16, at least 11 characters\)/);
    expect(spawnSync('/bin/sh', ['-c', script]).status).toBe(0);
  });

  test('the ExternalSecrets validate against the External Secrets CRD, and everything else still passes', () => {
    const config = fixtureConfigDir({ production: withExternalSecrets });
    const dist = join(config, '..', 'dist');
    expect(synth(config, dist).status).toBe(0);
    const result = validate(dist, config);
    expect(result.stdout).toMatch(/production: \d+ objects, \d+ Argo CD objects, 0 problems/);
    expect(result.status).toBe(0);
  });
});

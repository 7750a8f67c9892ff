import * as pulumi from '@pulumi/pulumi';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Manifest } from '../tools/validation/manifests';
import { DEVELOPMENT_LIKE, fixture, fixtureConfigDir, PRODUCTION_LIKE } from './fixtures';
import { render } from './helpers';
import { temporaryDirectory } from './temporary';

// Pulumi's mocks replace the engine and the Kubernetes provider: no CLI, no plugin, no cluster.
const registered: pulumi.runtime.MockResourceArgs[] = [];
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push(args);
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => args.inputs,
  },
  'labstack',
  'test',
  false,
);

// Imported after setMocks, as a Pulumi program would be loaded by the engine.
const { deployEnvironment } = require('../pulumi/labstack') as typeof import('../pulumi/labstack');

const FIXTURES = { production: PRODUCTION_LIKE, development: DEVELOPMENT_LIKE };
const configDir = fixtureConfigDir(FIXTURES);

async function deploy(environment: string) {
  registered.length = 0;
  const deployed = deployEnvironment(environment, configDir);
  const children = await Promise.all(deployed.groups.map((g) => new Promise<Record<string, pulumi.Resource>>((resolve) => g.resources.apply(resolve))));
  await Promise.all(children.flatMap((map) => Object.values(map).map((r) => new Promise((resolve) => r.urn.apply(resolve)))));
  return { deployed, kubernetes: registered.filter((r) => !r.type.startsWith('kubernetes:yaml:')) };
}

const key = (kind: string, namespace: string | undefined, name: string) => `${kind} ${namespace ?? '-'}/${name}`;

describe('Pulumi program (mocked engine)', () => {
  test.each(Object.entries(FIXTURES))(
    '%s: every object becomes exactly one Pulumi resource with the same kind, name and namespace',
    async (name, text) => {
      const { deployed, kubernetes } = await deploy(name);
      const expected = render(fixture(text, name))
        .filter((o: Manifest) => !['Application', 'AppProject'].includes(o.kind))
        .map((o) => key(o.kind, o.metadata.namespace, o.metadata.name))
        .sort();
      const actual = kubernetes.map((r) => key(r.type.split(':').pop()!, r.inputs.metadata?.namespace, r.inputs.metadata?.name)).sort();
      expect(actual).toEqual(expected);
      expect(new Set(actual).size).toBe(actual.length);
      expect(deployed.objectCount).toBe(expected.length);
      expect(kubernetes.find((r) => r.type === 'kubernetes:apps/v1:Deployment' && r.inputs.metadata.name === 'prefect-server')).toBeDefined();
    },
  );

  test('the inputs are the rendered objects, and CRD objects keep their API group', async () => {
    const { kubernetes } = await deploy('production');
    const deployment = kubernetes.find((r) => r.type === 'kubernetes:apps/v1:Deployment' && r.inputs.metadata.name === 'aggregator-prd')!;
    const rendered = render(fixture(PRODUCTION_LIKE, 'production')).find((o) => o.kind === 'Deployment' && o.metadata.name === 'aggregator-prd')!;
    expect(deployment.inputs.spec).toEqual(rendered.spec);
    expect(kubernetes.some((r) => r.type === 'kubernetes:cert-manager.io/v1:Certificate')).toBe(true);
    expect(kubernetes.some((r) => r.type === 'kubernetes:traefik.io/v1alpha1:Middleware')).toBe(true);
  });

  test('the program fails clearly when the stack has no labstack:environment', () => {
    expect(() => require('../pulumi/index')).toThrow(/Missing required configuration variable 'labstack:environment'/);
  });

  test('fails clearly when the stack names an environment that does not exist', () => {
    expect(() => deployEnvironment('staging', configDir)).toThrow(`labstack:environment is "staging", but ${configDir} has no staging.yaml; environments: development, production`);
    expect(() => deployEnvironment('staging', configDir)).toThrow(pulumi.RunError);
  });

  test('fails with every config problem and no stack trace when the config is invalid', () => {
    const dir = temporaryDirectory('pulumi');
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config', 'prod.yaml'), 'domain: lab.example.org\ntls: { issuer: vault }\n');
    expect(() => deployEnvironment('prod', join(dir, 'config'))).toThrow(/Invalid configuration in .*\n {2}prod\.yaml: tls\.issuer: must be one of "acme", "self-signed", got "vault"/);
    expect(() => deployEnvironment('prod', join(dir, 'config'))).toThrow(pulumi.RunError);
  });
});

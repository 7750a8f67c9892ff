import * as pulumi from '@pulumi/pulumi';
import { spawnSync } from 'child_process';
import { copyFileSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { join, relative, resolve } from 'path';
import * as yaml from 'js-yaml';
import { LabStackApp } from '../charts/labstack-app';
import { ARGOCD_DIR } from '../config/load';
import { ENVIRONMENT_LABEL } from '../constructs/system-namespace';
import { Manifest, parseManifests } from '../tools/validation/manifests';
import { EVERYTHING_ACME, EVERYTHING_SELF_SIGNED, fixture } from './fixtures';
import { temporaryDirectory } from './temporary';

const REPOSITORY = resolve(__dirname, '..');
const PROGRAM = join(REPOSITORY, 'pulumi');

// Fixture environments in a temporary config folder (never config/): an ACME one that also has
// Argo CD delivery (whose objects Pulumi must leave out), a self-signed one, and a broken one.
const PROD = `${EVERYTHING_ACME}delivery:\n  argocd: { repoURL: "https://git.example.org/lab/labstack.git" }\n`;
const BROKEN = 'domain: lab.example.org\ntls: { issuer: vault }\n';
/** The broken environment's problem as the program reports it (the file may carry a position). */
const STAGING_PROBLEM = /Invalid configuration of environment "staging"; nothing was deployed:\n {2}\S*staging\.yaml\S* tls\.issuer: must be one of "acme", "self-signed", got "vault"/;
const root = temporaryDirectory('pulumi');
const configDir = join(root, 'config');
mkdirSync(configDir);
writeFileSync(join(configDir, 'prod.yaml'), PROD);
writeFileSync(join(configDir, 'lab.yaml'), EVERYTHING_SELF_SIGNED);
writeFileSync(join(configDir, 'staging.yaml'), BROKEN);
// Rendering every system takes seconds, and the runner type-checks the whole program once.
jest.setTimeout(240_000);

/** The objects of an environment Pulumi deploys: every rendered file except the Argo CD ones. */
function renderedObjects(name: string, text: string): { deployed: Manifest[]; argocd: Manifest[] } {
  const files = new LabStackApp(fixture(text, name)).render();
  const objects = (argocd: boolean) => files.filter((f) => f.path.startsWith(`${ARGOCD_DIR}/`) === argocd).flatMap((f) => parseManifests(f.path, f.content));
  return { deployed: objects(false), argocd: objects(true) };
}

const key = (kind: string, namespace: string | undefined, name: string) => `${kind} ${namespace ?? '-'}/${name}`;
const keyOf = (o: Manifest) => key(o.kind, o.metadata.namespace, o.metadata.name);
const isKubernetesObject = (type: string) => type.startsWith('kubernetes:') && !type.startsWith('kubernetes:yaml:');
const keepsData = (o: Manifest) => /(^|,)\s*(Prune|Delete)=false\s*(,|$)/.test(o.metadata.annotations?.['argocd.argoproj.io/sync-options'] ?? '');

describe('Pulumi program (mocked engine)', () => {
  interface Registration {
    readonly type: string;
    readonly name: string;
    readonly inputs: any;
    readonly provider: string;
    readonly retainOnDelete: boolean;
    readonly dependencies: string[];
  }
  /** The fields of the engine's RegisterResourceRequest the tests read. */
  interface RegisterResourceRequest {
    getType(): string;
    getName(): string;
    getRetainondelete(): boolean;
    getDependenciesList(): string[];
  }

  // Pulumi's mocks replace the engine and the Kubernetes provider: no CLI, no plugin, no cluster.
  const created: pulumi.runtime.MockResourceArgs[] = [];
  const requests = new Map<string, RegisterResourceRequest>();
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        created.push(args);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    'labstack',
    'test',
    false,
  );
  // The mocks do not show resource options; the request the SDK sends the engine does.
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: RegisterResourceRequest, callback: unknown): void };
  const registerResource = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    requests.set(`${req.getType()}::${req.getName()}`, req);
    registerResource(req, callback);
  };

  // Imported after setMocks, as a Pulumi program would be loaded by the engine.
  const { deployEnvironment } = require('../pulumi/labstack') as typeof import('../pulumi/labstack');

  const settled = <T>(output: pulumi.Output<T>) => new Promise<T>((done) => output.apply(done));

  async function deploy(environment: string, cluster = {}) {
    created.length = 0;
    requests.clear();
    const deployed = deployEnvironment(environment, configDir, cluster);
    const children = (await Promise.all(deployed.groups.map((g) => settled(g.resources)))).map((map) => Object.values(map));
    const urns = async (resources: pulumi.Resource[]) => Promise.all(resources.map((r) => settled(r.urn)));
    await Promise.all([...children.map(urns), urns(deployed.groups), urns([deployed.keptObjectsProvider])]);
    const registered: Registration[] = created.map((args) => {
      const request = requests.get(`${args.type}::${args.name}`)!;
      return { ...args, provider: args.provider ?? '', retainOnDelete: request.getRetainondelete(), dependencies: request.getDependenciesList() };
    });
    return { deployed, platformUrns: await urns(children[0]), registered, kubernetes: registered.filter((r) => isKubernetesObject(r.type)) };
  }

  const registrationKey = (r: Registration) => key(r.type.split(':').pop()!, r.inputs.metadata?.namespace, r.inputs.metadata?.name);

  test.each([
    ['prod', PROD],
    ['lab', EVERYTHING_SELF_SIGNED],
  ])('%s: every rendered object becomes exactly one Pulumi resource whose inputs are the object', async (name, text) => {
    const { deployed, kubernetes } = await deploy(name);
    const expected = renderedObjects(name, text).deployed;
    expect(kubernetes.map(registrationKey).sort()).toEqual(expected.map(keyOf).sort());
    expect(new Set(kubernetes.map(registrationKey)).size).toBe(kubernetes.length);
    expect(deployed.objectCount).toBe(expected.length);
    const byKey = new Map(kubernetes.map((r) => [registrationKey(r), r]));
    for (const { file, ...object } of expected) {
      const registration = byKey.get(keyOf(object as Manifest))!;
      expect(registration.type).toBe(`kubernetes:${object.apiVersion.includes('/') ? object.apiVersion : `core/${object.apiVersion}`}:${object.kind}`);
      expect(registration.inputs).toEqual(object);
    }
  });

  test('the Argo CD objects are not deployed', async () => {
    const { argocd } = renderedObjects('prod', PROD);
    expect(argocd.length).toBeGreaterThan(0);
    const { kubernetes } = await deploy('prod');
    const deployed = new Set(kubernetes.map(registrationKey));
    expect(argocd.filter((o) => deployed.has(keyOf(o)))).toEqual([]);
  });

  test('objects Argo CD must never prune or delete are kept when the stack is destroyed, and adopted when they exist', async () => {
    const cluster = { context: 'lab-cluster', cluster: 'lab' };
    const { deployed, registered, kubernetes } = await deploy('prod', cluster);
    const provider = registered.find((r) => r.type === 'pulumi:providers:kubernetes' && r.name === 'labstack-kept-objects')!;
    // Adopts existing objects, never forces a field another manager set, reaches the stack's cluster.
    expect(provider.inputs).toMatchObject({ upsertExistingObjects: 'true', enablePatchForce: 'false', ...cluster });
    const providerReference = `${await settled(deployed.keptObjectsProvider.urn)}::${await settled(deployed.keptObjectsProvider.id)}`;

    const rendered = new Map(renderedObjects('prod', PROD).deployed.map((o) => [keyOf(o), o]));
    const kept = kubernetes.filter((r) => keepsData(rendered.get(registrationKey(r))!));
    const others = kubernetes.filter((r) => !keepsData(rendered.get(registrationKey(r))!));
    expect([...new Set(kept.map((r) => r.inputs.kind))]).toEqual(expect.arrayContaining(['Namespace', 'PersistentVolumeClaim']));
    for (const r of kept) expect([registrationKey(r), r.retainOnDelete, r.provider]).toEqual([registrationKey(r), true, providerReference]);
    for (const r of others) expect([registrationKey(r), r.retainOnDelete, r.provider]).toEqual([registrationKey(r), false, '']);
    // What keeps the stack from adopting another environment's namespace: the label it would
    // change, applied without force.
    for (const r of kept.filter((k) => k.inputs.kind === 'Namespace')) expect(r.inputs.metadata.labels[ENVIRONMENT_LABEL]).toBe('prod');
    expect(kubernetes.filter((r) => r.inputs.metadata.annotations?.['pulumi.com/patchForce'] !== undefined)).toEqual([]);
  });

  test('every file after the platform waits for every object of the platform (namespaces, issuers)', async () => {
    const { platformUrns, registered } = await deploy('prod');
    expect(platformUrns.length).toBeGreaterThan(0);
    const groups = registered.filter((r) => r.type === 'kubernetes:yaml:ConfigGroup');
    const [platform, ...others] = new LabStackApp(fixture(PROD, 'prod')).render().filter((f) => !f.path.startsWith(`${ARGOCD_DIR}/`));
    expect(platform.path).toBe('prod/00-platform/00-platform.yaml');
    expect(groups.map((g) => g.name).sort()).toEqual([platform, ...others].map((f) => f.path).sort());
    for (const file of others) {
      const group = groups.find((g) => g.name === file.path)!;
      expect([file.path, platformUrns.filter((urn) => !group.dependencies.includes(urn))]).toEqual([file.path, []]);
    }
  });

  test('a broken environment file does not block deploying another', async () => {
    const { kubernetes } = await deploy('prod');
    expect(kubernetes.length).toBe(renderedObjects('prod', PROD).deployed.length);
    expect(() => deployEnvironment('staging', configDir)).toThrow(STAGING_PROBLEM);
    expect(() => deployEnvironment('staging', configDir)).toThrow(pulumi.RunError);
  });

  test('an unknown environment is named with the environments the folder has, read from file names alone', () => {
    expect(() => deployEnvironment('qa', configDir)).toThrow(`labstack:environment is "qa", but ${configDir} has no qa.yaml; environments there: lab, prod, staging`);
    expect(() => deployEnvironment('qa', configDir)).toThrow(pulumi.RunError);
  });

  test('a config folder that cannot be read is named', () => {
    const missing = join(root, 'missing');
    expect(() => deployEnvironment('prod', missing)).toThrow(`labstack:configDir is ${missing}, which cannot be read: ENOENT`);
    expect(() => deployEnvironment('prod', missing)).toThrow(pulumi.RunError);
  });
});

/**
 * How `pulumi up` runs the program, minus the engine: the Node.js language host resolves
 * @pulumi/pulumi/cmd/run from the program directory and starts it with --pwd <program directory>,
 * the entry point "." and, from Pulumi.yaml's runtime options, PULUMI_NODEJS_TYPESCRIPT and
 * PULUMI_NODEJS_TSCONFIG_PATH (pulumi/pulumi, sdk/nodejs/cmd/pulumi-language-nodejs/main.go:
 * Run, execRuntime, constructArguments). cmd/run then picks TypeScript and ts-node, reads
 * tsconfig.json and package.json "main", compiles and type-checks. Only the resource monitor is
 * replaced, by Pulumi's mocks; the stand-in answers the shutdown call as the engine does.
 */
const ENGINE_STAND_IN = `
const { writeFileSync } = require('fs');
const program = process.env.LABSTACK_PROGRAM;
const fromProgram = (module) => require.resolve(module, { paths: [program] });
const pulumi = require(fromProgram('@pulumi/pulumi'));
const registered = [];
pulumi.runtime.setMocks({
  newResource: (args) => { registered.push(args); return { id: args.name + '-id', state: args.inputs }; },
  call: (args) => args.inputs,
}, 'labstack', 'test', false);
pulumi.runtime.getMonitor().signalAndWaitForShutdown = (request, callback) => callback(null, {});
process.on('exit', () => writeFileSync(process.env.LABSTACK_REGISTERED, JSON.stringify(registered)));
process.argv = [process.argv[0], 'cmd/run', '--monitor', 'mock', '--pwd', program, '.'];
require(fromProgram('@pulumi/pulumi/cmd/run'));
`;

/** The environment the language host gives cmd/run for Pulumi.yaml's runtime options. */
function languageHostEnvironment(projectFile: string): Record<string, string> {
  const { typescript = true, tsconfig, ...others } = (yaml.load(readFileSync(projectFile, 'utf8')) as any).runtime.options ?? {};
  if (Object.keys(others).length > 0) throw new Error(`the stand-in does not pass runtime options ${Object.keys(others).join(', ')}`);
  return { ...(typescript ? { PULUMI_NODEJS_TYPESCRIPT: 'true' } : {}), ...(tsconfig ? { PULUMI_NODEJS_TSCONFIG_PATH: tsconfig } : {}) };
}

function pulumiUp(program: string, config: Record<string, string>) {
  const registeredFile = join(root, 'registered.json');
  rmSync(registeredFile, { force: true });
  // The caller's own ts-node or Pulumi settings (e.g. PULUMI_NODEJS_TRANSPILE_ONLY) stay out.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(TS_NODE_|PULUMI_)/.test(name)));
  const result = spawnSync(process.execPath, ['-e', ENGINE_STAND_IN], {
    cwd: program,
    encoding: 'utf8',
    timeout: 240_000,
    env: {
      ...inherited,
      ...languageHostEnvironment(join(PROGRAM, 'Pulumi.yaml')),
      PULUMI_CONFIG: JSON.stringify(config),
      // ts-node caches compiled files in the temporary folder instead of the user's.
      TS_NODE_CACHE_DIRECTORY: join(root, 'ts-node'),
      LABSTACK_PROGRAM: program,
      LABSTACK_REGISTERED: registeredFile,
    },
  });
  if (result.error) throw new Error(`the runner did not finish: ${result.error.message}\n${result.stderr}`);
  const registered: pulumi.runtime.MockResourceArgs[] = JSON.parse(readFileSync(registeredFile, 'utf8'));
  return { status: result.status, stderr: result.stderr, kubernetes: registered.filter((r) => isKubernetesObject(r.type)), registered };
}

describe('Pulumi program, run the way `pulumi up` runs it', () => {
  test('one copy of the Pulumi SDK: the program, the runner and @pulumi/kubernetes resolve the same one', () => {
    const sdk = (from: string) => require.resolve('@pulumi/pulumi/package.json', { paths: [from] });
    expect(sdk(PROGRAM)).toBe(realpathSync(join(REPOSITORY, 'node_modules', '@pulumi', 'pulumi', 'package.json')));
    expect(sdk(require.resolve('@pulumi/kubernetes', { paths: [PROGRAM] }))).toBe(sdk(PROGRAM));
  });

  test('compiles with type-checking and deploys an environment next to a broken one', () => {
    // Relative to the program directory, as `pulumi config set labstack:configDir` takes it.
    const run = pulumiUp(PROGRAM, { 'labstack:environment': 'prod', 'labstack:configDir': relative(PROGRAM, configDir), 'kubernetes:context': 'lab-cluster' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.kubernetes.map((r) => key(r.type.split(':').pop()!, r.inputs.metadata.namespace, r.inputs.metadata.name)).sort()).toEqual(
      renderedObjects('prod', PROD).deployed.map(keyOf).sort(),
    );
    expect(run.registered.find((r) => r.type === 'pulumi:providers:kubernetes')!.inputs.context).toBe('lab-cluster');
  });

  test('a broken environment stops with its problems and no stack trace', () => {
    const run = pulumiUp(PROGRAM, { 'labstack:environment': 'staging', 'labstack:configDir': configDir });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(STAGING_PROBLEM);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.kubernetes).toEqual([]);
  });

  test('the runner type-checks with the program\'s tsconfig: code only strict options reject fails', () => {
    // The program's package.json and both tsconfig files, in the repository's layout.
    const copy = join(root, 'strictness');
    mkdirSync(join(copy, 'pulumi'), { recursive: true });
    for (const file of ['tsconfig.json', 'pulumi/tsconfig.json', 'pulumi/package.json']) copyFileSync(join(REPOSITORY, file), join(copy, file));
    symlinkSync(join(REPOSITORY, 'node_modules'), join(copy, 'node_modules'));
    writeFileSync(join(copy, 'pulumi', 'index.ts'), 'export const double = (n) => n * 2;\n');
    const run = pulumiUp(join(copy, 'pulumi'), {});
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("index.ts(1,24): error TS7006: Parameter 'n' implicitly has an 'any' type.");
  });
});

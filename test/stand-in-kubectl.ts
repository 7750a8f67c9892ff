import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';

/** A verb that changes the cluster. */
const MUTATING = new Set(['create', 'patch', 'apply', 'delete', 'replace', 'label', 'annotate', 'edit', 'set']);

/**
 * A cluster for tests: test/stand-in-kubectl.sh installed as `kubectl` in `<root>/bin`, keeping its
 * namespaces and Secrets under `<root>/cluster` and its calls in `<root>/kubectl.log`. It refuses
 * namespaced calls in namespaces that do not exist, as the API server does.
 */
export class StandInCluster {
  public readonly bin: string;
  private readonly state: string;
  private readonly log: string;

  constructor(root: string) {
    this.bin = join(root, 'bin');
    this.state = join(root, 'cluster');
    this.log = join(root, 'kubectl.log');
    mkdirSync(this.bin, { recursive: true });
    mkdirSync(join(this.state, 'namespaces'), { recursive: true });
    mkdirSync(join(this.state, 'secrets'), { recursive: true });
    symlinkSync(join(__dirname, 'stand-in-kubectl.sh'), join(this.bin, 'kubectl'));
    writeFileSync(this.log, '');
  }

  /** The environment of a process that should find this cluster's kubectl first. */
  public env(): Record<string, string> {
    return { PATH: `${this.bin}:${process.env.PATH}`, KUBECTL_STATE: this.state, KUBECTL_LOG: this.log };
  }

  /** Every call so far, as its arguments. */
  public calls(): string[][] {
    return readFileSync(this.log, 'utf8')
      .split('---\n')
      .filter(Boolean)
      .map((call) => call.replace(/\n$/, '').split('\n'));
  }

  /** The calls that change the cluster. */
  public changes(): string[][] {
    return this.calls().filter((args) => MUTATING.has(args.filter((a, i) => !a.startsWith('-') && !['-n', '-o', '-f'].includes(args[i - 1]))[0]));
  }

  /** Namespaces and their labstack.io/environment label ('' when unlabelled). */
  public namespaces(): Record<string, string> {
    const dir = join(this.state, 'namespaces');
    return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
  }

  /** "namespace/name" of every Secret. */
  public secretNames(): string[] {
    const dir = join(this.state, 'secrets');
    return readdirSync(dir).flatMap((ns) => readdirSync(join(dir, ns)).map((name) => `${ns}/${name}`)).sort();
  }

  /** A Secret's type and values, or undefined. */
  public secret(namespace: string, name: string): { type: string; data: Record<string, string> } | undefined {
    const dir = join(this.state, 'secrets', namespace, name);
    if (!existsSync(dir)) return undefined;
    const data = join(dir, 'data');
    return {
      type: readFileSync(join(dir, 'type'), 'utf8'),
      data: Object.fromEntries(readdirSync(data).map((key) => [key, readFileSync(join(data, key), 'utf8')])),
    };
  }

  /** A namespace that exists before the test, e.g. a prerequisite's or another environment's. */
  public addNamespace(name: string, environment = ''): void {
    writeFileSync(join(this.state, 'namespaces', name), environment);
  }

  /** A Secret that exists before the test. */
  public addSecret(namespace: string, name: string, data: Record<string, string>, type = 'Opaque'): void {
    const dir = join(this.state, 'secrets', namespace, name);
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'type'), type);
    for (const [key, value] of Object.entries(data)) writeFileSync(join(dir, 'data', key), value);
  }

  /** Deletes a Secret, as someone might by hand. */
  public deleteSecret(namespace: string, name: string): void {
    rmSync(join(this.state, 'secrets', namespace, name), { recursive: true });
  }

  /** Everything the cluster holds, to compare before and after. */
  public snapshot(): string {
    return JSON.stringify({
      namespaces: this.namespaces(),
      secrets: Object.fromEntries(this.secretNames().map((s) => [s, this.secret(s.split('/')[0], s.split('/')[1])])),
    });
  }
}

import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { IPodVolume } from './volumes';

/** One key of a declared Secret. */
export interface SecretKeySpec {
  readonly key: string;
  /** What the value is and where to get it, shown to the operator. */
  readonly purpose: string;
  /**
   * A random value of this many alphanumeric characters may be generated.
   * @default - not generatable: the operator must supply the value
   */
  readonly generateLength?: number;
  /** The key may be left out; consumers then run without it. @default false */
  readonly optional?: boolean;
  /**
   * The consumer rejects shorter values; the secrets script checks values the operator supplies.
   * @default - any length
   */
  readonly minLength?: number;
  /**
   * The same value as a key of another declared Secret (e.g. one credential needed in two
   * namespaces): the secrets script copies it from the cluster, so both always agree.
   * @default - a value of its own
   */
  readonly copyOf?: { readonly secret: DeclaredSecret; readonly key: string };
}

export interface DeclaredSecretProps {
  readonly name: string;
  /** What the Secret is for. */
  readonly purpose: string;
  readonly keys: SecretKeySpec[];
  /**
   * A `kubernetes.io/dockerconfigjson` Secret for this registry server, made from the keys
   * `username` and `password`; pods name it in imagePullSecrets.
   * @default - an Opaque Secret
   */
  readonly dockerRegistry?: string;
}

/**
 * A Secret a chart needs but never renders: the secrets contract. Manifests reference it by
 * name and key; `npm run secrets -- <env>` turns all declarations of an environment into a
 * script of `kubectl create secret` commands (see tools/secrets.ts).
 */
export class DeclaredSecret extends Construct {
  /** Every Secret declared under a scope (an environment's App), in construct order. */
  public static all(scope: IConstruct): DeclaredSecret[] {
    return scope.node.findAll().filter((c): c is DeclaredSecret => c instanceof DeclaredSecret);
  }

  public readonly name: string;
  public readonly namespace: string;
  public readonly purpose: string;
  /** The registry server of an image pull Secret. */
  public readonly dockerRegistry?: string;
  private readonly keySpecs: SecretKeySpec[];

  constructor(scope: Construct, id: string, props: DeclaredSecretProps) {
    super(scope, id);
    const namespace = Chart.of(this).namespace;
    if (!namespace) throw new Error(`secret ${props.name} must be declared in a chart with a namespace`);
    this.name = props.name;
    this.namespace = namespace;
    this.purpose = props.purpose;
    this.dockerRegistry = props.dockerRegistry;
    this.keySpecs = [...props.keys];
    if (props.dockerRegistry && this.keySpecs.map((k) => k.key).join(',') !== 'username,password') {
      throw new Error(`image pull secret ${props.name} must declare exactly the keys username and password`);
    }
    for (const key of this.keySpecs) {
      if (key.generateLength !== undefined && key.minLength !== undefined && key.generateLength < key.minLength) {
        throw new Error(`secret ${props.name} key ${key.key}: generated values of ${key.generateLength} characters are shorter than the required ${key.minLength}`);
      }
    }
  }

  /** The declared keys (a copy). */
  public get keys(): SecretKeySpec[] {
    return [...this.keySpecs];
  }

  /** One key, to hand to a construct that reads it (e.g. a database's password). */
  public ref(key: string): SecretKeyRef {
    this.keySpec(key);
    return new SecretKeyRef(this, key);
  }

  /** An environment variable read from one key. */
  public env(name: string, key: string): k8s.EnvVar {
    const spec = this.keySpec(key);
    return { name, valueFrom: { secretKeyRef: { name: this.name, key, optional: spec.optional || undefined } } };
  }

  /**
   * A pod volume with one file per key (file name = key), for applications that read secrets
   * from a directory. Optional keys may be missing.
   */
  public volume(volumeName: string): IPodVolume {
    return {
      volumeName,
      podVolume: () => ({ name: volumeName, secret: { secretName: this.name, defaultMode: 0o440 } }),
    };
  }

  private keySpec(key: string): SecretKeySpec {
    const spec = this.keySpecs.find((k) => k.key === key);
    if (!spec) throw new Error(`secret ${this.name} declares no key ${key}`);
    return spec;
  }
}

/** One key of a declared Secret. */
export class SecretKeyRef {
  constructor(
    public readonly secret: DeclaredSecret,
    public readonly key: string,
  ) {}

  /** An environment variable read from this key. */
  public env(name: string): k8s.EnvVar {
    return this.secret.env(name, this.key);
  }
}

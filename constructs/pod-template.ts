import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Quantity, IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';
import type { Resources } from '../config/schema';
import { Identity } from './identity';
import { PodSecurity } from './pod-security';
import { IPodVolume, ScratchVolume } from './volumes';

/** How often a probe runs and how long one attempt may take. */
export interface ProbeTiming {
  /** @default 20 for liveness, 10 for readiness */
  readonly periodSeconds?: number;
  /** @default 5 */
  readonly timeoutSeconds?: number;
}

/** An HTTP probe on a real endpoint of the container. */
export interface HttpProbe extends ProbeTiming {
  readonly path: string;
  /** @default - the container's port */
  readonly port?: number;
}

/** A TCP connect probe, for servers that speak no HTTP (e.g. a uWSGI socket). */
export interface TcpProbe extends ProbeTiming {
  readonly tcpPort: number;
}

/** A command run in the container; exit code 0 is healthy. */
export interface ExecProbe extends ProbeTiming {
  readonly command: string[];
}

export type Probe = HttpProbe | TcpProbe | ExecProbe;

/** Probes; readiness and liveness should hit different endpoints where the image has them. */
export interface Probes {
  readonly liveness: Probe;
  readonly readiness: Probe;
  /**
   * How long the container may take to start (migrations, first-run key generation) before
   * liveness applies.
   * @default 300
   */
  readonly startupSeconds?: number;
}

export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  /** @default - the image's entrypoint */
  readonly command?: string[];
  /** @default - the image's command */
  readonly args?: string[];
  /** @default - no port */
  readonly port?: number;
  /** Name of the port, which Services target. @default http */
  readonly portName?: string;
  /** @default - no probes (only for run-to-completion containers) */
  readonly probes?: Probes;
  readonly resources: Resources;
  /**
   * Where the pod's scratch volume is mounted in this container; HOME (and TMPDIR, when not /tmp)
   * point at it. Images that keep code under /tmp (editable installs) need another path.
   * @default /tmp
   */
  readonly scratchPath?: string;
}

export interface PodTemplateProps {
  readonly identity: Identity;
  readonly security: PodSecurity;
  /** @default - the pod name */
  readonly hostname?: string;
  /** @default Always */
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  /**
   * Size limit of the /tmp scratch volume; the pod is evicted beyond it.
   * @default 256Mi
   */
  readonly tmpSize?: string;
  /** Only nodes with these labels run the pod. @default - any node */
  readonly nodeSelector?: Record<string, string>;
  /**
   * The ServiceAccount whose token is mounted, for pods that talk to the Kubernetes API.
   * @default - no token is mounted
   */
  readonly serviceAccountName?: string;
  /** Secrets with credentials of private registries. @default - none */
  readonly imagePullSecrets?: string[];
}

/**
 * A pod template with LabStack's defaults: standard labels, the Pod Security level's security
 * contexts, no service-account token, resources on every container and a writable /tmp (the
 * root file system is read-only under restricted).
 *
 * Rendered with the L1 API of cdk8s-plus-27 because its L2 pod classes cannot express the
 * restricted profile (no seccompProfile, no `drop: [ALL]`) and derive selectors from construct
 * paths, which would change immutable Deployment selectors when code is refactored.
 */
export class PodTemplate {
  private readonly containers: ContainerSpec[] = [];
  private readonly initContainers: ContainerSpec[] = [];
  private readonly env = new Map<string, k8s.EnvVar[]>();
  private readonly mounts = new Map<string, k8s.VolumeMount[]>();
  private readonly volumes = new Map<string, IPodVolume>();
  private readonly requiredAffinity: k8s.PodAffinityTerm[] = [];
  private readonly preferredAffinity: k8s.WeightedPodAffinityTerm[] = [];
  private readonly annotations = new Map<string, string>();

  constructor(private readonly props: PodTemplateProps) {
    this.addVolume(new ScratchVolume('tmp', props.tmpSize));
  }

  /** Who the pod belongs to; its selector selects the pod. */
  public get identity(): Identity {
    return this.props.identity;
  }

  /** Adds a container; the first is the main one. Every container gets the scratch volume and HOME on it. */
  public addContainer(spec: ContainerSpec): void {
    this.checkNewName(spec.name);
    this.containers.push(spec);
    this.addScratch(spec);
  }

  /**
   * Adds a container that runs to completion before the others start (e.g. a dump that a
   * second image archives). It gets the scratch volume and HOME like every container.
   */
  public addInitContainer(spec: ContainerSpec): void {
    this.checkNewName(spec.name);
    this.initContainers.push(spec);
    this.addScratch(spec);
  }

  /** The names of the containers, init containers first. */
  public get containerNames(): string[] {
    return [...this.initContainers, ...this.containers].map((c) => c.name);
  }

  private addScratch(spec: ContainerSpec): void {
    const path = spec.scratchPath ?? '/tmp';
    this.addEnv(spec.name, { name: 'HOME', value: path }, ...(path === '/tmp' ? [] : [{ name: 'TMPDIR', value: path }]));
    this.mount(spec.name, this.volumes.get('tmp')!, path);
  }

  private checkNewName(name: string): void {
    if (this.containerNames.includes(name)) throw new Error(`the pod already has a container ${name}`);
  }

  /** Throws unless the pod has the container: a misspelled name must not pass silently. */
  private checkContainer(container: string): void {
    if (!this.containerNames.includes(container)) {
      throw new Error(`the pod has no container ${container}; its containers are ${this.containerNames.join(', ') || 'none yet'}`);
    }
  }

  public addEnv(container: string, ...vars: k8s.EnvVar[]): void {
    this.checkContainer(container);
    const list = this.env.get(container) ?? [];
    for (const v of vars) {
      if (list.some((existing) => existing.name === v.name)) {
        throw new Error(`container ${container} already has an environment variable ${v.name}`);
      }
      list.push(v);
    }
    this.env.set(container, list);
  }

  /** Mounts a volume into a container; the volume is added to the pod once. */
  public mount(container: string, volume: IPodVolume, path: string, options: { readOnly?: boolean; subPath?: string } = {}): void {
    this.checkContainer(container);
    this.addVolume(volume);
    const list = this.mounts.get(container) ?? [];
    list.push({ name: volume.volumeName, mountPath: path, readOnly: options.readOnly, subPath: options.subPath });
    this.mounts.set(container, list);
  }

  /** Adds an annotation to the pod (e.g. a checksum of its configuration, to roll it on change). */
  public addAnnotation(key: string, value: string): void {
    if (this.annotations.has(key)) throw new Error(`pod annotation ${key} is already set`);
    this.annotations.set(key, value);
  }

  /** Schedules the pod onto the node of pods with these labels (required) or prefers it (weight). */
  public colocateWith(selector: Record<string, string>, options: { weight?: number } = {}): void {
    const term: k8s.PodAffinityTerm = { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' };
    if (options.weight) this.preferredAffinity.push({ weight: options.weight, podAffinityTerm: term });
    else this.requiredAffinity.push(term);
  }

  /** The rendered template; resolved at synthesis so later additions are included. */
  public render(): k8s.PodTemplateSpec {
    return Lazy.any({ produce: () => this.toSpec() }) as unknown as k8s.PodTemplateSpec;
  }

  private addVolume(volume: IPodVolume): void {
    const existing = this.volumes.get(volume.volumeName);
    if (existing && existing !== volume) throw new Error(`two different volumes are named ${volume.volumeName}`);
    this.volumes.set(volume.volumeName, volume);
  }

  /** The template as it is now. */
  public toSpec(): k8s.PodTemplateSpec {
    const { identity, security } = this.props;
    const hasAffinity = this.requiredAffinity.length + this.preferredAffinity.length > 0;
    return {
      metadata: { labels: identity.labels, annotations: nonEmpty({ ...security.annotations(), ...Object.fromEntries(this.annotations) }) },
      spec: {
        hostname: this.props.hostname,
        serviceAccountName: this.props.serviceAccountName,
        automountServiceAccountToken: this.props.serviceAccountName !== undefined,
        nodeSelector: this.props.nodeSelector,
        imagePullSecrets: this.props.imagePullSecrets?.map((name) => ({ name })),
        enableServiceLinks: false,
        restartPolicy: this.props.restartPolicy,
        securityContext: security.podSecurityContext(),
        affinity: hasAffinity
          ? {
            podAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: nonEmptyList(this.requiredAffinity),
              preferredDuringSchedulingIgnoredDuringExecution: nonEmptyList(this.preferredAffinity),
            },
          }
          : undefined,
        initContainers: nonEmptyList(this.initContainers.map((c) => this.renderContainer(c))),
        containers: this.containers.map((c) => this.renderContainer(c)),
        volumes: [...this.volumes.values()].map((v) => v.podVolume()),
      },
    };
  }

  private renderContainer(spec: ContainerSpec): k8s.Container {
    const probes = spec.probes;
    return {
      name: spec.name,
      image: spec.image,
      imagePullPolicy: 'IfNotPresent',
      command: spec.command,
      args: spec.args,
      ports: spec.port ? [{ name: spec.portName ?? 'http', containerPort: spec.port, protocol: 'TCP' }] : undefined,
      env: this.env.get(spec.name),
      resources: {
        requests: {
          cpu: Quantity.fromString(spec.resources.requests.cpu),
          memory: Quantity.fromString(spec.resources.requests.memory),
        },
        limits: { memory: Quantity.fromString(spec.resources.limits.memory) },
      },
      startupProbe: probes
        ? {
          ...probeAction(probes.liveness, spec.port),
          periodSeconds: 5,
          timeoutSeconds: probes.liveness.timeoutSeconds ?? 5,
          failureThreshold: Math.ceil((probes.startupSeconds ?? 300) / 5),
        }
        : undefined,
      livenessProbe: probes ? probe(probes.liveness, spec.port, 20) : undefined,
      readinessProbe: probes ? probe(probes.readiness, spec.port, 10) : undefined,
      securityContext: this.props.security.containerSecurityContext(),
      volumeMounts: this.mounts.get(spec.name),
    };
  }
}

function probe(spec: Probe, containerPort: number | undefined, defaultPeriod: number): k8s.Probe {
  return {
    ...probeAction(spec, containerPort),
    periodSeconds: spec.periodSeconds ?? defaultPeriod,
    timeoutSeconds: spec.timeoutSeconds ?? 5,
    failureThreshold: 3,
  };
}

function probeAction(probe: Probe, containerPort: number | undefined): k8s.Probe {
  if ('command' in probe) return { exec: { command: probe.command } };
  if ('tcpPort' in probe) return { tcpSocket: { port: IntOrString.fromNumber(probe.tcpPort) } };
  const port = probe.port ?? containerPort;
  if (port === undefined) throw new Error(`HTTP probe on ${probe.path} needs a port`);
  return { httpGet: { path: probe.path, port: IntOrString.fromNumber(port) } };
}

function nonEmpty(record: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(record).length > 0 ? record : undefined;
}

function nonEmptyList<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

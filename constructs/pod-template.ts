import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Quantity, IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';
import type { Resources } from '../config/schema';
import { Identity } from './identity';
import { PodSecurity } from './pod-security';
import { IPodVolume, ScratchVolume } from './volumes';

/** An HTTP probe on a real endpoint of the container. */
export interface HttpProbe {
  readonly path: string;
  /** @default - the container's port */
  readonly port?: number;
}

/** Probes; readiness and liveness should hit different endpoints where the image has them. */
export interface Probes {
  readonly liveness: HttpProbe | k8s.ExecAction;
  readonly readiness: HttpProbe | k8s.ExecAction;
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
  /** @default - no probes (only for run-to-completion containers) */
  readonly probes?: Probes;
  readonly resources: Resources;
}

export interface PodTemplateProps {
  readonly identity: Identity;
  readonly security: PodSecurity;
  /** @default - the pod name */
  readonly hostname?: string;
  /** @default Always */
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
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
  private readonly env = new Map<string, k8s.EnvVar[]>();
  private readonly mounts = new Map<string, k8s.VolumeMount[]>();
  private readonly volumes = new Map<string, IPodVolume>();
  private readonly requiredAffinity: k8s.PodAffinityTerm[] = [];
  private readonly preferredAffinity: k8s.WeightedPodAffinityTerm[] = [];

  constructor(private readonly props: PodTemplateProps) {
    this.addVolume(new ScratchVolume('tmp'));
  }

  /** Adds a container; the first is the main one. Every container gets /tmp and HOME=/tmp. */
  public addContainer(spec: ContainerSpec): void {
    this.containers.push(spec);
    this.addEnv(spec.name, { name: 'HOME', value: '/tmp' });
    this.mount(spec.name, this.volumes.get('tmp')!, '/tmp');
  }

  public addEnv(container: string, ...vars: k8s.EnvVar[]): void {
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
    this.addVolume(volume);
    const list = this.mounts.get(container) ?? [];
    list.push({ name: volume.volumeName, mountPath: path, readOnly: options.readOnly, subPath: options.subPath });
    this.mounts.set(container, list);
  }

  /** Schedules the pod onto the node of pods with these labels (required) or prefers it (weight). */
  public colocateWith(selector: Record<string, string>, options: { weight?: number } = {}): void {
    const term: k8s.PodAffinityTerm = { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' };
    if (options.weight) this.preferredAffinity.push({ weight: options.weight, podAffinityTerm: term });
    else this.requiredAffinity.push(term);
  }

  /** The rendered template; resolved at synthesis so later additions are included. */
  public render(): k8s.PodTemplateSpec {
    return Lazy.any({ produce: () => this.renderNow() }) as unknown as k8s.PodTemplateSpec;
  }

  private addVolume(volume: IPodVolume): void {
    const existing = this.volumes.get(volume.volumeName);
    if (existing && existing !== volume) throw new Error(`two different volumes are named ${volume.volumeName}`);
    this.volumes.set(volume.volumeName, volume);
  }

  private renderNow(): k8s.PodTemplateSpec {
    const { identity, security } = this.props;
    const hasAffinity = this.requiredAffinity.length + this.preferredAffinity.length > 0;
    return {
      metadata: { labels: identity.labels, annotations: nonEmpty(security.annotations()) },
      spec: {
        hostname: this.props.hostname,
        automountServiceAccountToken: false,
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
      ports: spec.port ? [{ name: 'http', containerPort: spec.port, protocol: 'TCP' }] : undefined,
      env: this.env.get(spec.name),
      resources: {
        requests: {
          cpu: Quantity.fromString(spec.resources.requests.cpu),
          memory: Quantity.fromString(spec.resources.requests.memory),
        },
        limits: { memory: Quantity.fromString(spec.resources.limits.memory) },
      },
      startupProbe: probes
        ? { ...probeAction(probes.liveness, spec.port), periodSeconds: 5, failureThreshold: Math.ceil((probes.startupSeconds ?? 300) / 5) }
        : undefined,
      livenessProbe: probes ? { ...probeAction(probes.liveness, spec.port), periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 } : undefined,
      readinessProbe: probes ? { ...probeAction(probes.readiness, spec.port), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 } : undefined,
      securityContext: this.props.security.containerSecurityContext(),
      volumeMounts: this.mounts.get(spec.name),
    };
  }
}

function probeAction(probe: HttpProbe | k8s.ExecAction, containerPort: number | undefined): k8s.Probe {
  if (!('path' in probe)) return { exec: probe };
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

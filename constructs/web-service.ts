import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';
import type { Resources } from '../config/schema';
import { Identity } from './identity';
import { PodSecurity } from './pod-security';
import { PodTemplate, Probes } from './pod-template';
import { Route, RouteOptions } from './routing/route';
import { IngressSettings } from './routing/ingress-settings';
import { IPodVolume } from './volumes';

export interface WebServiceProps {
  readonly identity: Identity;
  /** Name of the Deployment and Service. */
  readonly name: string;
  /** A pinned image reference. */
  readonly image: string;
  readonly port: number;
  readonly probes: Probes;
  readonly resources: Resources;
  readonly security: PodSecurity;
  /** @default - the image's entrypoint */
  readonly command?: string[];
  /** @default - the image's command */
  readonly args?: string[];
  /**
   * Run exactly one pod and replace it with Recreate, never two at once.
   * @default false - rolling updates
   */
  readonly singleWriter?: boolean;
  /**
   * @default 1; a PodDisruptionBudget keeps one pod up during drains when more than one
   */
  readonly replicas?: number;
  /** @default - the pod name */
  readonly hostname?: string;
}

/**
 * An HTTP server: a Deployment, a ClusterIP Service on port `http`, and a PodDisruptionBudget
 * when it has more than one replica. Expose it with `exposeAt()`.
 */
export class WebService extends Construct {
  public readonly name: string;
  public readonly port: number;
  public readonly identity: Identity;
  /** The pod template, to add env, volumes and affinity. */
  public readonly pod: PodTemplate;
  private readonly service: k8s.KubeService;
  private readonly containerName: string;
  private readonly serviceAnnotations = new Map<string, string>();
  private ingressAllowed = false;

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    const replicas = props.replicas ?? 1;
    if (props.singleWriter && replicas !== 1) {
      throw new Error(`${props.name} is a single writer and must run exactly one replica, got ${replicas}`);
    }
    this.name = props.name;
    this.port = props.port;
    this.identity = props.identity;
    this.containerName = props.identity.componentName ?? props.name;
    this.pod = new PodTemplate({ identity: props.identity, security: props.security, hostname: props.hostname });
    this.pod.addContainer({
      name: this.containerName,
      image: props.image,
      command: props.command,
      args: props.args,
      port: props.port,
      probes: props.probes,
      resources: props.resources,
    });

    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: props.name, labels: props.identity.labels },
      spec: {
        replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: props.identity.selector },
        strategy: props.singleWriter ? { type: 'Recreate' } : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: IntOrString.fromNumber(0) } },
        template: this.pod.render(),
      },
    });

    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { name: props.name, labels: props.identity.labels },
      spec: {
        type: 'ClusterIP',
        selector: props.identity.selector,
        ports: [{ name: 'http', port: props.port, targetPort: IntOrString.fromString('http'), protocol: 'TCP' }],
      },
    });

    if (replicas > 1) {
      new k8s.KubePodDisruptionBudget(this, 'Budget', {
        metadata: { name: props.name, labels: props.identity.labels },
        spec: { maxUnavailable: IntOrString.fromNumber(1), selector: { matchLabels: props.identity.selector } },
      });
    }
  }

  /** Sets environment variables on the main container. */
  public addEnv(...vars: k8s.EnvVar[]): void {
    this.pod.addEnv(this.containerName, ...vars);
  }

  /** Mounts a volume into the main container. */
  public mount(volume: IPodVolume, path: string, options: { readOnly?: boolean } = {}): void {
    this.pod.mount(this.containerName, volume, path, options);
  }

  /** Adds an annotation to the Service (controllers read per-backend settings there). */
  public annotateService(key: string, value: string): void {
    const existing = this.serviceAnnotations.get(key);
    if (existing !== undefined && existing !== value) {
      throw new Error(`service ${this.name} already has ${key}=${existing}; cannot also set ${value}`);
    }
    this.serviceAnnotations.set(key, value);
    this.service.metadata.addAnnotation(key, value);
  }

  /**
   * Serves this service on a public host and path through the ingress controller, with TLS,
   * and lets the controller's pods reach it through the namespace's default-deny policy.
   */
  public exposeAt(ingress: IngressSettings, options: RouteOptions): Route {
    if (!this.ingressAllowed) {
      this.ingressAllowed = true;
      new k8s.KubeNetworkPolicy(this, 'AllowIngressController', {
        metadata: { name: `${this.name}-from-ingress`, labels: this.identity.labels },
        spec: {
          podSelector: { matchLabels: this.identity.selector },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ingress.controllerNamespace } } }],
              ports: [{ port: IntOrString.fromNumber(this.port), protocol: 'TCP' }],
            },
          ],
        },
      });
    }
    const id = `Route${options.path && options.path !== '/' ? options.path.replace(/[^A-Za-z0-9]/g, '-') : ''}`;
    return new Route(this, id, { ...options, ingress, backend: this });
  }
}

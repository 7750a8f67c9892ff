import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';
import type { Resources } from '../config/schema';
import { Identity } from './identity';
import { PodSecurity } from './pod-security';
import { PodTemplate, Probes } from './pod-template';
import { ingressControllerPeer, IngressSettings } from './routing/ingress-settings';
import { Route, RouteOptions } from './routing/route';
import { IPodVolume } from './volumes';

export interface ServiceWorkloadProps {
  readonly identity: Identity;
  /** Name of the workload and its Service. */
  readonly name: string;
  /** A pinned image reference. */
  readonly image: string;
  readonly port: number;
  /** Name of the port; routes target `http`. @default http */
  readonly portName?: string;
  readonly probes: Probes;
  readonly resources: Resources;
  readonly security: PodSecurity;
  /** @default - the image's entrypoint */
  readonly command?: string[];
  /** @default - the image's command */
  readonly args?: string[];
  /** @default - the pod name */
  readonly hostname?: string;
  /** Name of the main container. @default - the identity's component */
  readonly containerName?: string;
  /** Size limit of /tmp. @default 256Mi */
  readonly tmpSize?: string;
  /** Secrets with credentials of private registries. @default - none */
  readonly imagePullSecrets?: string[];
  /** The ServiceAccount whose token is mounted, for servers that use the Kubernetes API. @default - none */
  readonly serviceAccountName?: string;
}

/**
 * What every server has, whatever its controller: a pod template with one main container, a
 * Service in front of it, and intent methods to let clients in (`allowFrom`) or publish it
 * (`exposeAt`). The namespace denies all ingress by default, so these are the only ways in.
 */
export abstract class ServiceWorkload extends Construct {
  public readonly name: string;
  public readonly port: number;
  public readonly identity: Identity;
  /** The pod template, to add containers, env, volumes and affinity. */
  public readonly pod: PodTemplate;
  /** The main container's name. */
  public readonly containerName: string;
  /** The main container's image reference. */
  public readonly image: string;
  private readonly service: k8s.KubeService;
  private readonly serviceAnnotations = new Map<string, string>();
  private readonly clients: k8s.NetworkPolicyPeer[] = [];
  private ingressAllowed = false;

  protected constructor(scope: Construct, id: string, props: ServiceWorkloadProps, options: { headless: boolean }) {
    super(scope, id);
    this.name = props.name;
    this.image = props.image;
    this.port = props.port;
    this.identity = props.identity;
    this.containerName = props.containerName ?? props.identity.componentName ?? props.name;
    const portName = props.portName ?? 'http';
    this.pod = new PodTemplate({ identity: props.identity, security: props.security, hostname: props.hostname, tmpSize: props.tmpSize, imagePullSecrets: props.imagePullSecrets, serviceAccountName: props.serviceAccountName });
    this.pod.addContainer({
      name: this.containerName,
      image: props.image,
      command: props.command,
      args: props.args,
      port: props.port,
      portName,
      probes: props.probes,
      resources: props.resources,
    });

    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { name: props.name, labels: props.identity.labels },
      spec: {
        ...(options.headless ? { clusterIp: 'None' } : { type: 'ClusterIP' }),
        selector: props.identity.selector,
        ports: [{ name: portName, port: props.port, targetPort: IntOrString.fromString(portName), protocol: 'TCP' }],
      },
    });
  }

  /** Sets environment variables on the main container. */
  public addEnv(...vars: k8s.EnvVar[]): void {
    this.pod.addEnv(this.containerName, ...vars);
  }

  /** Mounts a volume into the main container. */
  public mount(volume: IPodVolume, path: string, options: { readOnly?: boolean; subPath?: string } = {}): void {
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
   * Lets pods of these components (same namespace) reach the port; one NetworkPolicy
   * `<name>-from-clients` lists every client.
   */
  public allowFrom(...clients: Identity[]): void {
    this.addClients(clients.map((c) => ({ podSelector: { matchLabels: c.selector } })));
  }

  /** Lets pods of a component in another namespace reach the port (e.g. a node agent). */
  public allowFromNamespace(namespace: string, client: Identity): void {
    this.addClients([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } }, podSelector: { matchLabels: client.selector } }]);
  }

  private addClients(peers: k8s.NetworkPolicyPeer[]): void {
    if (this.clients.length === 0) {
      new k8s.KubeNetworkPolicy(this, 'AllowClients', {
        metadata: { name: `${this.name}-from-clients`, labels: this.identity.labels },
        spec: {
          podSelector: { matchLabels: this.identity.selector },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: Lazy.any({ produce: () => this.clients }) as unknown as k8s.NetworkPolicyPeer[],
              ports: [{ port: IntOrString.fromNumber(this.port), protocol: 'TCP' }],
            },
          ],
        },
      });
    }
    this.clients.push(...peers);
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
              from: [ingressControllerPeer(ingress)],
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

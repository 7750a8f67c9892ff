import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';
import { ServersTransport } from '../../imports/traefik.io';
import { Identity } from '../identity';
import { IngressSettings } from './ingress-settings';
import { IRouteBackend, Route, RouteOptions } from './route';

export interface ExternalBackendProps {
  readonly identity: Identity;
  /** Name of the Service (an ExternalName Service) and its ServersTransport. */
  readonly name: string;
  /** `host` or `host:port` of the server outside the cluster, reached over HTTPS. */
  readonly endpoint: string;
}

/**
 * A server outside the cluster that routes forward to over HTTPS, keeping the client's Host header
 * (what S3 signatures are computed over): an ExternalName Service Traefik proxies to. Traefik's
 * Kubernetes Ingress provider must allow ExternalName Services (docs/prerequisites.md).
 *
 * The backend's certificate is not verified, as upstream's own proxy does not verify it: the server
 * sees the public host name, not its own, so no name could be checked.
 */
export class ExternalBackend extends Construct implements IRouteBackend {
  public readonly name: string;
  public readonly port: number;
  public readonly identity: Identity;
  private readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: ExternalBackendProps) {
    super(scope, id);
    const [host, port] = props.endpoint.split(':');
    this.name = props.name;
    this.port = Number(port ?? 443);
    this.identity = props.identity;
    new ServersTransport(this, 'ServersTransport', {
      metadata: { name: props.name, labels: props.identity.labels },
      spec: { insecureSkipVerify: true },
    });
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: {
        name: props.name,
        labels: props.identity.labels,
        annotations: {
          'traefik.ingress.kubernetes.io/service.serversscheme': 'https',
          'traefik.ingress.kubernetes.io/service.passhostheader': 'true',
        },
      },
      spec: { type: 'ExternalName', externalName: host, ports: [{ name: 'http', port: this.port, targetPort: IntOrString.fromNumber(this.port), protocol: 'TCP' }] },
    });
    this.annotateService('traefik.ingress.kubernetes.io/service.serverstransport', `${Chart.of(this).namespace}-${props.name}@kubernetescrd`);
  }

  public annotateService(key: string, value: string): void {
    this.service.metadata.addAnnotation(key, value);
  }

  /** Forwards a host (and path) to the external server; set no readTimeout (its ServersTransport is this one's). */
  public exposeAt(ingress: IngressSettings, options: RouteOptions): Route {
    return new Route(this, 'Route', { ...options, ingress, backend: this });
  }
}

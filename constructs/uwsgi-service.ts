import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { Duration, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Resources } from '../config/schema';
import { Identity } from './identity';
import { PodSecurity } from './pod-security';
import { IngressSettings } from './routing/ingress-settings';
import { Route, RouteOptions } from './routing/route';
import { configMapVolume, IPodVolume } from './volumes';
import { WebService } from './web-service';

const GATEWAY_PORT = 8000;
const CONFIG_DIR = '/etc/nginx/conf.d';

export interface UwsgiServiceProps {
  readonly identity: Identity;
  /** Name of the Deployment, Service and gateway ConfigMap (`<name>-gateway`). */
  readonly name: string;
  /** A pinned image of the application; it serves the uWSGI protocol on `uwsgiPort`. */
  readonly image: string;
  /** @default - the image's command */
  readonly command?: string[];
  readonly uwsgiPort: number;
  /**
   * A path the application answers without credentials (any status, e.g. 401 or 405). The
   * gateway's readiness check sends GET here through uWSGI: an answer proves nginx, the socket
   * and the application; nginx's own 502/504 fail it.
   */
  readonly healthPath: string;
  /** A pinned image of nginxinc/nginx-unprivileged (listens unprivileged, writes only /tmp). */
  readonly gatewayImage: string;
  /** How long the application may take to answer (uwsgi_read_timeout). */
  readonly readTimeout: Duration;
  /** Largest request body (client_max_body_size); larger uploads get 413. */
  readonly maxBodySize: Size;
  readonly resources: Resources;
  /** @default - 50m CPU, 64Mi memory requested, 128Mi limit */
  readonly gatewayResources?: Resources;
  readonly security: PodSecurity;
  /** Size limit of the application's scratch volume (uploads are spooled there). @default 256Mi */
  readonly tmpSize?: string;
  /**
   * Where the application's scratch volume is mounted (HOME and TMPDIR point there).
   * @default /tmp
   */
  readonly scratchPath?: string;
}

const DEFAULT_GATEWAY_RESOURCES: Resources = { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } };

/**
 * An application that speaks uWSGI, not HTTP, behind an nginx sidecar that translates
 * (`uwsgi_pass` over the pod's loopback). Ingress controllers and probes talk HTTP to the
 * gateway; the application's port is never exposed outside the pod.
 */
export class UwsgiService extends Construct {
  public readonly name: string;
  public readonly identity: Identity;
  /** The nginx configuration of the gateway, as mounted. */
  public readonly gatewayConfig: string;
  private readonly web: WebService;
  /** The name of the application's container. */
  public readonly appContainer = 'app';

  constructor(scope: Construct, id: string, props: UwsgiServiceProps) {
    super(scope, id);
    this.name = props.name;
    this.identity = props.identity;
    this.gatewayConfig = gatewayConfig(props);
    const configMap = new k8s.KubeConfigMap(this, 'GatewayConfig', {
      metadata: { name: `${props.name}-gateway`, labels: props.identity.labels },
      data: { 'default.conf': this.gatewayConfig },
    });
    const configVolume = configMapVolume('gateway-config', configMap.name);

    this.web = new WebService(this, 'Service', {
      identity: props.identity,
      name: props.name,
      containerName: 'gateway',
      image: props.gatewayImage,
      port: GATEWAY_PORT,
      probes: { liveness: { path: '/gateway/livez' }, readiness: { path: '/gateway/readyz', timeoutSeconds: 10 } },
      resources: props.gatewayResources ?? DEFAULT_GATEWAY_RESOURCES,
      security: props.security,
      tmpSize: props.tmpSize,
    });
    this.web.mount(configVolume, CONFIG_DIR, { readOnly: true });
    // nginx reads its configuration at start only: a changed ConfigMap must roll the pods.
    this.web.pod.addAnnotation('labstack.io/gateway-config-sha256', createHash('sha256').update(this.gatewayConfig).digest('hex'));

    this.web.pod.addContainer({
      name: this.appContainer,
      image: props.image,
      command: props.command,
      // The socket speaks no HTTP: liveness is a TCP connect, readiness a request through the gateway.
      probes: {
        liveness: { tcpPort: props.uwsgiPort },
        readiness: { path: '/gateway/readyz', port: GATEWAY_PORT, timeoutSeconds: 10 },
        startupSeconds: 300,
      },
      resources: props.resources,
      scratchPath: props.scratchPath,
    });
  }

  /** The Deployment's pod template. */
  public get pod() {
    return this.web.pod;
  }

  /** Sets environment variables on the application container. */
  public addEnv(...vars: k8s.EnvVar[]): void {
    this.web.pod.addEnv(this.appContainer, ...vars);
  }

  /** Mounts a volume into the application container. */
  public mount(volume: IPodVolume, path: string, options: { readOnly?: boolean; subPath?: string } = {}): void {
    this.web.pod.mount(this.appContainer, volume, path, options);
  }

  /** Serves the gateway on a public host; the body limit and timeout should match the gateway's. */
  public exposeAt(ingress: IngressSettings, options: RouteOptions): Route {
    return this.web.exposeAt(ingress, options);
  }

  /** Lets pods of these components reach the gateway from inside the cluster. */
  public allowFrom(...clients: Identity[]): void {
    this.web.allowFrom(...clients);
  }
}

function gatewayConfig(props: UwsgiServiceProps): string {
  const upstream = `127.0.0.1:${props.uwsgiPort}`;
  const timeout = `${props.readTimeout.toSeconds()}s`;
  return [
    `# HTTP to uWSGI gateway for ${props.name}, rendered by LabStack.`,
    'server {',
    `    listen ${GATEWAY_PORT};`,
    '    server_tokens off;',
    `    client_max_body_size ${props.maxBodySize.toMebibytes()}m;`,
    '',
    '    location / {',
    '        include uwsgi_params;',
    `        uwsgi_pass ${upstream};`,
    `        uwsgi_read_timeout ${timeout};`,
    `        uwsgi_send_timeout ${timeout};`,
    '        gzip on;',
    '        gzip_min_length 1000;',
    '        gzip_types text/plain application/xml application/json;',
    '    }',
    '',
    '    # The gateway itself is alive.',
    '    location = /gateway/livez {',
    '        access_log off;',
    '        return 204;',
    '    }',
    '',
    '    # A request through uWSGI into the application: any answer of the application proves the',
    '    # socket and the application; nginx\'s own 502 (no socket) and 504 (hung) fail the check.',
    '    location = /gateway/readyz {',
    '        access_log off;',
    '        uwsgi_param REQUEST_METHOD GET;',
    `        uwsgi_param REQUEST_URI ${props.healthPath};`,
    `        uwsgi_param PATH_INFO ${props.healthPath};`,
    '        uwsgi_param QUERY_STRING "";',
    '        uwsgi_param SERVER_PROTOCOL $server_protocol;',
    '        uwsgi_param SERVER_NAME $host;',
    '        uwsgi_param SERVER_PORT $server_port;',
    '        uwsgi_param REMOTE_ADDR $remote_addr;',
    '        uwsgi_param HTTP_HOST $host;',
    `        uwsgi_pass ${upstream};`,
    '        uwsgi_read_timeout 5s;',
    '        uwsgi_intercept_errors on;',
    '        error_page 400 401 403 404 405 = @application-answered;',
    '    }',
    '',
    '    location @application-answered {',
    '        return 204;',
    '    }',
    '}',
    '',
  ].join('\n');
}

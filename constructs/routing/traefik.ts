import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import {
  Middleware,
  MiddlewareSpec,
  ServersTransport,
  ServersTransportSpecForwardingTimeoutsResponseHeaderTimeout as ResponseHeaderTimeout,
} from '../../imports/traefik.io';
import { AUTHENTICATION_ANNOTATION } from './authentication';
import { tlsSecretFor } from './certificate';
import type { RouteProps } from './route';

/** Who may connect to a route, on its Ingress: the allowed networks, or "internet". */
export const SOURCES_ANNOTATION = 'labstack.io/allowed-sources';

/**
 * Traefik's rendering of a route: the Ingress fields the API has (host, path, TLS, class) and
 * Traefik CRDs for the rest, referenced through annotations:
 * - strip prefix, body size and forward auth are Middlewares on the router;
 * - the read timeout is a ServersTransport on the backend Service (Traefik configures backend
 *   timeouts per service, not per path). The entry point's own `respondingTimeouts` must allow
 *   it too: see docs/prerequisites.md.
 * Websocket upgrades need no setting in Traefik. How the route is authenticated is recorded on the
 * Ingress (AUTHENTICATION_ANNOTATION), whatever renders it.
 */
/** Read timeouts already rendered per backend: one ServersTransport serves all its routes. */
const backendTimeouts = new WeakMap<RouteProps['backend'], number>();

export function renderTraefikRoute(route: Construct, props: RouteProps & { path: string }): void {
  const namespace = Chart.of(route).namespace;
  if (!namespace) throw new Error(`route ${route.node.path} must be in a chart with a namespace`);
  const { backend, ingress } = props;
  const name = props.path === '/' ? backend.name : `${backend.name}-${props.path.replace(/^\/+|\/+$/g, '').replace(/[^a-z0-9]+/g, '-')}`;
  const labels = backend.identity.labels;
  const crdRef = (objectName: string) => `${namespace}-${objectName}@kubernetescrd`;

  const middlewares: string[] = [];
  const addMiddleware = (suffix: string, spec: MiddlewareSpec) => {
    const middlewareName = `${name}-${suffix}`;
    new Middleware(route, `Middleware-${suffix}`, { metadata: { name: middlewareName, labels }, spec });
    middlewares.push(crdRef(middlewareName));
  };
  // First, so a refused client reaches neither the sign-in nor the backend. Traefik v3.7.9
  // (d0bd2ec1) pkg/middlewares/ipallowlist/ip_allowlist.go New: 403 by default, and an empty
  // sourceRange is an error that leaves the router without the middleware; pkg/config/dynamic/
  // middlewares.go IPStrategy.Get: without ipStrategy the connection's remote address (pkg/ip/
  // strategy.go RemoteAddrStrategy), with depth the depth-th X-Forwarded-For entry from the right.
  if (ingress.allowedSources) {
    if (ingress.allowedSources.length === 0) throw new Error(`route ${props.host}${props.path}: an empty allow list would refuse every client`);
    addMiddleware('allow-list', {
      ipAllowList: {
        sourceRange: [...ingress.allowedSources],
        ...(ingress.forwardedForDepth ? { ipStrategy: { depth: ingress.forwardedForDepth } } : {}),
      },
    });
  }
  const forwardAuth = props.authentication.forwardAuthSettings;
  if (forwardAuth) {
    addMiddleware('forward-auth', {
      forwardAuth: {
        address: forwardAuth.address,
        trustForwardHeader: forwardAuth.trustForwardHeader ?? false,
        authResponseHeaders: forwardAuth.responseHeaders,
      },
    });
  }
  if (props.maxBodySize) {
    addMiddleware('max-body', { buffering: { maxRequestBodyBytes: props.maxBodySize.toKibibytes() * 1024 } });
  }
  if (props.stripPrefix) {
    addMiddleware('strip-prefix', { stripPrefix: { prefixes: [props.stripPrefix] } });
  }

  if (props.readTimeout) {
    const seconds = props.readTimeout.toSeconds();
    const existing = backendTimeouts.get(backend);
    if (existing !== undefined && existing !== seconds) {
      throw new Error(`service ${backend.name} already has a ${existing}s read timeout; Traefik sets timeouts per service, so a route cannot use ${seconds}s`);
    }
  }
  if (props.readTimeout && !backendTimeouts.has(backend)) {
    const seconds = props.readTimeout.toSeconds();
    backendTimeouts.set(backend, seconds);
    new ServersTransport(route, 'ServersTransport', {
      metadata: { name: backend.name, labels },
      spec: {
        forwardingTimeouts: { responseHeaderTimeout: ResponseHeaderTimeout.fromString(`${seconds}s`) },
      },
    });
    backend.annotateService('traefik.ingress.kubernetes.io/service.serverstransport', crdRef(backend.name));
  }

  new k8s.KubeIngress(route, 'Ingress', {
    metadata: {
      name,
      labels,
      annotations: {
        [AUTHENTICATION_ANNOTATION]: props.authentication.annotation,
        [SOURCES_ANNOTATION]: ingress.allowedSources ? ingress.allowedSources.join(', ') : ingress.internetAccepted ? `internet: accepted by ${ingress.internetAccepted}` : 'internet',
        'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure',
        'traefik.ingress.kubernetes.io/router.tls': 'true',
        ...(middlewares.length > 0 ? { 'traefik.ingress.kubernetes.io/router.middlewares': middlewares.join(',') } : {}),
      },
    },
    spec: {
      ingressClassName: ingress.className,
      tls: [{ hosts: [props.host], secretName: tlsSecretFor(route, props.host, ingress.clusterIssuer, backend.identity) }],
      rules: [
        {
          host: props.host,
          http: {
            paths: [
              {
                path: props.path,
                pathType: 'Prefix',
                backend: { service: { name: backend.name, port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
  });
}

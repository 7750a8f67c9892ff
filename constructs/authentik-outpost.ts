import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { Resources } from '../config/schema';
import { AUTHENTIK_PROXY } from './authentik-outpost.images';
import { Identity } from './identity';
import { PodSecurity } from './pod-security';
import { RouteAuthentication } from './routing/authentication';
import { IngressSettings } from './routing/ingress-settings';
import { DeclaredSecret } from './secrets';
import { ScratchVolume } from './volumes';
import { WebService } from './web-service';

const PORT = 9000;
const PREFIX = '/outpost.goauthentik.io';
/** The headers authentik's proxy provider documents for Traefik's forwardAuth. */
const RESPONSE_HEADERS = [
  'X-authentik-username',
  'X-authentik-groups',
  'X-authentik-entitlements',
  'X-authentik-email',
  'X-authentik-name',
  'X-authentik-uid',
  'X-authentik-jwt',
  'X-authentik-meta-jwks',
  'X-authentik-meta-outpost',
  'X-authentik-meta-provider',
  'X-authentik-meta-app',
  'X-authentik-meta-version',
];

export interface AuthentikOutpostProps {
  readonly identity: Identity;
  /** Name of the Deployment and Service. */
  readonly name: string;
  /** A pinned image of ghcr.io/goauthentik/proxy. */
  readonly image: string;
  /** AUTHENTIK_HOST: the authentik server the outpost registers with. */
  readonly authentikHost: string;
  /**
   * AUTHENTIK_INSECURE: the outpost does not verify the server's TLS certificate on any connection
   * to it (configuration, websocket, signing keys, token exchange). The config layer refuses it
   * with ACME unless accepted.
   */
  readonly insecure: boolean;
  /** Host whose routes the outpost protects; it serves its login callbacks there. */
  readonly host: string;
  readonly ingress: IngressSettings;
  readonly resources: Resources;
}

/**
 * An authentik proxy outpost in forward-auth mode: Traefik asks it about every request of a
 * protected route (`forwardAuth`), and it serves its own endpoints under
 * /outpost.goauthentik.io/ on the protected host. Its token comes from the Secret
 * `<name>` (key `token`), created in authentik's UI for this outpost.
 */
export class AuthentikOutpost extends Construct {
  /** The authentication of routes this outpost protects (forward auth). */
  public readonly authentication: RouteAuthentication;
  public readonly service: WebService;

  constructor(scope: Construct, id: string, props: AuthentikOutpostProps) {
    super(scope, id);
    const token = new DeclaredSecret(this, 'Token', {
      name: props.name,
      purpose: `authentik outpost ${props.name} for ${props.host}`,
      keys: [{ key: 'token', purpose: 'AUTHENTIK_TOKEN of the outpost (authentik admin UI: Outposts → deployment info)' }],
    });
    this.service = new WebService(this, 'Outpost', {
      identity: props.identity,
      name: props.name,
      image: props.image,
      port: PORT,
      probes: { liveness: { path: `${PREFIX}/ping` }, readiness: { path: `${PREFIX}/ping` } },
      resources: props.resources,
      // The image's own user.
      security: PodSecurity.restricted({ uid: 1000 }),
    });
    // The image sets TMPDIR=/dev/shm, where the outpost keeps its session files: a memory volume
    // of a known size rather than the runtime's default shm.
    this.service.mount(new ScratchVolume('sessions', '64Mi', 'Memory'), '/dev/shm');
    this.service.addEnv(
      { name: 'AUTHENTIK_HOST', value: props.authentikHost },
      { name: 'AUTHENTIK_INSECURE', value: String(props.insecure) },
      token.env('AUTHENTIK_TOKEN', 'token'),
    );
    this.service.exposeAt(props.ingress, {
      host: props.host,
      path: PREFIX,
      authentication: RouteAuthentication.application(`authentik outpost: ${AUTHENTIK_PROXY.authentication('forward-auth').open}`),
    });
    // Traefik calls the outpost from its own namespace: the address is the Service's full name.
    const namespace = Chart.of(this).namespace;
    this.authentication = RouteAuthentication.forwardAuth(`authentik outpost ${props.name} (sign-in at ${props.authentikHost})`, {
      address: `http://${props.name}.${namespace}.svc:${PORT}${PREFIX}/auth/traefik`,
      trustForwardHeader: true,
      responseHeaders: RESPONSE_HEADERS,
    });
  }
}

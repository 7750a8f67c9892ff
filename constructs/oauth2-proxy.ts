import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import type { Resources } from '../config/schema';
import { Identity } from './identity';
import { OAUTH2_PROXY } from './oauth2-proxy.images';
import { PodSecurity } from './pod-security';
import { RouteAuthentication } from './routing/authentication';
import { IngressSettings } from './routing/ingress-settings';
import { Route } from './routing/route';
import { DeclaredSecret, SecretKeyRef } from './secrets';
import { ServiceWorkload } from './service-workload';
import { WebService } from './web-service';

const PORT = OAUTH2_PROXY.port();

/** Who may sign in with a GitLab OAuth application. */
export interface GitLabSignIn {
  /** The GitLab instance, e.g. https://gitlab.com: its OpenID Connect issuer. */
  readonly url: string;
  /** Application ID of the GitLab application (scopes openid and email). */
  readonly clientId: string;
  readonly clientSecret: SecretKeyRef;
  /**
   * Full paths of GitLab groups (`my-lab`, `my-lab/monitoring`): only their members may sign in.
   * @default - membership is not checked; `emailDomains` must then restrict
   */
  readonly groups?: string[];
  /**
   * E-mail domains of the accounts that may sign in (with `groups`, both must match).
   * @default - any domain; `groups` must then restrict
   */
  readonly emailDomains?: string[];
}

export interface OAuth2ProxyProps {
  readonly identity: Identity;
  /** Name of the Deployment, the Service and the cookie Secret. */
  readonly name: string;
  /** A pinned image of quay.io/oauth2-proxy/oauth2-proxy. */
  readonly image: string;
  /** The server behind the proxy: from now on only the proxy may reach it. */
  readonly upstream: ServiceWorkload;
  readonly gitlab: GitLabSignIn;
  /** The public host the proxy serves the upstream at. */
  readonly host: string;
  readonly ingress: IngressSettings;
  /** The upstream speaks websockets. @default false */
  readonly websocket?: boolean;
  /** How long the upstream may take to answer, at the ingress and at the proxy. @default 30 seconds (oauth2-proxy's own default) */
  readonly readTimeout?: Duration;
  readonly resources: Resources;
}

/**
 * An upstream server published behind oauth2-proxy: every request needs a session of a GitLab
 * account that belongs to one of `groups` (and has an e-mail address in `emailDomains`), checked
 * again on every request; the route leads to the proxy, and the upstream admits no one else. The
 * session lives in an encrypted cookie whose key (Secret `<name>`, key `cookie-secret`) the
 * secrets script generates.
 */
export class OAuth2Proxy extends Construct {
  public readonly service: WebService;
  public readonly route: Route;

  constructor(scope: Construct, id: string, props: OAuth2ProxyProps) {
    super(scope, id);
    const groups = props.gitlab.groups ?? [];
    const domains = props.gitlab.emailDomains ?? [];
    if (groups.length === 0 && domains.length === 0) {
      throw new Error(`${props.name}: name GitLab groups or e-mail domains; without either, any account of ${props.gitlab.url} could sign in`);
    }
    const cookie = new DeclaredSecret(this, 'Cookie', {
      name: props.name,
      purpose: `oauth2-proxy ${props.name} for ${props.host}`,
      // 32 alphanumeric characters decode (base64url) to 24 bytes, a key size oauth2-proxy accepts.
      keys: [{ key: 'cookie-secret', purpose: 'OAUTH2_PROXY_COOKIE_SECRET: the key of the session cookies', generateLength: 32 }],
    });
    const timeout = props.readTimeout ?? Duration.seconds(30);
    this.service = new WebService(this, 'Proxy', {
      identity: props.identity,
      name: props.name,
      image: props.image,
      port: PORT,
      args: [
        `--http-address=0.0.0.0:${PORT}`,
        `--upstream=http://${props.upstream.name}:${props.upstream.port}/`,
        `--upstream-timeout=${timeout.toSeconds()}s`,
        '--provider=gitlab',
        `--oidc-issuer-url=${props.gitlab.url}`,
        `--client-id=${props.gitlab.clientId}`,
        `--redirect-url=https://${props.host}/oauth2/callback`,
        ...groups.map((group) => `--gitlab-group=${group}`),
        // Without a domain the e-mail check passes nobody; "*" leaves the decision to the groups.
        ...(domains.length > 0 ? domains.map((domain) => `--email-domain=${domain}`) : ['--email-domain=*']),
        // Membership is read at sign-in: a member removed from the group keeps access until the
        // cookie expires (168 h by default). 12 h bounds that to a working day.
        '--cookie-expire=12h',
        // Straight to GitLab instead of a page with one button.
        '--skip-provider-button=true',
      ],
      probes: { liveness: { path: '/ping' }, readiness: { path: '/ready' } },
      resources: props.resources,
      // The distroless image's own user; the proxy writes nothing.
      security: PodSecurity.restricted({ uid: OAUTH2_PROXY.spec.user.uid }),
    });
    this.service.addEnv(
      props.gitlab.clientSecret.env('OAUTH2_PROXY_CLIENT_SECRET'),
      cookie.env('OAUTH2_PROXY_COOKIE_SECRET', 'cookie-secret'),
    );
    props.upstream.allowFrom(props.identity);
    const who = [...(groups.length > 0 ? [`members of the GitLab groups ${groups.join(', ')}`] : []), ...(domains.length > 0 ? [`accounts of the e-mail domains ${domains.join(', ')}`] : [])].join(' who are ');
    this.route = this.service.exposeAt(props.ingress, {
      host: props.host,
      websocket: props.websocket,
      readTimeout: props.readTimeout,
      authentication: RouteAuthentication.application(
        `oauth2-proxy: sign-in with GitLab (${props.gitlab.url}); only ${who}, session cookie for 12 h; without sign-in: /ping, /ready and the sign-in flow under /oauth2/`,
      ),
    });
  }
}

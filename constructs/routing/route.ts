import { Construct } from 'constructs';
import { Duration, Size } from 'cdk8s';
import { Identity } from '../identity';
import { RouteAuthentication } from './authentication';
import { IngressSettings } from './ingress-settings';
import { renderTraefikRoute } from './traefik';

/** What a route does, independent of the controller that renders it. */
export interface RouteOptions {
  readonly host: string;
  /** @default '/' */
  readonly path?: string;
  /**
   * The backend speaks websockets on this path. Traefik proxies upgrades without settings;
   * long-lived sockets still need a long `readTimeout`.
   * @default false
   */
  readonly websocket?: boolean;
  /** How long the backend may take to answer (or a socket may stay open). @default - the controller's default */
  readonly readTimeout?: Duration;
  /** Largest accepted request body. @default - unlimited (the controller's default) */
  readonly maxBodySize?: Size;
  /**
   * Leading part of the path removed before forwarding: `path` itself (the backend serves at
   * its root) or a shorter prefix of it (e.g. `/archiver/prefect` of `/archiver/prefect/api`).
   * @default - the path is forwarded unchanged
   */
  readonly stripPrefix?: string;
  /**
   * How requests are authenticated: required, so no route is published without saying it. A
   * forward-auth service is rendered in front of the backend; the others are recorded on the route.
   */
  readonly authentication: RouteAuthentication;
}

/** The Service a route sends traffic to. */
export interface IRouteBackend {
  readonly name: string;
  readonly port: number;
  readonly identity: Identity;
  annotateService(key: string, value: string): void;
}

export interface RouteProps extends RouteOptions {
  readonly ingress: IngressSettings;
  readonly backend: IRouteBackend;
}

/**
 * A public HTTPS route: one host and path to one backend, TLS from cert-manager.
 * The controller-specific objects are rendered in ./traefik.ts.
 */
export class Route extends Construct {
  public readonly host: string;
  public readonly path: string;
  public readonly authentication: RouteAuthentication;

  constructor(scope: Construct, id: string, props: RouteProps) {
    super(scope, id);
    this.host = props.host;
    this.path = props.path ?? '/';
    this.authentication = props.authentication;
    if (!this.path.startsWith('/')) throw new Error(`route path must start with "/", got "${this.path}"`);
    const strip = props.stripPrefix;
    if (strip !== undefined && (strip === '/' || !strip.startsWith('/') || !(this.path === strip || this.path.startsWith(`${strip}/`)))) {
      throw new Error(`route ${props.host}${this.path}: stripPrefix must be the path or a shorter prefix of it, other than "/", got "${strip}"`);
    }
    renderTraefikRoute(this, { ...props, path: this.path });
  }

  /** The public URL of this route. */
  public get url(): string {
    return `https://${this.host}${this.path === '/' ? '' : this.path}`;
  }
}

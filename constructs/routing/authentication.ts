import type { ImageContract } from '../image-contract';

/** The annotation every rendered route carries: `<kind>: <how>`, so dist/ and `npm run validate` show it. */
export const AUTHENTICATION_ANNOTATION = 'labstack.io/authentication';

/** What authenticates a route: a service the controller asks, the application itself, or nothing (accepted). */
export type AuthenticationKind = 'forward-auth' | 'application' | 'public';

/** Delegated authentication (e.g. an authentik outpost) checked before each request. */
export interface ForwardAuth {
  /** URL the controller asks; 2xx lets the request through. */
  readonly address: string;
  /** Response headers copied from the auth answer to the upstream request. */
  readonly responseHeaders?: string[];
  /** @default false */
  readonly trustForwardHeader?: boolean;
}

/** A route served without authentication, as the environment's config accepts it. */
export interface PublicAcceptance {
  /** The setting that accepts it, e.g. `systems.openPectus.instances[dev].acceptUnauthenticated.aggregator`. */
  readonly setting: string;
  /** Why, in the config's own words. */
  readonly reason: string;
}

/**
 * How the requests of a route are authenticated. Every route says it, so a route cannot be added
 * without deciding: a forward-auth service the controller asks first, the application behind the
 * route (its mechanism named, from the image contract where it was read), or nothing — which only
 * a setting of the environment's config can accept, with its reason.
 */
export class RouteAuthentication {
  /** The controller asks `settings.address` before every request; `by` names the service, e.g. "authentik outpost …". */
  public static forwardAuth(by: string, settings: ForwardAuth): RouteAuthentication {
    return new RouteAuthentication('forward-auth', by, settings);
  }

  /** The backend authenticates every request itself; `mechanism` says how. */
  public static application(mechanism: string): RouteAuthentication {
    return new RouteAuthentication('application', mechanism);
  }

  /**
   * The backend authenticates requests with the mechanism `id` of its image contract: the image,
   * what it checks, and what it serves without a sign-in.
   */
  public static byImage(contract: ImageContract, id: string): RouteAuthentication {
    const fact = contract.authentication(id);
    const image = contract.repository.split('/').pop();
    return RouteAuthentication.application(`${image}: ${fact.mechanism}${fact.open ? `; without sign-in: ${fact.open}` : ''}`);
  }

  /** Nothing authenticates the route; the config accepted it (see PublicAcceptance). */
  public static acceptedPublic(acceptance: PublicAcceptance): RouteAuthentication {
    if (acceptance.reason.trim() === '') throw new Error(`public route accepted by ${acceptance.setting}: the acceptance must give a reason`);
    return new RouteAuthentication('public', `accepted by ${acceptance.setting}: ${acceptance.reason}`);
  }

  private constructor(
    public readonly kind: AuthenticationKind,
    /** Who or what authenticates, or why the route is public. */
    public readonly description: string,
    /** What the controller asks first, for `forward-auth`. */
    public readonly forwardAuthSettings?: ForwardAuth,
  ) {
    if (description.trim() === '') throw new Error(`a route's ${kind} authentication must say what authenticates it`);
  }

  /** The value of AUTHENTICATION_ANNOTATION. */
  public get annotation(): string {
    return `${this.kind}: ${this.description}`;
  }
}

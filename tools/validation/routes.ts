import { AUTHENTICATION_ANNOTATION, AuthenticationKind } from '../../constructs/routing/authentication';
import { SOURCES_ANNOTATION } from '../../constructs/routing/traefik';
import { describe, Manifest } from './manifests';

const KINDS: readonly AuthenticationKind[] = ['forward-auth', 'application', 'public'];

/** A public route as rendered: its URL and how its requests are authenticated. */
export interface RenderedRoute {
  readonly url: string;
  /** The Ingress that renders it, as problems name objects. */
  readonly ingress: string;
  /** undefined when the Ingress does not say it (a problem). */
  readonly kind?: AuthenticationKind;
  readonly description: string;
  /** Who may connect, as the Ingress says: the allowed networks, or "internet" (with the acceptance, if any). */
  readonly sources: string;
}

/** Every path of every Ingress, with what its annotation says authenticates it. */
export function renderedRoutes(manifests: Manifest[]): RenderedRoute[] {
  return manifests
    .filter((m) => m.kind === 'Ingress')
    .flatMap((ingress) => {
      const value: string = ingress.metadata.annotations?.[AUTHENTICATION_ANNOTATION] ?? '';
      const separator = value.indexOf(': ');
      const kind = KINDS.find((k) => k === value.slice(0, separator));
      const description = separator < 0 ? '' : value.slice(separator + 2).trim();
      return ingress.spec.rules.flatMap((rule: any) =>
        rule.http.paths.map((path: any) => ({
          url: `https://${rule.host}${path.path === '/' ? '' : path.path}`,
          ingress: describe(ingress),
          kind: description ? kind : undefined,
          description,
          sources: ingress.metadata.annotations?.[SOURCES_ANNOTATION] ?? 'NOT SAID',
        })),
      );
    })
    .sort((a, b) => a.url.localeCompare(b.url));
}

/**
 * Every route says how it is authenticated, and says it truthfully where dist/ can tell: a
 * forward-auth route has a forwardAuth Middleware in front of it and no other route has one, and a
 * public route names the config setting that accepted it.
 */
export function checkRouteAuthentication(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  for (const ingress of manifests.filter((m) => m.kind === 'Ingress')) {
    const [route] = renderedRoutes([ingress]);
    if (!route?.kind) {
      problems.push(`${describe(ingress)}: does not say how it is authenticated (annotation ${AUTHENTICATION_ANNOTATION}: "<${KINDS.join('|')}>: <how>")`);
      continue;
    }
    const middlewares = middlewaresOf(ingress, manifests);
    const forwardAuth = middlewares.some((m) => m.spec.forwardAuth);
    if (route.kind === 'forward-auth' && !forwardAuth) problems.push(`${describe(ingress)}: says forward-auth, but no forwardAuth Middleware is in front of it`);
    if (route.kind !== 'forward-auth' && forwardAuth) problems.push(`${describe(ingress)}: has a forwardAuth Middleware in front of it, but says ${route.kind}`);
    if (route.kind === 'public' && !/^accepted by \S+: \S/.test(route.description)) {
      problems.push(`${describe(ingress)}: is public without naming the config setting that accepted it ("accepted by <setting>: <reason>")`);
    }
  }
  return problems;
}

/** The Middlewares an Ingress names, in their order, as Traefik finds them (<namespace>-<name>@kubernetescrd). */
function middlewaresOf(ingress: Manifest, manifests: Manifest[]): Manifest[] {
  const refs: string[] = (ingress.metadata.annotations?.['traefik.ingress.kubernetes.io/router.middlewares'] ?? '').split(',').filter(Boolean);
  return refs.flatMap((ref) => {
    const name = ref.replace(/@kubernetescrd$/, '').replace(`${ingress.metadata.namespace}-`, '');
    return manifests.filter((m) => m.kind === 'Middleware' && m.metadata.namespace === ingress.metadata.namespace && m.metadata.name === name);
  });
}

/**
 * Every route says who may connect (SOURCES_ANNOTATION), and says it truthfully: a route limited
 * to networks has an ipAllowList Middleware with exactly them, first (so a refused client reaches
 * neither a sign-in nor the backend); a route open to the internet has none.
 */
export function checkRouteSources(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  for (const ingress of manifests.filter((m) => m.kind === 'Ingress')) {
    const said: string | undefined = ingress.metadata.annotations?.[SOURCES_ANNOTATION];
    const middlewares = middlewaresOf(ingress, manifests);
    const allowList = middlewares.findIndex((m) => m.spec.ipAllowList);
    if (said === undefined) {
      problems.push(`${describe(ingress)}: does not say who may connect (annotation ${SOURCES_ANNOTATION}: "<networks>" or "internet")`);
    } else if (said === 'internet' || said.startsWith('internet: ')) {
      if (allowList >= 0) problems.push(`${describe(ingress)}: says internet, but an ipAllowList Middleware is in front of it`);
    } else if (allowList < 0) {
      problems.push(`${describe(ingress)}: says only ${said} may connect, but no ipAllowList Middleware is in front of it`);
    } else {
      const ranges: string[] = middlewares[allowList].spec.ipAllowList.sourceRange ?? [];
      if (ranges.join(', ') !== said) problems.push(`${describe(ingress)}: says only ${said} may connect, but its ipAllowList admits ${ranges.join(', ') || 'nobody'}`);
      if (allowList !== 0) problems.push(`${describe(ingress)}: its ipAllowList Middleware must come first, before ${middlewares[0].metadata.name}`);
    }
  }
  return problems;
}

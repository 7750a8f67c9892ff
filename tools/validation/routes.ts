import { AUTHENTICATION_ANNOTATION, AuthenticationKind } from '../../constructs/routing/authentication';
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
    const middlewares: string[] = (ingress.metadata.annotations?.['traefik.ingress.kubernetes.io/router.middlewares'] ?? '').split(',').filter(Boolean);
    const forwardAuth = middlewares.some((ref) => {
      const name = ref.replace(/@kubernetescrd$/, '').replace(`${ingress.metadata.namespace}-`, '');
      return manifests.some((m) => m.kind === 'Middleware' && m.metadata.namespace === ingress.metadata.namespace && m.metadata.name === name && m.spec.forwardAuth);
    });
    if (route.kind === 'forward-auth' && !forwardAuth) problems.push(`${describe(ingress)}: says forward-auth, but no forwardAuth Middleware is in front of it`);
    if (route.kind !== 'forward-auth' && forwardAuth) problems.push(`${describe(ingress)}: has a forwardAuth Middleware in front of it, but says ${route.kind}`);
    if (route.kind === 'public' && !/^accepted by \S+: \S/.test(route.description)) {
      problems.push(`${describe(ingress)}: is public without naming the config setting that accepted it ("accepted by <setting>: <reason>")`);
    }
  }
  return problems;
}

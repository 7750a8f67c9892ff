import { createHash } from 'crypto';

/**
 * A small client of the OCI distribution API (the "registry HTTP API v2"): does a tag exist, and
 * which digest does it name. Public registries (Docker Hub, GHCR, Quay) answer anonymous requests
 * after the token flow; private ones get credentials from the environment (see credentialsFor).
 */

/** An image reference split into where to ask and what. */
export interface ParsedReference {
  /** Host (and port) the API is served on, e.g. registry-1.docker.io. */
  readonly host: string;
  /** The registry as written in the reference, e.g. docker.io. */
  readonly registry: string;
  /** Repository path on the registry, e.g. library/postgres. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Why a reference could not be resolved. */
export type RegistryFailure = 'missing' | 'unauthorized' | 'unreachable' | 'invalid';

export class RegistryError extends Error {
  constructor(public readonly reason: RegistryFailure, message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface ResolveOptions {
  /** Variables to read credentials from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default 20000 */
  readonly timeoutMs?: number;
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** Splits `registry/path:tag@digest` as Docker does: no registry means Docker Hub, one segment means library/. */
export function parseReference(reference: string): ParsedReference {
  const [name, digest] = reference.split('@');
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  const registry = hasRegistry ? first : 'docker.io';
  let path = hasRegistry ? name.slice(slash + 1) : name;
  const colon = path.lastIndexOf(':');
  const tag = colon >= 0 ? path.slice(colon + 1) : undefined;
  if (colon >= 0) path = path.slice(0, colon);
  if (registry === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  if (!tag && !digest) throw new RegistryError('invalid', `${reference} names neither a tag nor a digest`);
  return { host: registry === 'docker.io' ? 'registry-1.docker.io' : registry, registry, repository: path, tag, digest };
}

/**
 * Credentials for a registry from LABSTACK_REGISTRY_<HOST>_USERNAME and _PASSWORD, where <HOST> is
 * the registry as written in references, upper-cased, other characters than letters and digits
 * as "_" (registry.gitlab.com: LABSTACK_REGISTRY_REGISTRY_GITLAB_COM_USERNAME).
 */
export function credentialsFor(registry: string, env: NodeJS.ProcessEnv = process.env): { username: string; password: string } | undefined {
  const prefix = credentialsVariable(registry);
  const username = env[`${prefix}_USERNAME`];
  const password = env[`${prefix}_PASSWORD`];
  return username && password ? { username, password } : undefined;
}

export function credentialsVariable(registry: string): string {
  return `LABSTACK_REGISTRY_${registry.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * The digest the reference's tag (or digest) names on its registry: the index of a
 * multi-platform image, or its manifest. Throws RegistryError with a message for people.
 */
export async function resolveDigest(reference: string, options: ResolveOptions = {}): Promise<string> {
  const ref = parseReference(reference);
  const url = `https://${ref.host}/v2/${ref.repository}/manifests/${ref.digest ?? ref.tag}`;
  const credentials = credentialsFor(ref.registry, options.env);
  const timeoutMs = options.timeoutMs ?? 20000;
  let response = await request(reference, url, { Accept: MANIFEST_TYPES }, timeoutMs);
  if (response.status === 401) {
    const authorization = await authorize(reference, ref, response.headers.get('www-authenticate') ?? '', credentials, timeoutMs);
    response = await request(reference, url, { Accept: MANIFEST_TYPES, Authorization: authorization }, timeoutMs);
  }
  if (response.status === 401 || response.status === 403) {
    throw new RegistryError('unauthorized', `${reference}: ${ref.registry} refused the ${credentials ? 'credentials' : 'anonymous request'} (HTTP ${response.status})${hint(ref.registry, credentials)}`);
  }
  if (response.status === 404) {
    throw new RegistryError('missing', `${reference}: ${ref.registry} has no ${ref.digest ? `manifest ${ref.digest}` : `tag ${ref.tag}`} in ${ref.repository} (HTTP 404)`);
  }
  if (!response.ok) throw new RegistryError('unreachable', `${reference}: ${ref.registry} answered HTTP ${response.status}`);
  const body = Buffer.from(await response.arrayBuffer());
  const digest = response.headers.get('docker-content-digest') ?? `sha256:${createHash('sha256').update(body).digest('hex')}`;
  if (ref.digest && digest !== ref.digest) throw new RegistryError('invalid', `${reference}: the registry returned ${digest} for ${ref.digest}`);
  return digest;
}

async function request(reference: string, url: string, headers: Record<string, string>, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    throw new RegistryError('unreachable', `${reference}: cannot reach ${new URL(url).host} (${causeOf(error)})`);
  }
}

/** The Authorization header after the registry's challenge: Bearer token flow, or Basic. */
async function authorize(
  reference: string,
  ref: ParsedReference,
  challenge: string,
  credentials: { username: string; password: string } | undefined,
  timeoutMs: number,
): Promise<string> {
  const basic = credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : undefined;
  const scheme = challenge.split(' ')[0].toLowerCase();
  if (scheme === 'basic') {
    if (!basic) throw new RegistryError('unauthorized', `${reference}: ${ref.registry} requires credentials${hint(ref.registry, credentials)}`);
    return basic;
  }
  if (scheme !== 'bearer') throw new RegistryError('unauthorized', `${reference}: ${ref.registry} asks for an unsupported authentication "${challenge}"`);
  const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  if (!params.realm) throw new RegistryError('unauthorized', `${reference}: ${ref.registry} sent a Bearer challenge without realm`);
  const tokenUrl = new URL(params.realm);
  if (params.service) tokenUrl.searchParams.set('service', params.service);
  tokenUrl.searchParams.set('scope', params.scope ?? `repository:${ref.repository}:pull`);
  const response = await request(reference, tokenUrl.toString(), basic ? { Authorization: basic } : {}, timeoutMs);
  if (!response.ok) {
    throw new RegistryError('unauthorized', `${reference}: the token service of ${ref.registry} refused the ${credentials ? 'credentials' : 'anonymous request'} (HTTP ${response.status})${hint(ref.registry, credentials)}`);
  }
  const body = (await response.json()) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (!token) throw new RegistryError('unauthorized', `${reference}: the token service of ${ref.registry} returned no token`);
  return `Bearer ${token}`;
}

function hint(registry: string, credentials: unknown): string {
  const variable = credentialsVariable(registry);
  return credentials
    ? `; check ${variable}_USERNAME and ${variable}_PASSWORD`
    : `; for a private registry set ${variable}_USERNAME and ${variable}_PASSWORD`;
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

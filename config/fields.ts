import { isIPv4, isIPv6 } from 'net';
import { z } from 'zod';
import { cronProblem } from './cron';

/**
 * The kinds of values an environment file holds, each checked as tightly as what reads it:
 * Kubernetes (names, quantities, schedules, time zones), cert-manager and Traefik (host names),
 * the shell of the secrets script and the programs in the images (identifiers, URLs, addresses).
 * Everything the charts rely on is checked here, so a file that passes renders without error.
 */

/**
 * A field whose value must satisfy `problem` (which says why not, or returns undefined). Checks
 * are pure, and some are slow (Intl, cron-parser), so each answer is remembered.
 */
function checked(problem: (value: string) => string | undefined, description?: string) {
  const answers = new Map<string, string | undefined>();
  const schema = z.string().superRefine((value, ctx) => {
    if (!answers.has(value)) answers.set(value, problem(value));
    const message = answers.get(value);
    if (message) ctx.addIssue({ code: 'custom', message });
  });
  return description ? schema.describe(description) : schema;
}

// ---- DNS names -------------------------------------------------------------------------------

const LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const IPV4 = /^[0-9]+(\.[0-9]+){3}$/;

/** Why `value` is not a lowercase DNS name of at least two labels (undefined when it is). */
export function dnsNameProblem(value: string, example = 'lab.example.org'): string | undefined {
  if (IPV4.test(value) || value.includes(':')) return `is an IP address; a DNS name is needed (certificates and routes name hosts), e.g. ${example}`;
  if (value !== value.toLowerCase()) return `must be lower case, e.g. ${example}`;
  if (value.length > 253) return `is ${value.length} characters long; a DNS name has at most 253`;
  const labels = value.split('.');
  if (labels.length < 2) return `must be a DNS name with at least one dot, e.g. ${example}`;
  if (labels.some((l) => l === '')) return `has an empty label (two dots in a row, or a dot at an end), e.g. ${example}`;
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad) return `has the label "${bad}": labels are 1-63 of a-z, 0-9 and "-", not starting or ending with "-"`;
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return `ends in the numeric label "${labels[labels.length - 1]}", which no top-level domain is, e.g. ${example}`;
  return undefined;
}

export const dnsLabel = z.string().regex(LABEL, { message: 'must be a lowercase DNS label: 1-63 of a-z, 0-9 and "-", e.g. prd' });

/** A DNS name such as lab.example.org. */
export const dnsName = checked((v) => dnsNameProblem(v));

/**
 * A host LabStack serves: a full DNS name, or one label, which is a sub-domain of `domain`
 * (`pectus` is pectus.<domain>), so copying an environment and changing its domain moves it.
 */
export const hostName = checked((v) => (LABEL.test(v) ? undefined : dnsNameProblem(v, 'pectus (for pectus.<domain>) or pectus.lab.example.org')));

/** The host a `hostName` value names. */
export function absoluteHost(value: string, domain: string): string {
  return value.includes('.') ? value : `${value}.${domain}`;
}

function portProblem(port: string): string | undefined {
  if (!/^[0-9]{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) return `has the port "${port}"; ports are 1 to 65535`;
  return undefined;
}

/** host or host:port, without a scheme (an S3 endpoint). */
export const endpoint = checked((value) => {
  if (/^[a-z]+:\/\//i.test(value)) return 'must be host or host:port without a scheme, e.g. s3.example.org:9000';
  const [host, port, ...rest] = value.split(':');
  if (rest.length > 0) return 'must be host or host:port, e.g. s3.example.org:9000';
  return dnsNameProblem(host, 's3.example.org:9000') ?? (port === undefined ? undefined : portProblem(port));
});

/**
 * Why `host` cannot name a registry: a DNS name, or an IPv4 address (a pull-through cache in the
 * lab's network is often reached by address, and image references allow it).
 */
function registryHostProblem(host: string, example: string): string | undefined {
  if (IPV4.test(host)) return host.split('.').every((octet) => Number(octet) <= 255) ? undefined : `is not an IPv4 address, e.g. ${example}`;
  return dnsNameProblem(host, example);
}

/** A registry host, optionally with a port, followed by a path: registry.example.org/lab. */
export function registryPath(example: string) {
  return checked((value) => {
    const [hostPort, ...path] = value.split('/');
    const [host, port, ...rest] = hostPort.split(':');
    if (rest.length > 0) return `must be a registry path such as ${example}`;
    const problem = registryHostProblem(host, example) ?? (port === undefined ? undefined : portProblem(port));
    if (problem) return problem;
    if (path.some((p) => !/^[a-z0-9]+([._-][a-z0-9]+)*$/.test(p))) return `has a path that is not lower-case repository names, e.g. ${example}`;
    return undefined;
  });
}

/** host or host:port where the host may be one label, a sub-domain of `domain` (see hostName). */
export const hostEndpoint = checked((value) => {
  if (/^[a-z]+:\/\//i.test(value)) return 'must be host or host:port without a scheme, e.g. s3.example.org or openem';
  const [host, port, ...rest] = value.split(':');
  if (rest.length > 0) return 'must be host or host:port, e.g. s3.example.org:9000';
  const problem = LABEL.test(host) ? undefined : dnsNameProblem(host, 's3.example.org, or one label such as openem for openem.<domain>');
  return problem ?? (port === undefined ? undefined : portProblem(port));
});

/** The endpoint a `hostEndpoint` value names. */
export function absoluteEndpoint(value: string, domain: string): string {
  const [host, port] = value.split(':');
  return `${absoluteHost(host, domain)}${port === undefined ? '' : `:${port}`}`;
}

/** A registry host, optionally with a port: docker.io, registry.example.org:5000. */
export const registryHost = checked((value) => {
  const [host, port, ...rest] = value.split(':');
  if (rest.length > 0 || host.includes('/')) return 'must be a registry host such as docker.io or ghcr.io';
  return registryHostProblem(host, 'docker.io') ?? (port === undefined ? undefined : portProblem(port));
});

/** The name of a Kubernetes object (a DNS-1123 subdomain), e.g. a StorageClass. */
export function objectName(what: string, example: string) {
  return checked((value) => {
    if (value.length <= 253 && value.split('.').every((l) => LABEL.test(l))) return undefined;
    return `must be the name of ${what}: lowercase a-z, 0-9, "-" and ".", at most 253 characters, e.g. ${example}`;
  });
}

// ---- URLs and addresses --------------------------------------------------------------------

interface UrlRules {
  /** A path after the host is allowed (else the value is https://host[:port] only). */
  readonly path?: boolean;
  readonly example: string;
}

/** Why `value` is not an https URL under `rules` (undefined when it is). */
function httpsUrlProblem(value: string, rules: UrlRules): string | undefined {
  const example = `e.g. ${rules.example}`;
  if (/^http:\/\//i.test(value)) return `must use https, ${example}: TLS is required`;
  if (!value.startsWith('https://')) return `must be an https URL, ${example}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `is not a URL, ${example}`;
  }
  if (url.username || url.password) return 'must not hold a user name or password (https://user:secret@…): it would be committed to git; credentials belong in Secrets';
  const host = dnsNameProblem(url.hostname, rules.example);
  if (host) return `has a host that ${host}`;
  if (url.search || url.hash) return `must not have a query (?…) or fragment (#…), ${example}`;
  if (url.port) {
    const port = portProblem(url.port);
    if (port) return port;
  }
  if (!rules.path && url.pathname !== '/') return `must be https://<host>[:<port>] with nothing after the host, ${example}`;
  if (value.endsWith('/')) return `must not end with "/", ${example}`;
  const written = `${url.origin}${url.pathname === '/' ? '' : url.pathname}`;
  if (value !== written) return `must be written as ${written}`;
  return undefined;
}

/** An https URL; `path` allows a path after the host. */
export function httpsUrl(rules: UrlRules) {
  return checked((value) => httpsUrlProblem(value, rules));
}

/** A Git repository Argo CD can read: https (without credentials) or SSH. */
export const gitRepositoryUrl = checked((value) => {
  const scp = /^[A-Za-z0-9._-]+@([a-z0-9.-]+):([A-Za-z0-9._~/-]+)$/.exec(value);
  if (scp) return dnsNameProblem(scp[1], 'git.example.org');
  const ssh = /^ssh:\/\/[A-Za-z0-9._-]+@([a-z0-9.-]+)(:[0-9]{1,5})?\/[A-Za-z0-9._~/-]+$/.exec(value);
  if (ssh) return dnsNameProblem(ssh[1], 'git.example.org') ?? (ssh[2] ? portProblem(ssh[2].slice(1)) : undefined);
  return httpsUrlProblem(value, { path: true, example: 'https://git.example.org/lab/labstack.git or git@git.example.org:lab/labstack.git' });
});

const EMAIL_LOCAL = /^[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*$/;

/** An e-mail address such as ops@example.org (the common form; no quoted or bracketed parts). */
export const email = checked((value) => {
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  const message = 'must be an e-mail address such as ops@example.org';
  if (at < 1 || !EMAIL_LOCAL.test(local)) return message;
  if (local.length > 64) return `${message}; the part before @ has at most 64 characters`;
  const domain = dnsNameProblem(value.slice(at + 1), 'example.org');
  return domain ? `${message}; its domain ${domain}` : undefined;
});

// ---- Identifiers ---------------------------------------------------------------------------

/**
 * A name or identifier of another system (a user, a client, a realm): letters, digits and
 * `extra` punctuation only, so it is never anything else in a YAML, INI or shell file.
 */
export function identifier(what: string, example: string, extra = '._-', max = 64) {
  const escaped = extra.replace(/[-\\\]^]/g, (c) => `\\${c}`);
  const pattern = new RegExp(`^[A-Za-z0-9][A-Za-z0-9${escaped}]{0,${max - 1}}$`);
  const allowed = extra.split('').map((c) => `"${c}"`).join(', ');
  return z.string().regex(pattern, { message: `must be ${what}: up to ${max} letters, digits and ${allowed}, starting with a letter or digit, e.g. ${example}` });
}

export const guid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    message: 'must be a GUID as the Azure portal shows it, e.g. 0a1b2c3d-0000-4000-8000-00000000abcd',
  });

/** A label key and value of a nodeSelector, as Kubernetes validates them. */
export const labelKey = checked((value) => {
  const [prefix, name, ...rest] = value.includes('/') ? value.split('/') : [undefined, value];
  if (rest.length > 0 || (prefix !== undefined && (prefix.length > 253 || !prefix.split('.').every((l) => LABEL.test(l))))) {
    return 'must be a label key: an optional DNS prefix and "/", then a name, e.g. nvidia.com/gpu.present';
  }
  if (!/^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/.test(name ?? '')) return 'must be a label key: a name of up to 63 letters, digits, ".", "_" and "-", e.g. node-pool';
  return undefined;
});

export const labelValue = z
  .string()
  .regex(/^([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?$/, { message: 'must be a label value: up to 63 letters, digits, ".", "_" and "-", e.g. gpu' });

/** An absolute path inside a container. */
export const absolutePath = z.string().regex(/^(\/[A-Za-z0-9._-]+)+$/, { message: 'must be an absolute path of letters, digits, ".", "_" and "-", e.g. /app/exports' });

/** A path of a URL, starting with /. */
export const urlPath = z.string().regex(/^\/([A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*\/?)?$/, { message: 'must be a URL path starting with /, e.g. /api' });

// ---- Quantities ----------------------------------------------------------------------------

const UNITS: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const BYTES = /^([0-9]{1,15})(\.[0-9]{1,6})?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

/** The bytes of a Kubernetes quantity such as 10Gi, or undefined when it is not one. */
export function bytesOf(quantity: string): number | undefined {
  const match = BYTES.exec(quantity);
  return match ? Number(`${match[1]}${match[2] ?? ''}`) * UNITS[match[3] ?? ''] : undefined;
}

/** Bytes as the largest binary unit that keeps them whole or one decimal: 1.5Gi. */
export function formatBytes(bytes: number): string {
  for (const unit of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
    if (bytes >= UNITS[unit]) return `${Number((bytes / UNITS[unit]).toFixed(1))}${unit}`;
  }
  return `${bytes}`;
}

/** A quantity of bytes between `min` and `max`. */
function byteQuantity(what: string, min: string, max: string, example: string) {
  return checked((value) => {
    const bytes = bytesOf(value);
    if (bytes === undefined) return `is not a Kubernetes quantity, e.g. ${example}`;
    if (bytes < bytesOf(min)!) return `is ${value}; ${what} needs at least ${min}`;
    if (bytes > bytesOf(max)!) return `is ${formatBytes(bytes)}; ${what} is at most ${max}`;
    return undefined;
  });
}

/** A volume size. */
export const storageQuantity = byteQuantity('a volume', '1Mi', '1Pi', '10Gi');
/** Memory of a container: less than 16Mi does not start a runtime, more than 4Ti fits no node. */
export const memoryQuantity = byteQuantity('a container', '16Mi', '4Ti', '512Mi');

/** Millicores of a CPU quantity such as 250m or 1.5, or undefined. */
export function millicoresOf(quantity: string): number | undefined {
  const milli = /^([0-9]{1,6})m$/.exec(quantity);
  if (milli) return Number(milli[1]);
  const cores = /^([0-9]{1,12})(\.[0-9]{1,3})?$/.exec(quantity);
  return cores ? Math.round(Number(quantity) * 1000) : undefined;
}

export const cpuQuantity = checked((value) => {
  const milli = millicoresOf(value);
  if (milli === undefined) return 'is not a CPU quantity, e.g. 250m or 1';
  if (milli < 1) return `is ${value}; at least 1m`;
  if (milli > 512_000) return `is ${milli / 1000} cores; at most 512`;
  return undefined;
});

/** A MariaDB size such as 512M or 1G (binary units, as MariaDB reads them). */
export function mariaDbBytesOf(size: string): number | undefined {
  const match = /^([1-9][0-9]{0,6})([KMG]?)$/.exec(size);
  return match ? Number(match[1]) * { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 }[match[2]]! : undefined;
}

// ---- Time ----------------------------------------------------------------------------------

/** A schedule of a CronJob, checked as Kubernetes checks it (./cron.ts). */
export const cronSchedule = checked((value) => {
  const problem = cronProblem(value);
  return problem ? `is not a schedule Kubernetes accepts: ${problem}` : undefined;
});

/** A duration such as 60s, 5m or 24h. */
export const duration = z.string().regex(/^[1-9][0-9]{0,5}(s|m|h)$/, { message: 'must be a duration such as 60s, 5m or 24h' });

const ZONES = new Set(Intl.supportedValuesOf('timeZone'));

/**
 * An IANA time zone as Kubernetes reads a CronJob's spec.timeZone: Go's time.LoadLocation, which
 * opens the zone file by its exact name, so the letter case must match (Europe/Zurich, not
 * Europe/zurich). Node's ICU resolves names in any case, so the case is checked here against its
 * canonical names, and every part of the name must start as IANA names do.
 */
export const timeZone = checked(timeZoneProblem);

function timeZoneProblem(value: string): string | undefined {
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return 'must be an IANA time zone name, e.g. Europe/Zurich';
  }
  if (ZONES.has(value) || value === canonical) return undefined;
  const sameName = [...ZONES, canonical].find((zone) => zone.toLowerCase() === value.toLowerCase());
  if (sameName) return `must be written exactly ${sameName}: Kubernetes reads zone names case-sensitively`;
  if (!value.split('/').every((part) => /^([A-Z][A-Za-z0-9_+-]*|[A-Z0-9+-]+)$/.test(part))) {
    return `must be written in the letter case of the IANA name (here: ${canonical}): Kubernetes reads zone names case-sensitively`;
  }
  if (!value.includes('/') && value !== 'UTC') return 'must be an IANA name with a region, e.g. Europe/Zurich or Etc/UTC';
  return undefined;
}

// ---- Client addresses --------------------------------------------------------------------------

/** The address as a number, for IPv4 (32 bits) or IPv6 (128 bits, "::" and a dotted IPv4 tail expanded). */
function addressBits(address: string): bigint {
  if (isIPv4(address)) return address.split('.').reduce((n, part) => (n << 8n) | BigInt(part), 0n);
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (part: string | undefined) =>
    !part ? [] : part.split(':').flatMap((g) => (g.includes('.') ? [Number(addressBits(g) >> 16n), Number(addressBits(g) & 0xffffn)].map((n) => n.toString(16)) : [g]));
  const left = groups(head);
  const right = groups(tail);
  const all = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return all.reduce((n, g) => (n << 16n) | BigInt(`0x${g}`), 0n);
}

/**
 * A client address or network as Traefik's IP allow list takes it (traefik v3.7.9
 * pkg/ip/checker.go NewChecker: net.ParseIP, else net.ParseCIDR): 192.0.2.10, 192.0.2.0/24,
 * 2001:db8::/32. The network must be written as its first address (Go would silently drop the
 * host bits of 10.1.2.3/16), and the whole internet is not a range: leave the list out instead.
 */
export const sourceRange = checked((value) => {
  const example = 'e.g. 192.0.2.0/24 (a lab network) or 192.0.2.10 (one address)';
  const [address, prefix, ...rest] = value.split('/');
  const bits = isIPv4(address) ? 32 : isIPv6(address) ? 128 : 0;
  if (bits === 0 || rest.length > 0) return `must be an IPv4 or IPv6 address or network in CIDR notation, ${example}`;
  if (prefix === undefined) return undefined;
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefix) || Number(prefix) > bits) return `must have a prefix length from 1 to ${bits} after "/", ${example}`;
  if (Number(prefix) === 0) return 'is every address: to leave a route open to the internet, leave the list out';
  const hostBits = BigInt(bits - Number(prefix));
  const first = (addressBits(address) >> hostBits) << hostBits;
  if (first !== addressBits(address)) return `is not the first address of its network: the /${prefix} network holding ${address} starts elsewhere; write that network's first address`;
  return undefined;
});

// ---- Accepted risks --------------------------------------------------------------------------

/**
 * Why the operator accepts a risk the config would otherwise refuse (a route without
 * authentication, an unverified certificate): a sentence, rendered where it applies (the route's
 * authentication annotation) so reviewers of dist/ read it.
 */
export const acceptanceReason = checked((value) => {
  if (value.length < 10) return 'must say why it is accepted, in a sentence of at least 10 characters, e.g. "test data only; the cluster is reachable from the lab network only"';
  if (value.length > 300) return `must be a sentence of at most 300 characters, got ${value.length}`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'must be one line of printable text';
  return undefined;
});

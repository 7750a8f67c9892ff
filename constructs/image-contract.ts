/**
 * What an upstream image really does, read from its upstream repository at the version LabStack
 * pins, with the source of every fact. Charts read ports, paths and users from these contracts,
 * and test/image-contracts.test.ts checks every rendered container against them: a required
 * variable missing, a variable the code never reads, a mount over the image's code, a flag its
 * parser does not have, a probe on a path that does not exist, a writable path left read-only.
 */

/** Where a fact was read: a repository at a tag or commit, a file, and optionally where in it. */
export interface Source {
  /** GitHub owner/name, e.g. Open-Pectus/Open-Pectus. */
  readonly repo: string;
  /** A tag or a full commit. */
  readonly ref: string;
  readonly path: string;
  /** Lines or a symbol, e.g. "L12-20" or "class Variables". */
  readonly at?: string;
}

/** A fact with its source; `note` says what the source shows when that is not obvious. */
export interface Sourced {
  readonly source: Source | readonly Source[];
  readonly note?: string;
}

/** How the image's tags are produced, and which of them LabStack may use. */
export interface PublishedTags extends Sourced {
  /** The tag the facts of this contract were read at. */
  readonly pinned: string;
  /**
   * Tags that move with every build (a branch name). Usable only pinned by digest
   * (`main@sha256:…`): npm run images -- lock records the digest.
   * @default - none
   */
  readonly moving?: readonly string[];
  /** The form of the versions upstream publishes, e.g. /^v\d+\.\d+\.\d+$/ for git tags. @default - only `pinned` and `moving` */
  readonly versions?: RegExp;
  /**
   * Every version tag known to be published, where upstream's list is finite and was read (git
   * tags the publishing workflow turns into image tags); a version not listed is refused even if
   * it has the form of `versions`, until the contract is read again at it.
   * @default - any tag of the form of `versions`
   */
  readonly published?: readonly string[];
}

/** The user the image's processes run as. */
export interface ImageUser extends Sourced {
  /** The image's own USER (0 when it has none). */
  readonly uid: number;
  /**
   * Runs as any non-root uid: the image writes only to the `writes` paths, which LabStack
   * mounts writable with fsGroup. Without it, pods must run as `uid`.
   * @default false
   */
  readonly anyUid?: boolean;
}

/** An environment variable the code reads. */
export interface EnvFact extends Sourced {
  readonly name: string;
  /** The code fails (or refuses to start) without it. @default false */
  readonly required?: boolean;
}

/** A program of the image: the options its argument parser accepts, what it reads and writes. */
export interface ProgramFact extends Sourced {
  /**
   * The command as a container, a script or a probe runs it, in words: `pectus-aggregator`,
   * `prefect worker start`. A container runs the program whose words begin its command and args.
   */
  readonly command: string;
  /** What the image runs when a container gives no command (its ENTRYPOINT/CMD). @default false */
  readonly main?: boolean;
  /** Every option the parser knows, short and long forms, e.g. ['-p', '--port']. @default - none */
  readonly flags?: readonly string[];
  /** Variables this program reads, in addition to the image's `env`. */
  readonly env?: readonly EnvFact[];
  /** Paths this program writes at run time, in addition to the image's `writes`. */
  readonly writes?: readonly PathFact[];
  /** Configuration files the program reads and the keys their model allows. */
  readonly configFiles?: readonly ConfigFileFact[];
}

/** A configuration file a program reads, and what its model accepts. */
export interface ConfigFileFact extends Sourced {
  /** How the program is given the file: an option (`-v`) or a fixed path. */
  readonly given: string;
  readonly format: 'dotenv' | 'toml' | 'json' | 'yaml';
  /** Every key the model accepts; any other is refused (extra="forbid" and the like). */
  readonly keys: readonly string[];
}

export interface PortFact extends Sourced {
  readonly port: number;
  /** What speaks on it. */
  readonly protocol: 'http' | 'uwsgi' | 'tcp';
}

export interface PathFact extends Sourced {
  readonly path: string;
}

/** An endpoint that tells whether the process is healthy or ready. */
export interface HealthFact extends Sourced {
  /** An HTTP path (probes match it exactly), or a command (exec probes start with it). */
  readonly path?: string;
  readonly command?: string;
  readonly port?: number;
  /** What the answer depends on, e.g. "nothing: the process answers" or "the database". */
  readonly dependsOn: string;
}

/**
 * A credential the server can require of every client (a shared secret in a variable on both
 * sides), and the paths it keeps open. LabStack always turns it on: the contract check requires
 * the server's variable from a Secret, every client of the namespace to send the same Secret key,
 * and the server's probes to use only open paths.
 */
export interface ServerAuthFact extends Sourced {
  /** The server's variable holding the credential; unset, the server answers every request. */
  readonly serverEnv: string;
  /** The variable through which a client sends the same credential. */
  readonly clientEnv: string;
  /** The variable that makes a container a client of the server (the server's URL). */
  readonly clientMarker: string;
  /** Paths the server answers without the credential; its probes may use only these. */
  readonly openPaths: readonly string[];
}

/**
 * How the image authenticates the requests it serves: what checks a caller, what switches it on,
 * and what answers without credentials. Routes to the image name the mechanism they rely on.
 */
export interface AuthenticationFact extends Sourced {
  /** Short name charts refer to, e.g. `azure`. */
  readonly id: string;
  /** What is checked, in words, e.g. "Azure AD bearer tokens (header X-Identity) on /api/…". */
  readonly mechanism: string;
  /** The settings that switch it on. @default - always on */
  readonly enabledBy?: string;
  /** What answers without credentials, even when it is on. @default - nothing */
  readonly open?: string;
  /** What anyone who reaches the port can do when it is off. @default - it cannot be off */
  readonly whenOff?: string;
}

/** Facts that could not be read upstream: assumptions the operator must confirm. */
export interface Assumption {
  readonly what: string;
  /** Where LabStack configures it, e.g. systems.srs.backend.port. */
  readonly configuredAt: string;
}

/** ENTRYPOINT, CMD and WORKDIR of the image. */
export interface ImageEntrypoint extends Sourced {
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
  readonly workdir?: string;
  /**
   * The entrypoint is a wrapper that runs its arguments as a command (`exec "$@"`), or the main
   * program with them when the first one is an option (docker-library's docker-entrypoint.sh).
   * Without it, arguments go to the entrypoint program itself (ENTRYPOINT ["k6"]).
   * @default false
   */
  readonly execsArgs?: boolean;
}

export interface ImageContractSpec {
  /** Registry and repository, without tag, e.g. ghcr.io/open-pectus/open-pectus. */
  readonly repository: string;
  /** What the image is for, in a few words. */
  readonly description: string;
  readonly tags: PublishedTags;
  /**
   * Why upstream cannot be read, when it cannot (private images). Every fact is then an
   * assumption, listed in `assumptions` and in the system's operator guide.
   * @default - upstream is public and was read
   */
  readonly unreadable?: string;
  readonly assumptions?: readonly Assumption[];
  readonly user: ImageUser;
  /** ENTRYPOINT and CMD of the image. */
  readonly entrypoint: ImageEntrypoint;
  /** Programs LabStack runs in the image (as command, in scripts or in exec probes). */
  readonly programs?: readonly ProgramFact[];
  /** Variables every program of the image reads (required: no program starts without them). */
  readonly env?: readonly EnvFact[];
  /** Variables read by any name with a prefix (e.g. PREFECT_ settings), with the source listing them. */
  readonly envPrefixes?: readonly (Sourced & { readonly prefix: string; readonly names: readonly string[] })[];
  readonly ports?: readonly PortFact[];
  /** Paths every program of the image writes at run time: writable volumes when the root file system is read-only. */
  readonly writes?: readonly PathFact[];
  /** Paths where the image keeps its code: nothing may be mounted over them. */
  readonly code?: readonly PathFact[];
  readonly health?: readonly HealthFact[];
  /** How the server authenticates its clients. @default - it has no authentication, or LabStack does not use it */
  readonly auth?: ServerAuthFact;
  /** How the image authenticates the requests it serves. @default - not read (the chart says how its routes are authenticated) */
  readonly authentication?: readonly AuthenticationFact[];
}

/** A contract, with the look-ups charts and tests need. */
export class ImageContract {
  /** Whether upstream publishes the tag (without digest): the pinned one, a listed or well-formed version, or a moving tag. */
  public publishes(tag: string): boolean {
    const tags = this.spec.tags;
    if (tag === tags.pinned || (tags.moving ?? []).includes(tag)) return true;
    return tags.published ? tags.published.includes(tag) : tags.versions?.test(tag) ?? false;
  }

  /** What upstream publishes, in words, for messages. */
  public describeTags(): string {
    const tags = this.spec.tags;
    const moving = (tags.moving ?? []).map((t) => `"${t}"`);
    const versions = tags.published
      ? tags.published.map((t) => `"${t}"`)
      : tags.versions
        ? [`versions such as "${tags.pinned}"`]
        : (tags.moving ?? []).includes(tags.pinned) ? [] : [`"${tags.pinned}"`];
    if (versions.length === 0) return `only the moving tag${moving.length > 1 ? 's' : ''} ${moving.join(', ')}`;
    return moving.length > 0 ? `${versions.join(', ')} and the moving tag${moving.length > 1 ? 's' : ''} ${moving.join(', ')}` : versions.join(', ');
  }

  constructor(public readonly spec: ImageContractSpec) {
    for (const fact of spec.env ?? []) {
      if ((spec.env ?? []).filter((other) => other.name === fact.name).length > 1) {
        throw new Error(`image contract ${spec.repository}: variable ${fact.name} is listed twice`);
      }
    }
  }

  public get repository(): string {
    return this.spec.repository;
  }

  /** The port that speaks `protocol` (the only one, or the one named by number). */
  public port(protocol: PortFact['protocol'] = 'http'): number {
    const ports = (this.spec.ports ?? []).filter((p) => p.protocol === protocol);
    if (ports.length !== 1) throw new Error(`image contract ${this.repository} has ${ports.length} ${protocol} ports, not one`);
    return ports[0].port;
  }

  /** The health endpoint at `path`, which must be in the contract. */
  public health(path: string): HealthFact {
    const found = (this.spec.health ?? []).find((h) => h.path === path || h.command === path);
    if (!found) throw new Error(`image contract ${this.repository} has no health endpoint ${path}`);
    return found;
  }

  /** The authentication mechanism `id`, which must be in the contract. */
  public authentication(id: string): AuthenticationFact {
    const found = (this.spec.authentication ?? []).find((a) => a.id === id);
    if (!found) throw new Error(`image contract ${this.repository} has no authentication ${id}`);
    return found;
  }

  /**
   * The program a container with this command and these arguments runs, and the arguments it
   * gets: the container's command, else what the entrypoint makes of the arguments.
   */
  public invocation(command: readonly string[] | undefined, args: readonly string[] = []): { program: ProgramFact | undefined; args: readonly string[]; words: readonly string[] } {
    const entrypoint = this.spec.entrypoint;
    const main = (this.spec.programs ?? []).find((p) => p.main);
    let words: readonly string[] | undefined;
    if (command) words = [...command, ...args];
    else if (args.length === 0 || (entrypoint.execsArgs && args[0].startsWith('-'))) return { program: main, args, words: main ? [...main.command.split(' '), ...args] : args };
    else if (entrypoint.execsArgs || !entrypoint.entrypoint) words = args;
    else words = [...entrypoint.entrypoint, ...args];
    const program = this.programOf(words);
    return { program, args: program ? words.slice(program.command.split(' ').length) : [], words };
  }

  /** The longest program whose words begin `words` (the main one when undefined). */
  public programOf(words: readonly string[] | undefined): ProgramFact | undefined {
    const programs = this.spec.programs ?? [];
    if (words === undefined) return programs.find((p) => p.main);
    const matching = programs.filter((p) => {
      const own = p.command.split(' ');
      return own.every((word, i) => words[i] === word);
    });
    return matching.sort((a, b) => b.command.length - a.command.length)[0];
  }

  /** The variables a program reads (the image's and its own). */
  public envOf(program: ProgramFact | undefined): EnvFact[] {
    return [...(this.spec.env ?? []), ...(program?.env ?? [])];
  }

  /** Whether a program of the image reads the variable. */
  public reads(name: string, program: ProgramFact | undefined): boolean {
    return this.envOf(program).some((e) => e.name === name) || (this.spec.envPrefixes ?? []).some((p) => p.names.includes(name));
  }
}

/** A source factory bound to one repository and ref: `const at = sourceIn('owner/repo', 'v1.0.0'); at('Dockerfile', 'L3')`. */
export function sourceIn(repo: string, ref: string): (path: string, at?: string) => Source {
  return (path, at) => ({ repo, ref, path, ...(at ? { at } : {}) });
}

/** A fact from the systems' own deployment documents in ../shared/seeds, where no upstream can be read. */
export function seedSource(document: string, at?: string): Source {
  return { repo: 'shared/seeds', ref: document, path: `${document}.txt`, ...(at ? { at } : {}) };
}

/**
 * Where LabStack itself configures or decides what an assumption is about. `at` names a function,
 * constant or field, never a line: this repository's lines move with every change.
 */
export function labstackSource(path: string, at?: string): Source {
  if (at && OWN_LINE.test(at)) throw new Error(`${path}: name what is meant instead of a line (${at}); this repository's lines move`);
  return { repo: 'labstack', ref: 'this repository', path, ...(at ? { at } : {}) };
}

/** A line reference such as L211 or L20-25. */
const OWN_LINE = /(^|[\s,(])L\d+/;

import { Construct, IConstruct } from 'constructs';
import { ImageContract } from './image-contract';

const CATALOG_ID = 'Images';
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** One image reference an environment renders. */
export interface ImageReference {
  readonly contract: ImageContract;
  /** Registry and repository, e.g. ghcr.io/open-pectus/open-pectus. */
  readonly repository: string;
  /** The tag as configured (without digest). */
  readonly tag: string;
  /** The digest it is pinned to, from the config (`tag@sha256:…`) or the lock file. */
  readonly digest?: string;
  /** What the manifests say: `repository:tag@digest`, or `repository:tag` when unpinned. */
  readonly reference: string;
}

export interface ImageCatalogProps {
  /**
   * Digests recorded by `npm run images -- lock`, by `repository:tag`.
   * @default - none: references are rendered as configured
   */
  readonly lock?: Readonly<Record<string, string>>;
  /**
   * Registries pulled through others: `docker.io` → `harbor.lab.example.org/dockerhub` renders
   * docker.io/library/postgres as harbor.lab.example.org/dockerhub/library/postgres.
   * @default - every image from its own registry
   */
  readonly mirrors?: Readonly<Record<string, string>>;
}

/**
 * The images an environment renders, each tied to its upstream contract, and the digests they
 * are pinned to. Charts ask it for every image reference (`ImageCatalog.of(this).reference(...)`),
 * so tests can find the contract of every rendered container, and `npm run images` can check
 * and lock every reference.
 */
export class ImageCatalog extends Construct {
  /** The catalog of the app `scope` belongs to. */
  public static of(scope: IConstruct): ImageCatalog {
    const catalog = scope.node.root.node.tryFindChild(CATALOG_ID);
    if (!(catalog instanceof ImageCatalog)) throw new Error('the app has no ImageCatalog: create one with new ImageCatalog(app)');
    return catalog;
  }

  private readonly lock: Readonly<Record<string, string>>;
  private readonly mirrors: Readonly<Record<string, string>>;
  private readonly used = new Map<string, ImageReference>();

  constructor(scope: Construct, props: ImageCatalogProps = {}) {
    super(scope, CATALOG_ID);
    this.lock = props.lock ?? {};
    this.mirrors = props.mirrors ?? {};
  }

  /**
   * The reference to render for `tag` of the contract's image (or of `source`, for images whose
   * registry is configured, such as locally built ones), through its registry's mirror if it has
   * one. A tag given as
   * `tag@sha256:<digest>` is pinned as it is; otherwise the lock's digest is appended when it
   * has one.
   */
  public reference(contract: ImageContract, tag: string, source: string = contract.repository): string {
    const registry = source.split('/')[0];
    const repository = this.mirrors[registry] ? `${this.mirrors[registry]}/${source.slice(registry.length + 1)}` : source;
    const [bare, given] = tag.split('@');
    const digest = given ?? this.lock[`${repository}:${bare}`];
    if (digest !== undefined && !DIGEST.test(digest)) throw new Error(`image ${repository}:${bare}: ${digest} is not a sha256 digest`);
    const reference = `${repository}:${bare}${digest ? `@${digest}` : ''}`;
    const existing = this.used.get(reference);
    if (existing && existing.contract !== contract) {
      throw new Error(`image ${reference} is used with two contracts: ${existing.contract.repository} and ${contract.repository}`);
    }
    this.used.set(reference, { contract, repository, tag: bare, digest, reference });
    return reference;
  }

  /** Every reference rendered so far, sorted. */
  public get references(): ImageReference[] {
    return [...this.used.values()].sort((a, b) => a.reference.localeCompare(b.reference));
  }

  /** The contract of a rendered image reference. */
  public contractOf(reference: string): ImageContract | undefined {
    return this.used.get(reference)?.contract;
  }
}

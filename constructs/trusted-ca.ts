import { Construct } from 'constructs';
import { Bundle } from '../imports/trust.cert-manager.io';
import { Identity } from './identity';
import { PodTemplate } from './pod-template';
import { SystemNamespace } from './system-namespace';
import { configMapVolume } from './volumes';

/** The file of the bundle in its ConfigMap and in the pods. */
const BUNDLE_KEY = 'ca-certificates.crt';
const MOUNT_DIR = '/etc/labstack/ca';

export interface TrustedCaProps {
  readonly identity: Identity;
  /** Name of the Bundle, and of the ConfigMap trust-manager writes into each namespace. */
  readonly name: string;
  /** The Secret (in cert-manager's namespace, trust-manager's trust namespace) holding the CA as ca.crt. */
  readonly caSecret: string;
}

/** How a container's TLS library learns about the bundle. */
export interface TrustOptions {
  /** Variables set to the bundle's path, e.g. AWS_CA_BUNDLE (botocore), REQUESTS_CA_BUNDLE (requests). @default - none */
  readonly env?: string[];
  /**
   * The system bundle the program reads, replaced by the environment's bundle (for programs that
   * never see the container's environment, like R processes started by shiny-server).
   * @default - the system bundle is left alone
   */
  readonly systemBundle?: string;
}

/**
 * A private CA that pods must trust to call the environment's own hosts over HTTPS (dev's
 * self-signed CA). trust-manager copies a bundle of the public roots plus this CA into a
 * ConfigMap of every namespace that asks for it (`trust()`), so a container pointed at that
 * bundle still trusts every public host as well.
 */
export class TrustedCa extends Construct {
  public readonly name: string;
  private readonly namespaceLabel: string;

  constructor(scope: Construct, id: string, props: TrustedCaProps) {
    super(scope, id);
    this.name = props.name;
    this.namespaceLabel = `trust.labstack.io/${props.name}`;
    new Bundle(this, 'Bundle', {
      metadata: { name: props.name, labels: props.identity.labels },
      spec: {
        sources: [{ useDefaultCAs: true }, { secret: { name: props.caSecret, key: 'ca.crt' } }],
        target: { configMap: { key: BUNDLE_KEY }, namespaceSelector: { matchLabels: { [this.namespaceLabel]: 'true' } } },
      },
    });
  }

  /** Makes `container` of `pod` (in `namespace`) trust the bundle. */
  public trust(namespace: SystemNamespace, pod: PodTemplate, container: string, options: TrustOptions): void {
    namespace.addLabel(this.namespaceLabel, 'true');
    const volume = configMapVolume('labstack-ca', this.name);
    const file = `${MOUNT_DIR}/${BUNDLE_KEY}`;
    pod.mount(container, volume, MOUNT_DIR, { readOnly: true });
    if (options.systemBundle) pod.mount(container, volume, options.systemBundle, { readOnly: true, subPath: BUNDLE_KEY });
    pod.addEnv(container, ...(options.env ?? []).map((name) => ({ name, value: file })));
  }
}

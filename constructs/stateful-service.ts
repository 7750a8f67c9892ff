import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { ServiceWorkload, ServiceWorkloadProps } from './service-workload';
import { PersistentVolume } from './volumes';

export interface StatefulServiceProps extends ServiceWorkloadProps {
  /** Size of the data claim `<name>-data`, a Kubernetes quantity such as 20Gi. */
  readonly storage: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
  /** Where the main container mounts the data. */
  readonly dataPath: string;
}

/**
 * A single-pod store (database, object store): a StatefulSet of one with a headless Service,
 * so it has a stable DNS name and is never run twice at once, and its data claim `<name>-data`.
 *
 * The claim is a separate PersistentVolumeClaim rather than a volumeClaimTemplate: a template
 * is immutable, so a claim could never be resized through the manifests.
 */
export class StatefulService extends ServiceWorkload {
  /** The in-cluster DNS name of the store. */
  public readonly host: string;

  constructor(scope: Construct, id: string, props: StatefulServiceProps) {
    super(scope, id, props, { headless: true });
    this.host = props.name;
    const data = new PersistentVolume(this, 'Data', {
      identity: props.identity,
      name: `${props.name}-data`,
      size: props.storage,
      storageClass: props.storageClass,
    });
    this.mount(data, props.dataPath);
    new k8s.KubeStatefulSet(this, 'StatefulSet', {
      metadata: { name: props.name, labels: props.identity.labels },
      spec: {
        replicas: 1,
        serviceName: props.name,
        revisionHistoryLimit: 5,
        selector: { matchLabels: props.identity.selector },
        template: this.pod.render(),
      },
    });
  }
}

import { Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { Quantity } from 'cdk8s-plus-27/lib/imports/k8s';
import { Identity } from './identity';
import { IPodVolume } from './volumes';

export interface NfsShareProps {
  readonly identity: Identity;
  /** Name of the PersistentVolume and its claim. */
  readonly name: string;
  readonly server: string;
  /** The export path on the server. */
  readonly path: string;
  /** NFS protocol version (nfsvers mount option), e.g. 3 or 4.1. */
  readonly version: string;
  /** @default false */
  readonly readOnly?: boolean;
}

/**
 * An existing NFS export as a statically bound PersistentVolume and its claim. Pods under
 * *restricted* may not name an NFS volume inline, but may mount a claim; the node mounts the
 * share, so the NFS server must allow the nodes.
 */
export class NfsShare extends Construct implements IPodVolume {
  public readonly volumeName: string;
  public readonly claimName: string;
  public readonly readOnly: boolean;

  constructor(scope: Construct, id: string, props: NfsShareProps) {
    super(scope, id);
    this.volumeName = props.name;
    this.claimName = props.name;
    this.readOnly = props.readOnly ?? false;
    const accessModes = [this.readOnly ? 'ReadOnlyMany' : 'ReadWriteMany'];
    // The capacity of a static NFS volume is not enforced; it only has to match the claim.
    const size = Quantity.fromString('1Ti');
    const volume = new k8s.KubePersistentVolume(this, 'Volume', {
      metadata: { name: props.name, labels: props.identity.labels },
      spec: {
        capacity: { storage: size },
        accessModes,
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: '',
        mountOptions: [`nfsvers=${props.version}`, 'hard'],
        nfs: { server: props.server, path: props.path, readOnly: this.readOnly || undefined },
        claimRef: { namespace: Chart.of(this).namespace, name: props.name },
      },
    });
    // PersistentVolumes are cluster-scoped: drop the namespace the chart gives every object.
    volume.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    new k8s.KubePersistentVolumeClaim(this, 'Claim', {
      metadata: { name: props.name, labels: props.identity.labels },
      spec: { accessModes, storageClassName: '', volumeName: props.name, resources: { requests: { storage: size } } },
    });
  }

  public podVolume(): k8s.Volume {
    return { name: this.volumeName, persistentVolumeClaim: { claimName: this.claimName, readOnly: this.readOnly || undefined } };
  }
}

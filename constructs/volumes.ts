import { readFileSync } from 'fs';
import { join } from 'path';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { Quantity } from 'cdk8s-plus-27/lib/imports/k8s';
import { Identity } from './identity';

/** Something a pod can mount. */
export interface IPodVolume {
  /** The volume's name inside the pod spec. */
  readonly volumeName: string;
  /** The pod spec entry. */
  podVolume(): k8s.Volume;
}

export type AccessMode = 'ReadWriteOnce' | 'ReadWriteMany';

export interface PersistentVolumeProps {
  readonly identity: Identity;
  /** Name of the PersistentVolumeClaim. */
  readonly name: string;
  /** A Kubernetes quantity, e.g. 5Gi. */
  readonly size: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
  /** @default ReadWriteOnce */
  readonly accessMode?: AccessMode;
}

/** A PersistentVolumeClaim and the pod volume that mounts it. */
export class PersistentVolume extends Construct implements IPodVolume {
  public readonly claimName: string;
  public readonly volumeName: string;
  public readonly accessMode: AccessMode;

  constructor(scope: Construct, id: string, props: PersistentVolumeProps) {
    super(scope, id);
    this.claimName = props.name;
    this.volumeName = props.name;
    this.accessMode = props.accessMode ?? 'ReadWriteOnce';
    new k8s.KubePersistentVolumeClaim(this, 'Resource', {
      metadata: { name: props.name, labels: props.identity.labels },
      spec: {
        accessModes: [this.accessMode],
        storageClassName: props.storageClass,
        resources: { requests: { storage: Quantity.fromString(props.size) } },
      },
    });
  }

  public podVolume(): k8s.Volume {
    return { name: this.volumeName, persistentVolumeClaim: { claimName: this.claimName } };
  }
}

/** A ConfigMap mounted as files, one per key. */
export function configMapVolume(volumeName: string, configMap: string): IPodVolume {
  return { volumeName, podVolume: () => ({ name: volumeName, configMap: { name: configMap } }) };
}

/** A node-local scratch directory that lives as long as the pod. */
export class ScratchVolume implements IPodVolume {
  /**
   * @param sizeLimit a Kubernetes quantity; the pod is evicted beyond it
   * @param medium Memory for a tmpfs (counted against the container's memory limit)
   */
  constructor(
    public readonly volumeName: string,
    private readonly sizeLimit = '256Mi',
    private readonly medium?: 'Memory',
  ) {}

  public podVolume(): k8s.Volume {
    return { name: this.volumeName, emptyDir: { sizeLimit: Quantity.fromString(this.sizeLimit), medium: this.medium } };
  }
}

export interface ScriptsVolumeProps {
  readonly identity: Identity;
  /** Name of the ConfigMap. */
  readonly name: string;
  /** Directory of the scripts in the repository. */
  readonly directory: string;
  /** File names in `directory`; each becomes a key of the ConfigMap. */
  readonly files: string[];
}

/**
 * Version-controlled shell scripts in a ConfigMap, mounted executable. The scripts stay real
 * files (testable, lintable) rather than strings in code.
 */
export class ScriptsVolume extends Construct implements IPodVolume {
  public readonly volumeName = 'scripts';
  private readonly configMapName: string;
  private readonly files: Map<string, string>;

  constructor(scope: Construct, id: string, props: ScriptsVolumeProps) {
    super(scope, id);
    this.files = new Map(props.files.map((file) => [file, readFileSync(join(props.directory, file), 'utf8')]));
    const configMap = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: props.name, labels: props.identity.labels },
      data: Object.fromEntries(this.files),
    });
    this.configMapName = configMap.name;
  }

  public podVolume(): k8s.Volume {
    return { name: this.volumeName, configMap: { name: this.configMapName, defaultMode: 0o555 } };
  }

  /** The content of one of the scripts. */
  public content(file: string): string {
    const content = this.files.get(file);
    if (content === undefined) throw new Error(`${file} is not one of the scripts`);
    return content;
  }
}

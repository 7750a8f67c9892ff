import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { Resources } from '../../config/schema';
import { Identity } from '../identity';
import { PodSecurity } from '../pod-security';
import { SecretKeyRef } from '../secrets';
import { StatefulService } from '../stateful-service';

const PORT = 27017;
/** The official image's mongodb user. */
export const MONGODB_UID = 999;

export interface MongoDbProps {
  readonly identity: Identity;
  /** Name of the StatefulSet, its Service (the host clients use) and its claim (`<name>-data`). */
  readonly name: string;
  /** A pinned image reference of docker.io/library/mongo. */
  readonly image: string;
  /** The application's database (MONGO_INITDB_DATABASE). */
  readonly database: string;
  /** The root user's name. */
  readonly user: SecretKeyRef;
  /** The root user's password. */
  readonly password: SecretKeyRef;
  /** A Kubernetes quantity, e.g. 50Gi. */
  readonly storage: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
  readonly resources: Resources;
}

/**
 * A MongoDB server: the official image as its mongodb user (uid 999) under *restricted*, the
 * root user created on first start from a Secret, data on its own claim. Probed with mongosh's
 * ping, which needs no credentials.
 */
export class MongoDb extends Construct {
  public readonly host: string;
  public readonly port = PORT;
  public readonly database: string;
  public readonly server: StatefulService;
  private readonly user: SecretKeyRef;
  private readonly password: SecretKeyRef;

  constructor(scope: Construct, id: string, props: MongoDbProps) {
    super(scope, id);
    this.database = props.database;
    this.user = props.user;
    this.password = props.password;
    this.server = new StatefulService(this, 'Server', {
      identity: props.identity,
      name: props.name,
      image: props.image,
      port: PORT,
      portName: 'mongodb',
      probes: {
        liveness: { command: ['mongosh', '--quiet', '--norc', '--eval', "db.adminCommand('ping').ok"], timeoutSeconds: 10 },
        readiness: { command: ['mongosh', '--quiet', '--norc', '--eval', "quit(db.adminCommand('ping').ok === 1 ? 0 : 1)"], timeoutSeconds: 10 },
        startupSeconds: 300,
      },
      resources: props.resources,
      security: PodSecurity.restricted({ uid: MONGODB_UID }),
      storage: props.storage,
      storageClass: props.storageClass,
      dataPath: '/data/db',
    });
    this.host = this.server.host;
    // mongod writes its socket to /tmp; /data/configdb, a volume of the image, is written only by
    // config servers. MONGO_INITDB_DATABASE would only name the database of init scripts: the
    // application's database is created by its first write.
    this.server.addEnv(this.userEnv('MONGO_INITDB_ROOT_USERNAME'), this.passwordEnv('MONGO_INITDB_ROOT_PASSWORD'));
  }

  public userEnv(name: string): k8s.EnvVar {
    return this.user.env(name);
  }

  public passwordEnv(name: string): k8s.EnvVar {
    return this.password.env(name);
  }

  /** Lets these components connect to the server. */
  public allowFrom(...clients: Identity[]): void {
    this.server.allowFrom(...clients);
  }
}

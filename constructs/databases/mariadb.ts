import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { Resources } from '../../config/schema';
import { Identity } from '../identity';
import { PodSecurity } from '../pod-security';
import { SecretKeyRef } from '../secrets';
import { StatefulService } from '../stateful-service';
import { ScratchVolume } from '../volumes';

const PORT = 3306;
/** The official image's mysql user; the data directory belongs to it. */
const MYSQL_UID = 999;

export interface MariaDbProps {
  readonly identity: Identity;
  /** Name of the StatefulSet, its Service (the host clients use) and its claim (`<name>-data`). */
  readonly name: string;
  /** A pinned image reference of docker.io/library/mariadb. */
  readonly image: string;
  /** The database created on first start. */
  readonly database: string;
  /** The user created on first start, with all privileges on `database`. */
  readonly user: string;
  /** The user's password. */
  readonly password: SecretKeyRef;
  /** `--innodb-buffer-pool-size`, in MariaDB's notation, e.g. 1G. */
  readonly bufferPoolSize: string;
  /** A Kubernetes quantity, e.g. 20Gi. */
  readonly storage: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
  readonly resources: Resources;
}

/**
 * A MariaDB server with one database and one user: the official image, a random root password
 * nobody keeps (administration goes through the user, root only through the socket in the pod),
 * the data on its own claim, system tables upgraded when a new image needs it.
 *
 * It runs under *restricted* as the image's mysql user: the entrypoint only needs root to
 * chown the data directory, which fsGroup does instead; the socket and pid file go to a scratch
 * volume at /run/mysqld because the root file system is read-only.
 */
export class MariaDb extends Construct {
  /** The in-cluster host name of the server. */
  public readonly host: string;
  public readonly port = PORT;
  public readonly database: string;
  public readonly user: string;
  public readonly server: StatefulService;
  private readonly password: SecretKeyRef;

  constructor(scope: Construct, id: string, props: MariaDbProps) {
    super(scope, id);
    this.database = props.database;
    this.user = props.user;
    this.password = props.password;
    this.server = new StatefulService(this, 'Server', {
      identity: props.identity,
      name: props.name,
      image: props.image,
      port: PORT,
      portName: 'mysql',
      args: [`--innodb-buffer-pool-size=${props.bufferPoolSize}`, '--skip-name-resolve'],
      // healthcheck.sh ships with the image and logs in with the healthcheck user the entrypoint
      // creates on first start (credentials in the data directory).
      probes: {
        liveness: { command: ['healthcheck.sh', '--connect'] },
        readiness: { command: ['healthcheck.sh', '--connect', '--innodb_initialized'] },
        startupSeconds: 600,
      },
      resources: props.resources,
      security: PodSecurity.restricted({ uid: MYSQL_UID }),
      storage: props.storage,
      storageClass: props.storageClass,
      dataPath: '/var/lib/mysql',
    });
    this.host = this.server.host;
    this.server.mount(new ScratchVolume('run-mysqld', '16Mi'), '/run/mysqld');
    this.server.addEnv(
      { name: 'MARIADB_DATABASE', value: props.database },
      { name: 'MARIADB_USER', value: props.user },
      this.passwordEnv('MARIADB_PASSWORD'),
      { name: 'MARIADB_RANDOM_ROOT_PASSWORD', value: 'yes' },
      // The entrypoint prints the random root password to the log: root must not be reachable
      // over the network with it (the default root host is %).
      { name: 'MARIADB_ROOT_HOST', value: 'localhost' },
      // Otherwise a new major/minor version (or data without the healthcheck credentials) is
      // left un-upgraded and the readiness check never passes; the entrypoint backs up the system
      // tables to the data directory first.
      { name: 'MARIADB_AUTO_UPGRADE', value: '1' },
    );
  }

  /** The user's password as an environment variable of a client. */
  public passwordEnv(name: string): k8s.EnvVar {
    return this.password.env(name);
  }

  /** Lets these components connect to the server. */
  public allowFrom(...clients: Identity[]): void {
    this.server.allowFrom(...clients);
  }
}

import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { Resources } from '../../config/schema';
import { Identity } from '../identity';
import { PodSecurity } from '../pod-security';
import { SecretKeyRef } from '../secrets';
import { StatefulService } from '../stateful-service';
import { ScratchVolume } from '../volumes';

const PORT = 5432;
/** The postgres user of the official alpine images (Debian-based images use 999). */
export const POSTGRES_ALPINE_UID = 70;

export interface PostgresProps {
  readonly identity: Identity;
  /** Name of the StatefulSet, its Service (the host clients use) and its claim (`<name>-data`). */
  readonly name: string;
  /** A pinned `-alpine` image reference of docker.io/library/postgres. */
  readonly image: string;
  /** The database created on first start. */
  readonly database: string;
  /** The owner of the database, created on first start. */
  readonly user: SecretKeyRef;
  readonly password: SecretKeyRef;
  /** A Kubernetes quantity, e.g. 10Gi. */
  readonly storage: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
  readonly resources: Resources;
}

/**
 * A PostgreSQL server with one database: the official alpine image as its postgres user
 * (uid 70) under *restricted*, the cluster in a sub-directory of the claim (a volume's root
 * may hold lost+found, which initdb refuses), the socket on a scratch volume.
 */
export class Postgres extends Construct {
  public readonly host: string;
  public readonly port = PORT;
  public readonly database: string;
  public readonly server: StatefulService;
  private readonly user: SecretKeyRef;
  private readonly password: SecretKeyRef;

  constructor(scope: Construct, id: string, props: PostgresProps) {
    super(scope, id);
    this.database = props.database;
    this.user = props.user;
    this.password = props.password;
    this.server = new StatefulService(this, 'Server', {
      identity: props.identity,
      name: props.name,
      image: props.image,
      port: PORT,
      portName: 'postgres',
      // Liveness: the server answers (pg_isready succeeds on any answer, even a refused login);
      // readiness: the user logs in to the database over TCP and runs a query.
      probes: {
        liveness: { command: ['pg_isready', '--host=127.0.0.1'] },
        readiness: {
          command: ['sh', '-c', 'PGPASSWORD="$POSTGRES_PASSWORD" psql --host=127.0.0.1 --username="$POSTGRES_USER" --dbname="$POSTGRES_DB" --no-psqlrc --tuples-only --command="SELECT 1" >/dev/null'],
        },
        startupSeconds: 300,
      },
      resources: props.resources,
      security: PodSecurity.restricted({ uid: POSTGRES_ALPINE_UID }),
      storage: props.storage,
      storageClass: props.storageClass,
      dataPath: '/var/lib/postgresql/data',
    });
    this.host = this.server.host;
    this.server.mount(new ScratchVolume('run-postgresql', '16Mi'), '/var/run/postgresql');
    this.server.addEnv(
      { name: 'POSTGRES_DB', value: props.database },
      this.userEnv('POSTGRES_USER'),
      this.passwordEnv('POSTGRES_PASSWORD'),
      { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
    );
  }

  /** The user name as an environment variable of a client. */
  public userEnv(name: string): k8s.EnvVar {
    return this.user.env(name);
  }

  /** The password as an environment variable of a client. */
  public passwordEnv(name: string): k8s.EnvVar {
    return this.password.env(name);
  }

  /** Lets these components connect to the server. */
  public allowFrom(...clients: Identity[]): void {
    this.server.allowFrom(...clients);
  }
}

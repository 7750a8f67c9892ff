import { join } from 'path';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { Resources } from '../../config/schema';
import { Identity } from '../identity';
import { OneShotJob } from '../one-shot-job';
import { PodSecurity } from '../pod-security';
import { DeclaredSecret, SecretKeyRef } from '../secrets';
import { StatefulService } from '../stateful-service';
import { ScriptsVolume } from '../volumes';

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
  /**
   * The applications' users, each with only the roles it needs, created and kept in line by a
   * Job as the root user; their passwords are generated into the Secret `<name>-users`.
   * @default - none: clients use the root user
   */
  readonly users?: readonly MongoUser[];
}

/**
 * A built-in role on a database (MongoDB manual, "Built-In Roles",
 * https://www.mongodb.com/docs/v7.0/reference/built-in-roles/): read and readWrite on the
 * application's database; backup, restore and clusterMonitor on admin.
 */
export interface MongoRole {
  readonly role: 'read' | 'readWrite' | 'backup' | 'restore' | 'clusterMonitor';
  readonly db: string;
}

/** An application user of the server. */
export interface MongoUser {
  /** The user name (in the admin database). */
  readonly name: string;
  readonly roles: readonly MongoRole[];
  /** What it is for, for the Secret's description. */
  readonly purpose: string;
}

/** How a client logs in: a user name and its password, as container variables. */
export interface MongoCredentials {
  userEnv(name: string): k8s.EnvVar;
  passwordEnv(name: string): k8s.EnvVar;
}

const USERS_SCRIPT_DIR = join(__dirname, '..', '..', 'scripts', 'mongodb');
/** Where the users Job reads each user's password, a file named after the user. */
const PASSWORDS_DIR = '/run/secrets/mongodb-users';

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
  private readonly users = new Map<string, SecretKeyRef>();
  /** The Secret of the application users' passwords, one key per user (`<name>-users`). */
  public readonly usersSecret?: DeclaredSecret;

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
    this.usersSecret = props.users && props.users.length > 0 ? this.createUsers(props, props.users) : undefined;
  }

  /** The credentials of an application user declared in `users`. */
  public credentials(user: string): MongoCredentials {
    const password = this.users.get(user);
    if (!password) throw new Error(`MongoDB ${this.host} has no user ${user}; it has ${[...this.users.keys()].join(', ') || 'only its root user'}`);
    return { userEnv: (name) => ({ name, value: user }), passwordEnv: (name) => password.env(name) };
  }

  /**
   * A Job (in the server's image, which has mongosh) that creates each user, or updates its roles
   * and password, as the root user: on every change of the list, and again after a rotated password
   * is put in the Secret and the Job re-created (docs/srs.md).
   */
  private createUsers(props: MongoDbProps, users: readonly MongoUser[]): DeclaredSecret {
    const secret = new DeclaredSecret(this, 'Users', {
      name: `${props.name}-users`,
      purpose: `MongoDB ${props.name}: the applications' users (${users.map((u) => u.name).join(', ')})`,
      keys: users.map((u) => ({ key: u.name, purpose: `password of ${u.name} (${u.roles.map((r) => `${r.role}@${r.db}`).join(', ')}): ${u.purpose}`, generateLength: 32 })),
    });
    users.forEach((u) => this.users.set(u.name, secret.ref(u.name)));
    const identity = props.identity.component(`${props.name}-users`);
    const scripts = new ScriptsVolume(this, 'UsersScripts', { identity, name: `${props.name}-users-scripts`, directory: USERS_SCRIPT_DIR, files: ['lib.sh', 'users.sh'] });
    const job = new OneShotJob(this, 'UsersJob', {
      identity,
      name: `${props.name}-users`,
      image: props.image,
      command: ['/bin/sh', '/scripts/users.sh'],
      security: PodSecurity.restricted({ uid: MONGODB_UID }),
    });
    job.addInputs(scripts.content('lib.sh'), scripts.content('users.sh'));
    job.pod.mount(job.containerName, scripts, '/scripts', { readOnly: true });
    job.pod.mount(job.containerName, secret.volume('passwords'), PASSWORDS_DIR, { readOnly: true });
    job.pod.addEnv(
      job.containerName,
      { name: 'MONGODB_HOST', value: this.host },
      { name: 'MONGODB_PORT', value: String(PORT) },
      this.userEnv('MONGODB_USER'),
      this.passwordEnv('MONGODB_PASSWORD'),
      { name: 'MONGODB_USERS', value: JSON.stringify(users.map((u) => ({ name: u.name, roles: u.roles }))) },
      { name: 'MONGODB_PASSWORDS_DIR', value: PASSWORDS_DIR },
    );
    this.server.allowFrom(identity);
    return secret;
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

  /** Lets a component of another namespace connect, as `<host>.<namespace of the server>.svc`. */
  public allowFromNamespace(namespace: string, client: Identity): void {
    this.server.allowFromNamespace(namespace, client);
  }
}

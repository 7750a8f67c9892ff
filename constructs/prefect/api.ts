import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { DeclaredSecret, SecretKeyRef } from '../secrets';
import { PREFECT_SERVER } from './prefect.images';

const AUTH = PREFECT_SERVER.spec.auth!;
/** The key upstream's Helm charts read the string from. */
const AUTH_KEY = 'auth-string';

export interface PrefectApiProps {
  /** In-cluster URL of the API, e.g. http://prefect-server:4200/api. */
  readonly url: string;
  /** Name of the Secret holding the auth string. */
  readonly secretName: string;
}

/**
 * The API of a Prefect server as its clients reach it: the URL and the basic-auth string the
 * server requires of every request but GET <api>/health and <api>/ready (PREFECT_SERVER's
 * `auth`). The string is generated into a Secret of its own; the server, every client and the
 * flow runs read it from there, never from a copy.
 *
 * The generated string is letters and digits, no `user:` part: the server compares the whole
 * string, and without a colon an authentik forward-auth outpost in front of the API never takes
 * the browser's Prefect header for authentik credentials (it sends those to authentik's token
 * endpoint when a session has expired; see docs/openem.md).
 */
export class PrefectApi extends Construct {
  public readonly url: string;
  /** The auth string: PREFECT_SERVER_API_AUTH_STRING on the server, PREFECT_API_AUTH_STRING on clients. */
  public readonly authString: SecretKeyRef;

  constructor(scope: Construct, id: string, props: PrefectApiProps) {
    super(scope, id);
    this.url = props.url;
    const secret = new DeclaredSecret(this, 'AuthSecret', {
      name: props.secretName,
      purpose: 'Basic-auth string of the Prefect API (the server, its workers, flow runs, jobs and clients; typed into the Prefect UI\'s login page)',
      keys: [{ key: AUTH_KEY, purpose: `${AUTH.serverEnv} / ${AUTH.clientEnv}: printable ASCII; the whole value is compared`, generateLength: 32 }],
    });
    this.authString = secret.ref(AUTH_KEY);
  }

  /** The server's setting that turns authentication on. */
  public serverEnv(): k8s.EnvVar {
    return this.authString.env(AUTH.serverEnv);
  }

  /** What a container using the Prefect client needs: the URL and the auth string. */
  public clientEnv(): k8s.EnvVar[] {
    return [{ name: AUTH.clientMarker, value: this.url }, this.authString.env(AUTH.clientEnv)];
  }
}

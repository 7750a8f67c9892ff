import { IConstruct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind as StoreKind,
  ExternalSecretSpecTargetCreationPolicy as CreationPolicy,
  ExternalSecretSpecTargetTemplateEngineVersion as EngineVersion,
} from '../imports/external-secrets.io';
import { Identity } from './identity';
import { DeclaredSecret } from './secrets';

export interface ExternalSecretsSettings {
  /** The (Cluster)SecretStore holding the values. */
  readonly storeKind: 'ClusterSecretStore' | 'SecretStore';
  readonly storeName: string;
  /** Remote keys are `<keyPrefix><namespace>/<secret>`; each key of the Secret is a property. */
  readonly keyPrefix: string;
  /** How often values are read again from the store. */
  readonly refreshInterval: string;
}

/**
 * The External Secrets Operator as the secrets provider: every declared Secret becomes an
 * ExternalSecret that builds it from one remote secret, `<keyPrefix><namespace>/<name>`, whose
 * properties are the keys (optional keys may be absent). Values copied from another Secret are
 * read from that Secret's remote key, so nothing else of it is copied; image pull Secrets are
 * templated into `.dockerconfigjson`. Random values are not generated: the store holds them all.
 */
export function renderExternalSecrets(scope: IConstruct, settings: ExternalSecretsSettings): ExternalSecret[] {
  const remoteKey = (s: DeclaredSecret) => remoteKeyOf(s, settings.keyPrefix);
  return DeclaredSecret.all(scope).map((secret) => {
    const own = secret.keys.filter((k) => !k.copyOf);
    const copies = secret.keys.filter((k) => k.copyOf);
    return new ExternalSecret(secret, 'ExternalSecret', {
      metadata: { name: secret.name, labels: Identity.of('labstack-secrets', secret.namespace).component(secret.name).labels },
      spec: {
        refreshInterval: settings.refreshInterval,
        secretStoreRef: { kind: settings.storeKind === 'ClusterSecretStore' ? StoreKind.CLUSTER_SECRET_STORE : StoreKind.SECRET_STORE, name: settings.storeName },
        target: {
          name: secret.name,
          creationPolicy: CreationPolicy.OWNER,
          template: secret.dockerRegistry
            ? {
              engineVersion: EngineVersion.V2,
              type: 'kubernetes.io/dockerconfigjson',
              data: {
                '.dockerconfigjson': `{"auths":{"${secret.dockerRegistry}":{"username":"{{ .username }}","password":"{{ .password }}","auth":"{{ printf "%s:%s" .username .password | b64enc }}"}}}`,
              },
            }
            : undefined,
        },
        dataFrom: own.length > 0 ? [{ extract: { key: remoteKey(secret) } }] : undefined,
        data: copies.length > 0 ? copies.map((k) => ({ secretKey: k.key, remoteRef: { key: remoteKey(k.copyOf!.secret), property: k.copyOf!.key } })) : undefined,
      },
    });
  });
}

/** The remote key of a declared Secret in the store. */
export function remoteKeyOf(secret: DeclaredSecret, keyPrefix: string): string {
  return `${keyPrefix}${secret.namespace}/${secret.name}`;
}

/**
 * Image contract of oauth2-proxy (the authenticating reverse proxy in front of a server that
 * cannot restrict who signs in by itself), read upstream at the pinned release.
 *
 * Upstream read at:
 *   oauth2-proxy/oauth2-proxy        v7.15.3 (66b3a17db09f0b51a4bc3159d4c7fe3fbeca1288, 2026-06-09)
 *   GoogleContainerTools/distroless  cd080764af3103b2f49fb5eb23297c72c945e77a (2026-08-21), the runtime image
 *                                    gcr.io/distroless/static:nonroot of the release build
 */
import { ImageContract, ImageContractSpec, sourceIn } from './image-contract';

const proxy = sourceIn('oauth2-proxy/oauth2-proxy', 'v7.15.3');
const distroless = sourceIn('GoogleContainerTools/distroless', 'cd080764af3103b2f49fb5eb23297c72c945e77a');

const legacy = (at: string) => proxy('pkg/apis/options/legacy_options.go', at);
const options = (at: string) => proxy('pkg/apis/options/options.go', at);
const cookie = (at: string) => proxy('pkg/apis/options/cookie.go', at);

const oauth2Proxy: ImageContractSpec = {
  repository: 'quay.io/oauth2-proxy/oauth2-proxy',
  description: 'oauth2-proxy: signs users in with an OAuth2/OIDC provider (GitLab) and proxies only authorised ones to its upstream',
  tags: {
    pinned: 'v7.15.3',
    moving: ['latest'],
    versions: /^v\d+\.\d+\.\d+$/,
    source: [
      proxy('.github/workflows/publish-release.yml', 'L29-42 "Tag release" (tag = the branch release/<version>), L131 make build-docker-all, L135 make push-docker-all'),
      proxy('Makefile', 'L31-34 VERSION = git describe --tags, REGISTRY quay.io/oauth2-proxy, REPOSITORY oauth2-proxy; L104-116 push-distroless, push-docker-all'),
    ],
    note:
      'A merged release/<version> pull request tags the commit <version> (v7.15.3) and pushes quay.io/oauth2-proxy/oauth2-proxy:<version> and :latest ' +
      '(distroless), <version>-alpine and latest-alpine, and per-architecture <version>-<arch>. Git tag v7.15.3 exists (commit 66b3a17…). ' +
      'The facts below are those of the distroless tags (the -alpine ones have another runtime image).',
  },
  user: {
    uid: 65532,
    anyUid: true,
    source: [
      proxy('Makefile', 'L61 DOCKER_BUILD_RUNTIME_IMAGE ?= gcr.io/distroless/static:nonroot'),
      proxy('Dockerfile', 'L56-74: FROM ${RUNTIME_IMAGE}, no USER of its own'),
      distroless('static/static.bzl', 'L11 USER_VARIANTS ("nonroot", NONROOT, "/home/nonroot"), L38-64 user = uid, workdir'),
      distroless('common/variables.bzl', 'L18 NONROOT = 65532'),
    ],
    note:
      'The runtime image is distroless static:nonroot: USER 65532, WORKDIR /home/nonroot, no shell. With the cookie session store the proxy ' +
      'writes nothing, so any uid works; LabStack runs it as 65532.',
  },
  entrypoint: {
    entrypoint: ['/bin/oauth2-proxy'],
    source: proxy('Dockerfile', 'L63, L74'),
    note: 'No CMD: a container gives its options as args.',
  },
  programs: [
    {
      command: '/bin/oauth2-proxy',
      main: true,
      flags: [
        // main.go: the flags parsed before the configuration
        '--config', '--alpha-config', '--convert-config-to-alpha', '--version', '--config-test',
        // options.go NewFlagSet, cookieFlagSet, loggingFlagSet, templatesFlagSet and the legacy flag sets
        '--acr-values', '--allow-query-semicolons', '--allowed-group', '--allowed-role', '--api-route', '--approval-prompt', '--auth-logging',
        '--auth-logging-format', '--auth-request-response-mode', '--authenticated-emails-file', '--azure-graph-group-field', '--azure-tenant',
        '--backend-logout-url', '--banner', '--basic-auth-password', '--bearer-token-login-fallback', '--bitbucket-repository', '--bitbucket-team',
        '--client-id', '--client-secret', '--client-secret-file', '--code-challenge-method', '--cookie-csrf-expire', '--cookie-csrf-per-request',
        '--cookie-csrf-per-request-limit', '--cookie-csrf-samesite', '--cookie-domain', '--cookie-expire', '--cookie-httponly', '--cookie-name',
        '--cookie-path', '--cookie-refresh', '--cookie-samesite', '--cookie-secret', '--cookie-secret-file', '--cookie-secure',
        '--custom-sign-in-logo', '--custom-templates-dir', '--disable-keep-alives', '--display-htpasswd-form', '--email-domain', '--encode-state',
        '--entra-id-allowed-tenant', '--entra-id-federated-token-auth', '--errors-to-info-log', '--exclude-logging-path', '--extra-jwt-issuers',
        '--flush-interval', '--footer', '--force-code-challenge-method', '--force-https', '--force-json-errors', '--gcp-healthchecks', '--github-org',
        '--github-repo', '--github-team', '--github-token', '--github-user', '--gitlab-group', '--gitlab-project', '--google-admin-api-user-scope',
        '--google-admin-email', '--google-group', '--google-service-account-json', '--google-target-principal',
        '--google-use-application-default-credentials', '--google-use-organization-id', '--htpasswd-file', '--htpasswd-user-group',
        '--http-address', '--https-address', '--insecure-oidc-allow-unverified-email', '--insecure-oidc-skip-issuer-verification',
        '--insecure-oidc-skip-nonce', '--jwt-key', '--jwt-key-file', '--keycloak-group', '--logging-compress', '--logging-filename',
        '--logging-local-time', '--logging-max-age', '--logging-max-backups', '--logging-max-size', '--login-url', '--metrics-address',
        '--metrics-secure-address', '--metrics-tls-cert-file', '--metrics-tls-key-file', '--oidc-audience-claim', '--oidc-email-claim',
        '--oidc-enabled-signing-alg', '--oidc-extra-audience', '--oidc-groups-claim', '--oidc-issuer-url', '--oidc-jwks-url', '--oidc-public-key-file',
        '--pass-access-token', '--pass-authorization-header', '--pass-basic-auth', '--pass-host-header', '--pass-user-headers', '--ping-path',
        '--ping-user-agent', '--prefer-email-to-user', '--profile-url', '--prompt', '--provider', '--provider-ca-file', '--provider-display-name',
        '--proxy-prefix', '--proxy-websockets', '--pubjwk-url', '--ready-path', '--real-client-ip-header', '--redeem-url', '--redirect-url',
        '--redis-ca-path', '--redis-cluster-connection-urls', '--redis-connection-idle-timeout', '--redis-connection-url',
        '--redis-insecure-skip-tls-verify', '--redis-password', '--redis-sentinel-connection-urls', '--redis-sentinel-master-name',
        '--redis-sentinel-password', '--redis-use-cluster', '--redis-use-sentinel', '--redis-username', '--relative-redirect-url',
        '--request-id-header', '--request-logging', '--request-logging-format', '--resource', '--reverse-proxy', '--scope',
        '--session-cookie-minimal', '--session-store-type', '--set-authorization-header', '--set-basic-auth', '--set-xauthrequest',
        '--show-debug-on-error', '--signature-key', '--silence-ping-logging', '--skip-auth-preflight', '--skip-auth-regex', '--skip-auth-route',
        '--skip-auth-strip-headers', '--skip-claims-from-profile-url', '--skip-jwt-bearer-tokens', '--skip-oidc-discovery', '--skip-provider-button',
        '--ssl-insecure-skip-verify', '--ssl-upstream-insecure-skip-verify', '--standard-logging', '--standard-logging-format', '--tls-cert-file',
        '--tls-cipher-suite', '--tls-key-file', '--tls-min-version', '--trusted-ip', '--trusted-proxy-ip', '--upstream', '--upstream-timeout',
        '--use-system-trust-store', '--user-id-claim', '--validate-url', '--whitelist-domain',
      ],
      source: [
        proxy('main.go', 'L25-29'),
        options('L118-171 NewFlagSet'),
        cookie('L30-47 cookieFlagSet'),
        proxy('pkg/apis/options/logging.go', 'loggingFlagSet'),
        proxy('pkg/apis/options/app.go', 'templatesFlagSet'),
        legacy('L115-127 legacyUpstreamsFlagSet, L212-229 legacyHeadersFlagSet, L487-502 legacyServerFlagset, L575-636 legacyProviderFlagSet, L638-650 legacyGoogleFlagSet'),
      ],
      note:
        'spf13/pflag (--name=value; list flags repeat or take commas). Every flag name registered by the flag sets at v7.15.3. What LabStack relies on: ' +
        '--http-address defaults to 127.0.0.1:4180 (legacy L494), so it is set to 0.0.0.0:4180; --provider=gitlab with --oidc-issuer-url (the GitLab ' +
        'provider is OIDC-based and discovers its endpoints from the issuer, providers/providers.go providerRequiresOIDCProviderVerifier, ' +
        'newProviderDataFromConfig); --gitlab-group (legacy L590) restricts sign-in to members of those groups: the GitLab provider copies them into ' +
        'AllowedGroups (providers/gitlab.go L49) and reads the user\'s groups from <issuer>/oauth/userinfo (L159-178); Authorize passes only a session ' +
        'holding one of them (providers/provider_default.go L125-137); --email-domain (options L141): the e-mail validator passes nobody when no ' +
        'domain is given, "*" passes everyone (validator.go L76-110); a sign-in needs both the validator and Authorize (oauthproxy.go L960-964), and ' +
        'both are checked again on every request (L1154-1172). --upstream-timeout defaults to 30s (upstreams.go L15).',
      env: [
        {
          name: 'OAUTH2_PROXY_CLIENT_SECRET',
          source: [proxy('pkg/apis/options/load.go', 'L18-32 SetEnvPrefix("OAUTH2_PROXY"), AutomaticEnv'), legacy('L506 cfg:"client_secret"'), proxy('pkg/validation/providers.go', 'L113-117')],
          note: 'The client secret from the environment, not the command line. Validation refuses to start without a client secret (flag, file or this).',
        },
        {
          name: 'OAUTH2_PROXY_COOKIE_SECRET',
          source: [proxy('pkg/apis/options/load.go', 'L18-32'), cookie('L15 cfg:"cookie_secret"'), proxy('pkg/validation/cookie.go', 'L53-88'), proxy('pkg/encryption/utils.go', 'L24-39 SecretBytes')],
          note:
            'Required (validation). Must be 16, 24 or 32 bytes: the value is used base64url-decoded when that gives 16, 24 or 32 bytes, else as it is. ' +
            'A generated 32-character alphanumeric value decodes to 24 bytes (AES-192).',
        },
      ],
    },
  ],
  envPrefixes: [
    {
      prefix: 'OAUTH2_PROXY_',
      names: ['OAUTH2_PROXY_CLIENT_SECRET', 'OAUTH2_PROXY_COOKIE_SECRET', 'OAUTH2_PROXY_CLIENT_ID', 'OAUTH2_PROXY_REDIRECT_URL', 'OAUTH2_PROXY_UPSTREAMS', 'OAUTH2_PROXY_HTTP_ADDRESS'],
      source: [proxy('pkg/apis/options/load.go', 'L18-32'), legacy('L105-113 LegacyUpstreams, L197-210 LegacyHeaders, L474-485 LegacyServer, L504-573 LegacyProvider: cfg tags'), options('L20-70 cfg tags')],
      note: 'Every option as OAUTH2_PROXY_<cfg name upper-cased> (viper AutomaticEnv); listed: the secrets LabStack passes this way and a few others.',
    },
  ],
  ports: [
    {
      port: 4180,
      protocol: 'http',
      source: legacy('L494 http-address default "127.0.0.1:4180"'),
      note: 'Only on 0.0.0.0 when --http-address says so. The proxy serves its own endpoints under --proxy-prefix (/oauth2) and everything else from the upstream.',
    },
  ],
  writes: [],
  code: [
    { path: '/bin/oauth2-proxy', source: proxy('Dockerfile', 'L63') },
    { path: '/etc/ssl/private/jwt_signing_key.pem', source: proxy('Dockerfile', 'L64'), note: 'An empty file (touched at build) for --jwt-key-file setups.' },
  ],
  health: [
    {
      path: '/ping',
      port: 4180,
      dependsOn: 'nothing: 200 "OK" from the proxy itself, before authentication and before the upstream (never proxied)',
      source: [options('L147 ping-path default /ping'), proxy('oauthproxy.go', 'L361-393 buildPreAuthChain'), proxy('pkg/middleware/healthcheck.go', 'L16-42 healthCheck')],
    },
    {
      path: '/ready',
      port: 4180,
      dependsOn: 'the session store\'s connection: always 200 with the cookie store (VerifyConnection returns nil), so no more than /ping here',
      source: [options('L149 ready-path default /ready'), proxy('pkg/middleware/readynesscheck.go', 'L25-40 readynessCheck'), proxy('pkg/sessions/cookie/session_store.go', 'L98-102')],
    },
  ],
};

export const OAUTH2_PROXY = new ImageContract(oauth2Proxy);

/**
 * Image contract of the authentik proxy outpost.
 *
 * goauthentik/authentik could not be read at version/2025.2.4 (too large to fetch; the file index
 * holds other commits only): its facts cite the stored commits that were read, and its
 * assumptions list what the operator confirms.
 */
import { ImageContract, ImageContractSpec, sourceIn } from './image-contract';

const akNix = sourceIn('nix-community/authentik-nix', 'version/2025.2.4');
// Stored commits of goauthentik/authentik that could be read (NOT version/2025.2.4):
const akDockerfile = sourceIn('goauthentik/authentik', '0139a0824e4984923ac38b54b3f2864b947130a7');
const akMain = sourceIn('goauthentik/authentik', '1aa04c02eefbf4c0c66631aaa6e15e29449f2afd');
const akStruct = sourceIn('goauthentik/authentik', '033617c5d2eab06c43609fdb0113a8d350ecf37a');
const akProxy = sourceIn('goauthentik/authentik', '0439cc22b5874a58caac2351e0aba6e68fff2412');
const akSession = sourceIn('goauthentik/authentik', '012cfb457e0f4c16ad424c7f044df0ddc24bbf7b');
const akHealth = sourceIn('goauthentik/authentik', '2a2bc4afe72bf54327b952880da4bb36c550dae3');
const akRelease = sourceIn('goauthentik/authentik', '01c7976dacf856de842fef7d1a5006b7bcf4d05d');
const akForward = sourceIn('goauthentik/authentik', '8447e9b9c273b3dad4e817002ad1612ee5ec05b7');
/**
 * "release: 2025.2.4 (#13830)" on main (2025-04-08; internal/constants/constants.go VERSION = "2025.2.4"), read in the
 * snapshot of the fork dominic-r/authentik, which has upstream's history. The tag version/2025.2.4 is 74eab55c on the
 * release branch, which no snapshot here holds; the TLS-verification code cited with this source is the same at the
 * 2025.2.1 release commit 989d39b15483fbf20256b59763247d6e2f4c4ee0 (between the two, api.go and api_ws.go change only
 * a FIPS flag and an if/else turned switch).
 */
const akRelease2025 = sourceIn('dominic-r/authentik', 'e4d2a53ccc900241ed75ee0daa9fad34064ba04a');
const goHttp = sourceIn('golang/go', '01098cd5dbcc8d65e9c0893e0586601584e5f8b9');

const authentikProxy: ImageContractSpec = {
  repository: 'ghcr.io/goauthentik/proxy',
  description: 'authentik proxy outpost (forward-auth for Traefik)',
  tags: {
    pinned: '2025.2.4',
    versions: /^\d{4}\.\d+\.\d+$/,
    source: [akNix('flake.lock', 'L3-16'), akRelease('.github/workflows/release-publish.yml', 'build-outpost')],
    note:
      'Git tag version/2025.2.4 exists: nix-community/authentik-nix at its tag version/2025.2.4 locks goauthentik/authentik ' +
      'ref version/2025.2.4 to rev 74eab55c615b156e4191ee98dc789e2d58c016f9. Images are pushed by the release workflow as ' +
      'ghcr.io/goauthentik/<type>:<version> (read only at an old stored commit, 01c7976d…). goauthentik/authentik could not be ' +
      'fetched and the index holds no file at 74eab55c: the registry tag and the image contents at 2025.2.4 are assumptions.',
  },
  assumptions: [
    { what: 'ghcr.io/goauthentik/proxy:2025.2.4 exists and matches the facts below (read at other commits of goauthentik/authentik)', configuredAt: 'systems.openem.images.authentikProxy' },
    { what: 'The authentik server version equals the outpost version (outposts are version-matched to the server)', configuredAt: 'systems.openem.authentik.host' },
    { what: 'Whether the authentik server\'s certificate is trusted by the image\'s system roots; if not, AUTHENTIK_INSECURE=true turns off the verification of every connection to it (refused with ACME unless accepted)', configuredAt: 'systems.openem.authentik.insecure, .acceptInsecure' },
  ],
  user: {
    uid: 1000,
    anyUid: true,
    source: [akDockerfile('proxy.Dockerfile', 'USER 1000'), akSession('internal/outpost/proxyv2/application/session.go', 'getStore')],
    note:
      'USER 1000; ENV TMPDIR=/dev/shm/. Non-embedded outposts keep sessions as files in os.TempDir() (= /dev/shm, a tmpfs the ' +
      'runtime mounts writable even with a read-only root). Sessions are per pod and lost on restart.',
  },
  entrypoint: {
    entrypoint: ['/proxy'],
    source: akDockerfile('proxy.Dockerfile', 'ENTRYPOINT'),
    note: 'HEALTHCHECK CMD ["/proxy", "healthcheck"]. Stored version; not read at version/2025.2.4.',
  },
  programs: [
    {
      command: '/proxy',
      main: true,
      flags: ['--help', '-h', '--version', '-v'],
      source: akMain('cmd/proxy/main.go', 'rootCmd'),
      note: 'cobra root command without own flags (help/version are cobra\'s); subcommand `healthcheck`.',
    },
  ],
  env: [
    { name: 'AUTHENTIK_HOST', required: true, source: [akStruct('internal/config/struct.go', 'Config.AuthentikHost'), akMain('cmd/proxy/main.go', 'helpMessage')], note: 'URL of the authentik server; the outpost exits without it.' },
    { name: 'AUTHENTIK_TOKEN', required: true, source: [akStruct('internal/config/struct.go', 'Config.AuthentikToken'), akMain('cmd/proxy/main.go', 'helpMessage')], note: 'Outpost token; the outpost exits without it.' },
    {
      name: 'AUTHENTIK_INSECURE',
      source: [
        akRelease2025('internal/config/struct.go', 'L25 Config.AuthentikInsecure'),
        akRelease2025('cmd/proxy/main.go', 'L20-28 helpMessage'),
        akRelease2025('internal/outpost/ak/global.go', 'L74-87 GetTLSTransport'),
        akRelease2025('internal/outpost/ak/api.go', 'L57-77 NewAPIController'),
        akRelease2025('internal/outpost/ak/api_ws.go', 'L33-54 initWS'),
        akRelease2025('internal/outpost/proxyv2/refresh.go', 'L29-47'),
        akRelease2025('internal/outpost/proxyv2/application/application.go', 'L81-87, L124-143'),
        akRelease2025('internal/outpost/proxyv2/application/oauth_callback.go', 'L48'),
      ],
      note:
        'bool ("Skip SSL Certificate verification"). true sets InsecureSkipVerify on every connection the outpost makes to ' +
        'AUTHENTIK_HOST: the API client that fetches the outpost configuration with AUTHENTIK_TOKEN as Bearer, the websocket, and ' +
        'the per-provider HTTP client (GetTLSTransport) through which the proxy fetches the OIDC signing keys (JWKS) that verify ' +
        'sign-ins and exchanges the authorization code with the provider\'s client secret. Unset or false: certificates are ' +
        'verified against the image\'s system roots.',
    },
    { name: 'AUTHENTIK_HOST_BROWSER', source: akStruct('internal/config/struct.go', 'Config.AuthentikHostBrowser'), note: 'Browser-facing URL when it differs from AUTHENTIK_HOST.' },
    { name: 'AUTHENTIK_LISTEN__HTTP', source: [akStruct('internal/config/struct.go', 'ListenConfig.HTTP'), akProxy('internal/outpost/proxyv2/proxyv2.go', 'ServeHTTP')], note: 'Default 0.0.0.0:9000.' },
    { name: 'AUTHENTIK_LISTEN__HTTPS', source: [akStruct('internal/config/struct.go', 'ListenConfig.HTTPS'), akProxy('internal/outpost/proxyv2/proxyv2.go', 'ServeHTTPS')], note: 'Default 0.0.0.0:9443.' },
    { name: 'AUTHENTIK_LISTEN__METRICS', source: [akStruct('internal/config/struct.go', 'ListenConfig.Metrics'), akHealth('internal/outpost/ak/healthcheck/cmd.go', 'check')], note: 'Default 0.0.0.0:9300.' },
    { name: 'AUTHENTIK_LOG_LEVEL', source: akStruct('internal/config/struct.go', 'Config.LogLevel') },
    { name: 'TMPDIR', source: akDockerfile('proxy.Dockerfile', 'ENV TMPDIR'), note: 'Image sets /dev/shm/: session files.' },
  ],
  ports: [
    { port: 9000, protocol: 'http', source: [akDockerfile('proxy.Dockerfile', 'EXPOSE'), akProxy('internal/outpost/proxyv2/proxyv2.go', 'ServeHTTP')], note: 'Forward-auth and /outpost.goauthentik.io/* endpoints.' },
    { port: 9443, protocol: 'tcp', source: [akDockerfile('proxy.Dockerfile', 'EXPOSE'), akProxy('internal/outpost/proxyv2/proxyv2.go', 'ServeHTTPS')], note: 'HTTPS, self-signed default certificate.' },
    { port: 9300, protocol: 'tcp', source: [akDockerfile('proxy.Dockerfile', 'EXPOSE'), akHealth('internal/outpost/ak/healthcheck/cmd.go', 'check')], note: 'Metrics (/metrics) and /outpost.goauthentik.io/ping.' },
  ],
  writes: [
    { path: '/dev/shm', source: [akDockerfile('proxy.Dockerfile', 'ENV TMPDIR'), akSession('internal/outpost/proxyv2/application/session.go', 'getStore')], note: 'Session files (FilesystemStore in os.TempDir()).' },
  ],
  code: [
    { path: '/proxy', source: akDockerfile('proxy.Dockerfile', 'COPY --from=builder /go/proxy /') },
    { path: '/web', source: akDockerfile('proxy.Dockerfile', 'COPY --from=web-builder') },
  ],
  authentication: [
    {
      id: 'forward-auth',
      mechanism:
        'forward auth: the ingress controller asks /outpost.goauthentik.io/auth/traefik about every request; without a valid ' +
        'session of the authentik application the browser is sent to authentik to sign in, and the upstream gets X-authentik-* headers',
      open: 'its own endpoints under /outpost.goauthentik.io (sign-in start, callback, sign-out, ping), which only run the sign-in flow',
      source: [akRelease2025('internal/outpost/proxyv2/application/mode_forward.go', 'traefikPrefix, configureForward, forwardHandleTraefik'), akRelease2025('internal/outpost/proxyv2/application/oauth_callback.go', 'L48')],
      note: 'Who may sign in is decided in authentik (the application\'s policy bindings), not by the outpost.',
    },
  ],
  health: [
    {
      path: '/outpost.goauthentik.io/ping',
      port: 9000,
      dependsOn: 'the outpost having fetched its configuration from AUTHENTIK_HOST (the listeners start only after that); answers 204 for any Host',
      source: akProxy('internal/outpost/proxyv2/proxyv2.go', 'NewProxyServer: globalMux.Path("/outpost.goauthentik.io/ping")'),
    },
    {
      path: '/outpost.goauthentik.io/ping',
      port: 9300,
      dependsOn: 'same as on 9000; this is what `/proxy healthcheck` checks',
      source: akHealth('internal/outpost/ak/healthcheck/cmd.go', 'check'),
    },
    {
      path: '/outpost.goauthentik.io/auth/traefik',
      port: 9000,
      dependsOn: 'not a health endpoint: the Traefik forwardAuth endpoint (listed so the forward-auth address can be checked)',
      source: [
        akForward('internal/outpost/proxyv2/application/mode_forward.go', 'traefikPrefix'),
        akRelease2025('internal/outpost/proxyv2/application/mode_forward.go', 'L26-67 forwardHandleTraefik'),
        akRelease2025('internal/outpost/proxyv2/application/auth.go', 'L13-49 checkAuth'),
        akRelease2025('internal/outpost/proxyv2/application/auth_basic.go', 'L19-72 attemptBasicAuth'),
        goHttp('src/net/http/request.go', 'parseBasicAuth'),
      ],
      note:
        'It answers from the session cookie first; only without a valid session does it read the request\'s Authorization header: a Bearer token, '
        + 'or Basic credentials, which it POSTs as username and password (grant client_credentials) to authentik\'s token endpoint. Go\'s '
        + 'Request.BasicAuth yields credentials only when the decoded text has a colon. The header itself is passed on to the upstream unchanged '
        + '(Traefik copies only the authResponseHeaders back).',
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// docker.io/grafana/k6:0.57.0 (git tag v0.57.0, commit 50afd82c18d5a66f4b2bfd1f8d266218bfdeaede)
// ---------------------------------------------------------------------------------------------

export const AUTHENTIK_PROXY = new ImageContract(authentikProxy);

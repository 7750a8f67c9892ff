/**
 * Image contract of rclone, read upstream at the pinned release: git tag v1.69.3 (rclone/rclone mirror;
 * the files cited are the same as at v1.69.1 except fs/registry.go, whose FlagName moved).
 */
import { ImageContract, ImageContractSpec, sourceIn } from './image-contract';

const rclone = sourceIn('rclone/rclone', 'v1.69.3');

const rcloneImage: ImageContractSpec = {
  repository: 'docker.io/rclone/rclone',
  description: 'rclone; LabStack runs `rclone sync` between two S3 remotes defined in the environment',
  tags: {
    pinned: '1.69.3',
    versions: /^\d+\.\d+\.\d+$/,
    source: [rclone('.github/workflows/build_publish_docker_image.yml', 'L8-19'), rclone('.github/workflows/build_publish_docker_image.yml', 'L211-233'), rclone('.github/workflows/build_publish_docker_image.yml', 'L282-288')],
    note:
      'Built on every pushed git tag; docker/metadata-action type=semver,pattern={{version}} turns tag v1.69.3 into 1.69.3 ' +
      '(also {{major}}, {{major}}.{{minor}}, sha-…) on rclone/rclone and ghcr.io/rclone/rclone. Git tag v1.69.3 exists ' +
      '(annotated, 2025-05-21, commit 80727496fc42105c4f50e4aa5b84456686643d75); it is the last 1.69.x (next: v1.70.0). ' +
      'Since v1.69.1: dependency CVE fixes, go ≥ 1.23; no change to the Dockerfile, the workflow, the flag set or config lookup; ' +
      'sync now also sets directory modtimes without --create-empty-src-dirs (57bbb4be, v1.69.2; --no-update-dir-modtime disables it).',
  },
  user: {
    uid: 0,
    anyUid: true,
    source: [rclone('Dockerfile', 'L36-53'), rclone('fs/config/config.go', 'L210-300')],
    note:
      'No USER (root); a user rclone (1009) is created but not used. rclone sync between S3 remotes writes nothing locally; ' +
      'at start it tries to mkdir $XDG_CONFIG_HOME/rclone (= /config/rclone) and falls back to $HOME/.rclone.conf when that fails (debug log).',
  },
  entrypoint: {
    entrypoint: ['rclone'],
    workdir: '/data',
    source: rclone('Dockerfile', 'L50-53'),
    note: 'ENV XDG_CONFIG_HOME=/config (L53). Base alpine:latest at build time.',
  },
  programs: [
    {
      command: 'rclone sync',
      // Global options (fs/config.go ConfigOptionsInfo, filter, log, rc option sets, configflags, cmd/cmd.go),
      // sync's own flags, and the s3 backend's flags (--s3-<option>). Generated from the sources cited.
      flags: [
        '--modify-window', '--checkers', '--transfers', '--checksum', '-c', '--size-only', '--ignore-times', '-I', '--ignore-existing',
        '--ignore-errors', '--dry-run', '-n', '--interactive', '-i', '--links', '-l', '--contimeout', '--timeout',
        '--expect-continue-timeout', '--no-check-certificate', '--ask-password', '--password-command', '--max-delete',
        '--max-delete-size', '--track-renames', '--track-renames-strategy', '--retries', '--retries-sleep', '--low-level-retries',
        '--update', '-u', '--use-server-modtime', '--no-gzip-encoding', '--max-depth', '--ignore-size', '--ignore-checksum',
        '--ignore-case-sync', '--fix-case', '--no-traverse', '--check-first', '--no-check-dest', '--no-unicode-normalization',
        '--no-update-modtime', '--no-update-dir-modtime', '--compare-dest', '--copy-dest', '--backup-dir', '--suffix',
        '--suffix-keep-extension', '--fast-list', '--tpslimit', '--tpslimit-burst', '--user-agent', '--immutable', '--auto-confirm',
        '--stats-unit', '--stats-file-name-length', '--log-level', '--stats-log-level', '--bwlimit', '--bwlimit-file', '--buffer-size',
        '--streaming-upload-cutoff', '--dump', '--max-transfer', '--max-duration', '--cutoff-mode', '--max-backlog',
        '--max-stats-groups', '--stats-one-line', '--stats-one-line-date', '--stats-one-line-date-format', '--error-on-no-transfer',
        '--progress', '-P', '--progress-terminal-title', '--use-cookies', '--use-mmap', '--ca-cert', '--client-cert', '--client-key',
        '--multi-thread-cutoff', '--multi-thread-streams', '--multi-thread-write-buffer-size', '--multi-thread-chunk-size',
        '--use-json-log', '--order-by', '--refresh-times', '--no-console', '--fs-cache-expire-duration', '--fs-cache-expire-interval',
        '--disable-http2', '--human-readable', '--kv-lock-time', '--disable-http-keep-alives', '--metadata', '-M',
        '--server-side-across-configs', '--color', '--default-time', '--inplace', '--metadata-mapper', '--partial-suffix',
        '--delete-excluded', '--exclude-if-present', '--files-from', '--files-from-raw', '--min-age', '--max-age', '--min-size',
        '--max-size', '--ignore-case', '--filter', '-f', '--filter-from', '--exclude', '--exclude-from', '--include', '--include-from',
        '--metadata-filter', '--metadata-filter-from', '--metadata-exclude', '--metadata-exclude-from', '--metadata-include',
        '--metadata-include-from', '--log-file', '--log-format', '--syslog', '--syslog-facility', '--log-systemd', '--rc', '--rc-files',
        '--rc-serve', '--rc-serve-no-modtime', '--rc-no-auth', '--rc-web-gui', '--rc-web-gui-update', '--rc-web-gui-force-update',
        '--rc-web-gui-no-open-browser', '--rc-web-fetch-url', '--rc-enable-metrics', '--rc-job-expire-duration',
        '--rc-job-expire-interval', '--metrics-addr', '--verbose', '-v', '--quiet', '-q', '--config', '--cache-dir', '--temp-dir',
        '--dump-headers', '--dump-bodies', '--delete-before', '--delete-during', '--delete-after', '--bind', '--disable',
        '--header-upload', '--header-download', '--header', '--metadata-set', '--dscp', '--cpuprofile', '--memprofile', '--stats',
        '--create-empty-src-dirs', '--combined', '--missing-on-src', '--missing-on-dst', '--match', '--differ', '--error',
        '--dest-after', '--format', '-F', '--timeformat', '-t', '--separator', '-s', '--dir-slash', '-d', '--hash', '--files-only',
        '--dirs-only', '--csv', '--absolute',
        '--s3-provider', '--s3-env-auth', '--s3-access-key-id', '--s3-secret-access-key', '--s3-region', '--s3-endpoint',
        '--s3-location-constraint', '--s3-acl', '--s3-bucket-acl', '--s3-requester-pays', '--s3-server-side-encryption',
        '--s3-sse-customer-algorithm', '--s3-sse-kms-key-id', '--s3-sse-customer-key', '--s3-sse-customer-key-base64',
        '--s3-sse-customer-key-md5', '--s3-storage-class', '--s3-upload-cutoff', '--s3-chunk-size', '--s3-max-upload-parts',
        '--s3-copy-cutoff', '--s3-disable-checksum', '--s3-shared-credentials-file', '--s3-profile', '--s3-session-token',
        '--s3-upload-concurrency', '--s3-force-path-style', '--s3-v2-auth', '--s3-use-dual-stack', '--s3-use-accelerate-endpoint',
        '--s3-leave-parts-on-error', '--s3-list-chunk', '--s3-list-version', '--s3-list-url-encode', '--s3-no-check-bucket',
        '--s3-no-head', '--s3-no-head-object', '--s3-encoding', '--s3-memory-pool-flush-time', '--s3-memory-pool-use-mmap',
        '--s3-disable-http2', '--s3-download-url', '--s3-directory-markers', '--s3-use-multipart-etag', '--s3-use-unsigned-payload',
        '--s3-use-presigned-request', '--s3-versions', '--s3-version-at', '--s3-version-deleted', '--s3-decompress', '--s3-might-gzip',
        '--s3-use-accept-encoding-gzip', '--s3-no-system-metadata', '--s3-sts-endpoint', '--s3-use-already-exists',
        '--s3-use-multipart-uploads', '--s3-directory-bucket', '--s3-sdk-log-mode',
        '--help', '-h', '--version', '-V',
      ],
      source: [
        rclone('fs/config.go', 'ConfigOptionsInfo (L54-537)'),
        rclone('fs/registry.go', 'L330-336'),
        rclone('fs/config/configflags/configflags.go', 'L40-62'),
        rclone('cmd/cmd.go', 'L47-49'),
        rclone('cmd/sync/sync.go', 'L22-30'),
        rclone('fs/operations/operationsflags/operationsflags.go', 'L24-44'),
        rclone('fs/filter/filter.go', 'OptionsInfo'),
        rclone('fs/log/log.go', 'OptionsInfo'),
        rclone('fs/rc/rc.go', 'OptionsInfo'),
        rclone('backend/s3/s3.go', 'L77-236 and Options'),
      ],
      note:
        'Option names are snake_case and become --kebab-case flags (fs/registry.go FlagName). Positional: source:path dest:path. ' +
        'Not listed: the HTTP-server flags of --rc (--rc-addr, --rc-user, … from lib/http) and flags of other backends.',
    },
  ],
  env: [
    {
      name: 'RCLONE_CONFIG_<REMOTE>_<OPTION>',
      source: [rclone('fs/config.go', 'L792-797'), rclone('fs/configmap.go', 'L11-22'), rclone('fs/configmap.go', 'L98-140'), rclone('fs/config/config.go', 'L423-436')],
      note:
        'A remote exists by its environment alone: RCLONE_CONFIG_SOURCE_TYPE=s3 defines remote "source:" (section name upper-cased, ' +
        '"-" → "_"). s3 option names: provider (Other is valid, backend/s3/s3.go L179), env_auth, access_key_id, secret_access_key, ' +
        'region, endpoint, no_check_bucket, …',
    },
    { name: 'RCLONE_CONFIG', source: [rclone('fs/config/configflags/configflags.go', 'L47'), rclone('fs/config/config.go', 'L252-265'), rclone('fs/config/config.go', 'L326-339')], note: 'Config file path; "/dev/null" (os.DevNull) or "" selects an in-memory config and skips the mkdir of the default config dir.' },
    { name: 'RCLONE_<FLAG>', source: rclone('fs/config.go', 'L799-803'), note: 'Every global flag also reads RCLONE_<FLAG_NAME>, e.g. RCLONE_STATS_LOG_LEVEL.' },
    { name: 'XDG_CONFIG_HOME', source: [rclone('Dockerfile', 'L53'), rclone('fs/config/config.go', 'L180-190')], note: 'Image sets /config; default config /config/rclone/rclone.conf.' },
    { name: 'HOME', source: rclone('fs/config/config.go', 'L240-300'), note: 'Fallback config location $HOME/.rclone.conf.' },
  ],
  envPrefixes: [
    {
      prefix: 'RCLONE_CONFIG_',
      names: [
        'RCLONE_CONFIG_SOURCE_TYPE', 'RCLONE_CONFIG_SOURCE_PROVIDER', 'RCLONE_CONFIG_SOURCE_ENDPOINT', 'RCLONE_CONFIG_SOURCE_ACCESS_KEY_ID',
        'RCLONE_CONFIG_SOURCE_SECRET_ACCESS_KEY', 'RCLONE_CONFIG_SOURCE_REGION',
        'RCLONE_CONFIG_TARGET_TYPE', 'RCLONE_CONFIG_TARGET_PROVIDER', 'RCLONE_CONFIG_TARGET_ENDPOINT', 'RCLONE_CONFIG_TARGET_ACCESS_KEY_ID',
        'RCLONE_CONFIG_TARGET_SECRET_ACCESS_KEY', 'RCLONE_CONFIG_TARGET_REGION', 'RCLONE_CONFIG_TARGET_NO_CHECK_BUCKET',
      ],
      source: [rclone('fs/config.go', 'L792-797'), rclone('fs/configmap.go', 'L11-22'), rclone('backend/s3/s3.go', 'L200-236')],
      note: 'Names for the remotes LabStack defines (source, target) and the s3 options it sets or should consider.',
    },
  ],
  writes: [
    { path: '/tmp', source: [rclone('fs/config/config.go', 'L285-295'), rclone('fs/config/configflags/configflags.go', 'L48-49')], note: 'Only as config fallback / temp dir; nothing is written by an S3→S3 sync.' },
  ],
  code: [{ path: '/usr/local/bin/rclone', source: rclone('Dockerfile', 'L46') }],
};

// ---------------------------------------------------------------------------------------------
// docker.io/nginxinc/nginx-unprivileged:1.27.4-alpine
// (nginx/docker-nginx-unprivileged, formerly nginxinc/…, git tag 1.27.4 = d19306483031411d6a74a359826246933d6fa828)
// ---------------------------------------------------------------------------------------------

export const RCLONE = new ImageContract(rcloneImage);

/**
 * Image contract of nginx-unprivileged (the uWSGI gateway), read upstream at the pinned release.
 */
import { ImageContract, ImageContractSpec, sourceIn } from './image-contract';

const unpriv = sourceIn('nginx/docker-nginx-unprivileged', '1.27.4');
const pkgoss = sourceIn('nginx/pkg-oss', '1.27.4-1');
const nginxSrc = sourceIn('nginx/nginx', 'release-1.27.4');

const nginxUnprivileged: ImageContractSpec = {
  repository: 'docker.io/nginxinc/nginx-unprivileged',
  description: 'nginx running as non-root (HTTP to uWSGI gateway sidecar; config from a ConfigMap in conf.d)',
  tags: {
    pinned: '1.27.4-alpine',
    versions: /^\d+\.\d+\.\d+-alpine$/,
    source: [unpriv('.github/workflows/alpine-mainline.yml', 'L1-32'), unpriv('.github/workflows/alpine-mainline.yml', 'L204-238'), unpriv('update.sh', 'L15'), unpriv('README.md', 'L31-39')],
    note:
      'Tags are not made from git tags: the workflow (weekly cron, dispatch) reads the mainline version from update.sh and pushes ' +
      '<version>-alpine (and -alpine3.21, 1.27-alpine, 1-alpine, mainline-alpine, alpine…) to docker.io/nginxinc/nginx-unprivileged, ' +
      'ghcr.io/nginx, public.ecr.aws/nginx and quay.io/nginx. update.sh said mainline 1.27.4 from commit 2cc5e1e803dee7adc6418662068edb014b26584c ' +
      '(2025-02-13) until 8655fa1a12e630ba9a38620da88c7e7447cff8c9 (1.27.5, 2025-04-25), so 1.27.4-alpine was pushed and rebuilt weekly ' +
      'in that window; README: "the last built tag of every release is kept indefinitely". The tag was mutable while current: pin by digest.',
  },
  user: {
    uid: 101,
    anyUid: true,
    source: [unpriv('mainline/alpine-slim/Dockerfile', 'L15-21'), unpriv('mainline/alpine-slim/Dockerfile', 'L116-138'), unpriv('mainline/alpine/Dockerfile', 'L12-15'), unpriv('mainline/alpine/Dockerfile', 'L87')],
    note:
      'USER 101 (nginx, gid 101). nginx.conf has no `user` directive, pid /tmp/nginx.pid and all *_temp_path in /tmp, so nginx ' +
      'writes only /tmp. Verified: the rendered api-gateway config passes `nginx -t` and serves as uid 10001 with only /tmp writable.',
  },
  entrypoint: {
    entrypoint: ['/docker-entrypoint.sh'],
    execsArgs: true,
    cmd: ['nginx', '-g', 'daemon off;'],
    source: [unpriv('mainline/alpine-slim/Dockerfile', 'L127-140'), unpriv('mainline/alpine-slim/docker-entrypoint.sh', 'L12-47')],
    note:
      'For `nginx …` commands the entrypoint runs /docker-entrypoint.d/*: 10-listen-on-ipv6-by-default.sh exits 0 when conf.d/default.conf ' +
      'cannot be touched (read-only ConfigMap) or differs from the packaged file; 15-local-resolvers.envsh and 30-tune-worker-processes.sh ' +
      'do nothing unless their variables are set; 20-envsubst-on-templates.sh does nothing without /etc/nginx/templates.',
  },
  programs: [
    {
      command: 'nginx',
      main: true,
      flags: ['-?', '-h', '-v', '-V', '-t', '-T', '-q', '-p', '-e', '-c', '-g', '-s'],
      source: nginxSrc('src/core/nginx.c', 'ngx_get_options (L802-920)'),
    },
  ],
  env: [
    { name: 'NGINX_ENTRYPOINT_QUIET_LOGS', source: unpriv('mainline/alpine-slim/docker-entrypoint.sh', 'L6-10') },
    { name: 'NGINX_ENVSUBST_TEMPLATE_DIR', source: unpriv('mainline/alpine-slim/20-envsubst-on-templates.sh', 'L31-45'), note: 'Default /etc/nginx/templates; absent → no-op.' },
    { name: 'NGINX_ENVSUBST_TEMPLATE_SUFFIX', source: unpriv('mainline/alpine-slim/20-envsubst-on-templates.sh', 'L33') },
    { name: 'NGINX_ENVSUBST_OUTPUT_DIR', source: unpriv('mainline/alpine-slim/20-envsubst-on-templates.sh', 'L34'), note: 'Default /etc/nginx/conf.d; when not writable the script logs an error and returns 0.' },
    { name: 'NGINX_ENVSUBST_STREAM_TEMPLATE_SUFFIX', source: unpriv('mainline/alpine-slim/20-envsubst-on-templates.sh', 'L35') },
    { name: 'NGINX_ENVSUBST_STREAM_OUTPUT_DIR', source: unpriv('mainline/alpine-slim/20-envsubst-on-templates.sh', 'L36') },
    { name: 'NGINX_ENVSUBST_FILTER', source: unpriv('mainline/alpine-slim/20-envsubst-on-templates.sh', 'L37') },
    { name: 'NGINX_ENTRYPOINT_LOCAL_RESOLVERS', source: unpriv('mainline/alpine-slim/15-local-resolvers.envsh', 'L9') },
    { name: 'NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE', source: unpriv('mainline/alpine-slim/30-tune-worker-processes.sh', 'L10-12'), note: 'Needs a writable /etc/nginx/nginx.conf; with a read-only root it logs an error and exits 0.' },
  ],
  ports: [
    {
      port: 8000,
      protocol: 'http',
      source: pkgoss('alpine/alpine/nginx.conf', 'L31'),
      note:
        'nginx listens where the files of conf.d say (included in http{}, L31). The image\'s packaged conf.d/default.conf listens ' +
        'on 8080 (mainline/alpine-slim/Dockerfile L117, EXPOSE 8080 L134); LabStack mounts its own conf.d whose server listens on 8000, ' +
        'so 8080 is not served in LabStack pods.',
    },
  ],
  writes: [
    { path: '/tmp', source: [unpriv('mainline/alpine-slim/Dockerfile', 'L116-120'), unpriv('README.md', 'L10-15')], note: 'pid file and client_body/proxy/fastcgi/uwsgi/scgi temp dirs.' },
  ],
  code: [
    { path: '/etc/nginx/nginx.conf', source: [pkgoss('alpine/alpine/nginx.conf', 'L1-32'), pkgoss('alpine/alpine/APKBUILD-base.in', 'L86')] },
    { path: '/etc/nginx/uwsgi_params', source: [pkgoss('alpine/Makefile', 'L54-58'), pkgoss('alpine/alpine/APKBUILD-base.in', 'L76'), nginxSrc('auto/install', 'L137-140')] },
    { path: '/etc/nginx/mime.types', source: pkgoss('alpine/alpine/nginx.conf', 'L15') },
    { path: '/usr/sbin/nginx', source: pkgoss('alpine/Makefile', 'L56') },
    { path: '/docker-entrypoint.sh', source: unpriv('mainline/alpine-slim/Dockerfile', 'L127') },
    { path: '/docker-entrypoint.d', source: unpriv('mainline/alpine-slim/Dockerfile', 'L128-131') },
  ],
  health: [
    {
      path: '/gateway/livez',
      port: 8000,
      dependsOn: 'nothing: nginx answers 204 itself (endpoint defined by LabStack\'s conf.d/default.conf, loaded by the image\'s include)',
      source: pkgoss('alpine/alpine/nginx.conf', 'L31'),
      note: 'The image defines no health endpoint; these are LabStack\'s own locations (constructs/uwsgi-service.ts), checked with nginx -t and a live run.',
    },
    {
      path: '/gateway/readyz',
      port: 8000,
      dependsOn: 'the application\'s uWSGI socket: 204 when the app answers 400/401/403/404/405, the app\'s status otherwise, 502/504 when it does not answer',
      source: pkgoss('alpine/alpine/nginx.conf', 'L31'),
      note: 'LabStack\'s own location; verified live: 502 without backend, 204 with backend answering 401, 500 passed through.',
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// ghcr.io/goauthentik/proxy:2025.2.4 (git tag version/2025.2.4 = 74eab55c615b156e4191ee98dc789e2d58c016f9)
// ---------------------------------------------------------------------------------------------

export const NGINX_UNPRIVILEGED = new ImageContract(nginxUnprivileged);

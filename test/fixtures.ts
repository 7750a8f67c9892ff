import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { EnvironmentConfig } from '../config/schema';
import { environmentFrom } from './helpers';
import { temporaryDirectory } from './temporary';

/**
 * Environments for tests, independent of the bundled examples in config/: every system and every
 * option that renders something is on, once with the private CA of a self-signed environment
 * (MinIO for both object stores) and once with ACME and external S3.
 */
export const EVERYTHING_SELF_SIGNED = `
domain: test.example.org
timeZone: Europe/Zurich
ingress: { clusterNetworks: [10.42.0.0/16] }
tls: { issuer: self-signed }
systems:
  openPectus:
    enabled: true
    images: { aggregator: main, databaseAdministration: main }
    instances:
      - name: one
        databaseAdministration: { enabled: true }
        acceptUnauthenticated: { aggregator: test fixture without real data, databaseAdministration: test fixture without real data }
        sentry: true
        webpushSubscriberEmail: ops@example.org
  openem:
    enabled: true
    images: { api: v2.0.0-beta.3, config: v2.0.0-beta.3, runtime: main }
    idp: { url: https://idp.example.org, realm: lab, username: svc, clientId: api }
    scicat: { endpoint: https://scicat.example.org, ingestorGroups: [lab] }
    authentik: { host: https://authentik.example.org, insecure: true }
    s3: { provider: minio, archivalBucket: test.archival, landingZoneBucket: test.landingzone }
  srs:
    enabled: true
    allowedSources: [192.0.2.0/24]
    images: { registry: registry.example.org/srs, backend: 0123abcd, frontend: 0123abcd, dataExtractor: 0123abcd }
    admin: { email: ops@example.org }
    sensors: [{ id: door-1, type: door }]
    backend: { smtp: { host: mail.example.org, user: srs, from: srs@example.org } }
    chronograf: { gitlab: { clientId: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", groups: [lab/monitoring] } }
    kapacitor:
      smtp: { enabled: true, host: mail.example.org, username: alerts, from: alerts@example.org, to: [ops@example.org, lab@example.org] }
      slack: { enabled: true, channel: "#alerts" }
    loadTest: { enabled: true }
  stickyPi:
    enabled: true
    images: { repository: registry.example.org/sticky-pi, api: 9085de7, webapp: 9085de7, ml: 9085de7-fcc23a9 }
    s3: { provider: minio, bucket: sticky-pi-test, minio: { devices: 2, retentionWeeks: 2 } }
    imageMirror: { enabled: true, endpoint: https://s3.mirror.example.org, bucket: sticky-pi-mirror }
`;

export const EVERYTHING_ACME = changed(
  changed(
    changed(
      changed(EVERYTHING_SELF_SIGNED, 'tls: { issuer: self-signed }', 'tls: { issuer: acme, acme: { email: ops@example.org } }'),
      'authentik: { host: https://authentik.example.org, insecure: true }',
      'authentik: { host: https://authentik.example.org, insecure: true, acceptInsecure: the test authentik has a private certificate }',
    ),
    '    s3: { provider: minio, archivalBucket: test.archival, landingZoneBucket: test.landingzone }',
    '    s3: { provider: external, archivalBucket: test.archival, landingZoneBucket: test.landingzone, external: { endpoint: "s3.example.org:18000", externalEndpoint: s3.example.org } }',
  ),
  '    s3: { provider: minio, bucket: sticky-pi-test, minio: { devices: 2, retentionWeeks: 2 } }',
  '    s3: { provider: external, bucket: sticky-pi-test, external: { host: s3.example.org } }',
);

/**
 * A production-like environment: certificates from ACME, explicit hosts and sizes, a storage class,
 * two Open Pectus instances with Azure authentication (the database administration on one), OpenEM
 * and Sticky Pi on external S3 with an image mirror, SRS alerting by SMTP and Slack, and Argo CD
 * that never self-heals. Values differ from the defaults wherever a test checks that one arrives.
 */
export const PRODUCTION_LIKE = `
domain: research.example.org
timeZone: Europe/Berlin
storageClass: fast-rwo
ingress:
  clusterNetworks: [10.244.0.0/16, 172.20.0.0/24]
tls:
  issuer: acme
  acme: { email: ops@research.example.org }
delivery:
  argocd:
    repoURL: https://git.research.example.org/platform/labstack.git
    targetRevision: stable
    automated: { selfHeal: false }
systems:
  openPectus:
    enabled: true
    images: { aggregator: main, databaseAdministration: main }
    instances:
      - name: prd
        host: pectus.research.example.org
        hostname: lab-pectus-prd
        azureAuthentication:
          enabled: true
          tenantId: 3f2504e0-4f89-41d3-9a0c-0305e82c3301
          clientId: 9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d
        webpushSubscriberEmail: pectus@research.example.org
        sentry: true
        databaseAdministration:
          enabled: true
        storage:
          data: 40Gi
        backup:
          schedule: 30 1 * * *
          keep: 21
      - name: tst
        host: pectus-test.research.example.org
        azureAuthentication:
          enabled: true
          tenantId: 3f2504e0-4f89-41d3-9a0c-0305e82c3301
          clientId: 1b4e28ba-2fa1-41d2-883f-0016d3cca427
  openem:
    enabled: true
    allowedSources: [198.51.100.0/24, 203.0.113.7]
    host: archiver.research.example.org
    images: { api: v2.0.0-beta.3, config: v2.0.0-beta.3, runtime: main }
    idp:
      url: https://idp.research.example.org
      realm: imaging
      username: archiver-service
      clientId: archiver-service-api
      audience: archiver
    scicat:
      endpoint: https://scicat.research.example.org
      ingestorGroups: [imaging, imaging-ops]
    api:
      replicas: 2
    workers:
      archival: { concurrency: 3 }
      retrieval: { concurrency: 2 }
    scratch:
      size: 4Ti
      storageClass: shared-rwx
    s3:
      provider: external
      region: eu-central-1
      archivalBucket: imaging.archival
      landingZoneBucket: imaging.landingzone
      external:
        endpoint: objects.storage.example.org:9443
        externalEndpoint: archiver.research.example.org
    authentik:
      host: https://auth.research.example.org
    backup:
      keep: 45
  srs:
    enabled: true
    allowedSources: [198.51.100.0/24, 2001:db8:47::/48]
    acceptInternet:
      frontend: participants book sessions from home; every page needs an SRS sign-in
    hosts:
      frontend: sensors.research.example.org
      backend: sensors-api.research.example.org
      chronograf: sensors-monitoring.research.example.org
    images: { registry: registry.gitlab.com/srs, backend: 3f9c2a1e, frontend: 3f9c2a1e, dataExtractor: 3f9c2a1e }
    admin:
      username: lab-admin
      email: sensors@research.example.org
    sensors:
      - { id: door-1, type: door, name: Lab door }
      - { id: door-2, type: door }
      - { id: camera-1, type: camera, settings: { fps: 15 } }
      - { id: thermometer-1, type: temperature }
    backend:
      jwtValidity: 8h
      smtp: { host: smtp.research.example.org, user: bookings, from: bookings@research.example.org }
    mongo:
      storage: 300Gi
    exports:
      size: 1Ti
      storageClass: shared-rwx
    chronograf:
      gitlab:
        clientId: 4f3c2b1a09876543210fedcba9876543210fedcba9876543210fedcba9876543
        groups: [research/sensors, research/it]
        emailDomains: [research.example.org]
    kapacitor:
      diskUsageThreshold: 80
      smtp:
        enabled: true
        host: smtp.research.example.org
        username: alerts
        from: alerts@research.example.org
        to: [ops@research.example.org]
      slack:
        enabled: true
        channel: "#lab-alerts"
        workspace: research
    backup:
      schedule: 45 1 * * *
      keep: 20
  stickyPi:
    enabled: true
    rootDomain: insects.research.example.org
    images: { repository: registry.research.example.org/sticky-pi, api: 9085de7, webapp: 9085de7, ml: 9085de7-fcc23a9 }
    database:
      bufferPoolSize: 2G
      storage: 80Gi
      resources:
        requests: { cpu: 500m, memory: 3Gi }
        limits: { memory: 4Gi }
    insectDetector:
      resources:
        requests: { cpu: "2", memory: 8Gi }
        limits: { memory: 12Gi }
    s3:
      provider: external
      bucket: insects
      external: { host: objects.storage.example.org }
    backup:
      schedule: 15 4 * * *
    imageMirror:
      enabled: true
      endpoint: https://mirror.storage.example.org
      bucket: insects-mirror
`;

/**
 * A development-like environment: the private CA of the self-signed issuer, default hosts and
 * sizes, MinIO for both object stores, the SRS load test, no alert channel and no image mirror,
 * and Argo CD with its defaults (following main, self-healing).
 */
export const DEVELOPMENT_LIKE = `
domain: sandbox.example.org
ingress:
  clusterNetworks: [10.42.0.0/16]
  forwardedForDepth: 1
tls:
  issuer: self-signed
delivery:
  argocd:
    repoURL: https://git.research.example.org/platform/labstack.git
systems:
  openPectus:
    enabled: true
    images: { aggregator: main, databaseAdministration: main }
    instances:
      - name: dev
        databaseAdministration: { enabled: true }
        acceptUnauthenticated:
          aggregator: sandbox with test data only
          databaseAdministration: sandbox with test data only
  openem:
    enabled: true
    images: { api: v2.0.0-beta.3, config: v2.0.0-beta.3, runtime: main }
    idp: { url: https://idp.research.example.org, realm: imaging, username: archiver-service, clientId: archiver-service-api }
    scicat: { endpoint: https://scicat.sandbox.example.org, ingestorGroups: [imaging] }
    s3:
      provider: minio
      archivalBucket: sandbox.archival
      landingZoneBucket: sandbox.landingzone
    authentik:
      host: https://auth.sandbox.example.org
      insecure: true
  srs:
    enabled: true
    allowedSources: [192.0.2.0/24]
    images: { registry: registry.gitlab.com/srs, backend: 3f9c2a1e, frontend: 3f9c2a1e, dataExtractor: 3f9c2a1e }
    admin: { email: sensors@sandbox.example.org }
    sensors:
      - { id: door-1, type: door }
      - { id: camera-1, type: camera }
      - { id: accelerometer-1, type: accelerometer }
    chronograf:
      gitlab:
        clientId: 0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9
        emailDomains: [sandbox.example.org]
    loadTest:
      enabled: true
  stickyPi:
    enabled: true
    images: { repository: registry.research.example.org/sticky-pi, api: 9085de7, webapp: 9085de7, ml: 9085de7-fcc23a9 }
    database:
      bufferPoolSize: 256M
      resources:
        requests: { cpu: 100m, memory: 512Mi }
        limits: { memory: 768Mi }
    s3:
      provider: minio
      bucket: insects-sandbox
      minio: { devices: 3, retentionWeeks: 4 }
`;

/** `text` with `from` replaced by `to`; throws when `from` is not in it, so a fixture edit cannot silently do nothing. */
export function changed(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the fixture has no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** The fixture environments, parsed as config files named `name`. */
export function fixture(text: string, name = 'test'): EnvironmentConfig {
  return environmentFrom(text, `${name}.yaml`);
}

/** A config directory that holds each fixture as <name>.yaml; removed after the test file. */
export function fixtureConfigDir(fixtures: Record<string, string>): string {
  const dir = join(temporaryDirectory('fixture-config'), 'config');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(fixtures)) writeFileSync(join(dir, `${name}.yaml`), text);
  return dir;
}

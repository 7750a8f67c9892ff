import type { EnvironmentConfig } from '../config/schema';
import { environmentFrom } from './helpers';

/**
 * Environments for tests, independent of the bundled examples in config/: every system and every
 * option that renders something is on, once with the private CA of a self-signed environment
 * (MinIO for both object stores) and once with ACME and external S3.
 */
export const EVERYTHING_SELF_SIGNED = `
domain: test.example.org
timeZone: Europe/Zurich
tls: { issuer: self-signed }
systems:
  openPectus:
    enabled: true
    images: { aggregator: main, databaseAdministration: main }
    instances:
      - name: one
        databaseAdministration: { enabled: true, acceptUnauthenticatedAccess: true }
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
    images: { registry: registry.example.org/srs, backend: 0123abcd, frontend: 0123abcd, dataExtractor: 0123abcd }
    admin: { email: ops@example.org }
    sensors: [{ id: door-1, type: door }]
    backend: { smtp: { host: mail.example.org, user: srs, from: srs@example.org } }
    chronograf: { gitlab: { clientId: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" } }
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

export const EVERYTHING_ACME = EVERYTHING_SELF_SIGNED.replace(
  'tls: { issuer: self-signed }',
  'tls: { issuer: acme, acme: { email: ops@example.org } }',
)
  .replace(
    '    s3: { provider: minio, archivalBucket: test.archival, landingZoneBucket: test.landingzone }',
    '    s3: { provider: external, archivalBucket: test.archival, landingZoneBucket: test.landingzone, external: { endpoint: "s3.example.org:18000", externalEndpoint: s3.example.org } }',
  )
  .replace('    s3: { provider: minio, bucket: sticky-pi-test, minio: { devices: 2, retentionWeeks: 2 } }', '    s3: { provider: external, bucket: sticky-pi-test, external: { host: s3.example.org } }');

/** The fixture environments, parsed as config files named `name`. */
export function fixture(text: string, name = 'test'): EnvironmentConfig {
  return environmentFrom(text, `${name}.yaml`);
}

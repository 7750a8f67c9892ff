import { readFileSync } from 'fs';
import { discoverEnvironments, formatProblem, parseEnvironment } from '../config/load';
import type { EnvironmentConfig } from '../config/schema';

/**
 * The bundled examples are what users copy: a copy whose domain is changed must serve every host
 * under the new domain. Iterates over whatever config/ holds.
 */
const examples = discoverEnvironments('config').files;

/** Every host an environment serves. */
function servedHosts(env: EnvironmentConfig): string[] {
  const { openPectus, openem, srs, stickyPi } = env.systems;
  return [
    ...(openPectus.enabled ? openPectus.instances.map((i) => i.host) : []),
    ...(openem.enabled ? [openem.host, ...(openem.s3?.provider === 'minio' ? [openem.s3.minio.host] : [])] : []),
    ...(srs.enabled ? Object.values(srs.hosts) : []),
    ...(stickyPi.enabled ? Object.values(stickyPi.hosts) : []),
  ];
}

if (examples.length === 0) test.todo('config/ holds no example environment');
else test.each(examples.map((f) => [f.name, f.path]))('%s: a copy with another domain serves every host under that domain', (_, path) => {
  const text = readFileSync(path, 'utf8');
  const copy = parseEnvironment('copy.yaml', text.replace(/^domain: .*$/m, 'domain: copy.example.net'));
  if ('problems' in copy) throw new Error(copy.problems.map(formatProblem).join('\n'));
  const hosts = servedHosts(copy.environment);
  expect(hosts.length).toBeGreaterThan(0);
  expect(hosts.filter((h) => !h.endsWith('.copy.example.net'))).toEqual([]);
});

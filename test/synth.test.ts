import { mkdirSync, readdirSync, writeFileSync } from 'fs';
import { basename, join } from 'path';
import { DEVELOPMENT_LIKE, fixtureConfigDir, PRODUCTION_LIKE } from './fixtures';
import { synth } from './helpers';

describe('npm run synth', () => {
  test('with bad config: lists every problem with file, path and value, exits 1 without a stack trace, and writes nothing', () => {
    const config = fixtureConfigDir({ good: DEVELOPMENT_LIKE });
    writeFileSync(join(config, 'bad.yaml'), 'domain: lab.example.org\ntls: { issuer: vault }\nstorageClass: Fast_SSD\n');
    const result = synth(config, join(config, '..', 'dist'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration (2 problems); nothing was written:');
    expect(result.stderr).toContain('bad.yaml: tls.issuer: must be one of "acme", "self-signed", got "vault"');
    expect(result.stderr).toContain('bad.yaml: storageClass:');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(join(config, '..'))).toEqual([basename(config)]);
  });

  test('renders into an empty directory and removes environments whose config is gone', () => {
    const config = fixtureConfigDir({ production: PRODUCTION_LIKE, development: DEVELOPMENT_LIKE });
    const dist = join(config, '..', 'dist');
    mkdirSync(join(dist, 'retired'), { recursive: true });
    expect(synth(config, dist).status).toBe(0);
    expect(readdirSync(dist).sort()).toEqual(['argocd', 'development', 'production']);
  });
});

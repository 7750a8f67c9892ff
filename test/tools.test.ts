import { readFileSync } from 'fs';
import { LabStackApp } from '../charts/labstack-app';
import { secretsScript } from '../tools/secrets';
import { environmentJsonSchema } from '../tools/schema';
import { bundledEnvironments } from './helpers';

const [dev, prod] = bundledEnvironments();

describe('npm run secrets', () => {
  const script = secretsScript(new LabStackApp(prod));

  test('creates each declared Secret once, generating random values where allowed', () => {
    expect(script).toContain('kubectl -n open-pectus create secret generic open-pectus-prd');
    expect(script).toContain('--from-literal=engine-secret="$(random 48)"');
    expect(script).toContain('if kubectl -n open-pectus get secret open-pectus-tst >/dev/null 2>&1; then');
  });

  test('asks for values only the operator knows, and leaves optional ones out unless set', () => {
    expect(script).toContain('"${OPEN_PECTUS_PRD_AZURE_CLIENT_SECRET:?set OPEN_PECTUS_PRD_AZURE_CLIENT_SECRET:');
    expect(script).toContain('${OPEN_PECTUS_PRD_SENTRY_DSN:+--from-literal=sentry-dsn="$OPEN_PECTUS_PRD_SENTRY_DSN"}');
  });

  test('dev declares no Azure or Sentry secrets', () => {
    const devScript = secretsScript(new LabStackApp(dev));
    expect(devScript).not.toMatch(/AZURE|SENTRY/);
  });
});

test('config/schema.json is up to date (npm run schema)', () => {
  expect(readFileSync('config/schema.json', 'utf8')).toBe(environmentJsonSchema());
});

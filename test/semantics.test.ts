import { checkSemantics } from '../tools/validation/semantics';
import { environmentFrom, MINIMAL, render } from './helpers';

/** What the API server would refuse although each object is schema-valid. */
describe('semantic checks for what the API server refuses', () => {
  const objects = () => render(environmentFrom(MINIMAL));
  const EXTERNAL = { externalNamespaces: ['cert-manager'] };

  test('the rendering of a valid environment passes', () => {
    expect(checkSemantics(objects(), EXTERNAL)).toEqual([]);
  });

  test('a ConfigMap over 1 MiB', () => {
    const manifests = objects();
    const configMap = manifests.find((o) => o.kind === 'ConfigMap')!;
    (configMap as any).data = { big: 'x'.repeat(1024 * 1024 + 1) };
    expect(checkSemantics(manifests, EXTERNAL)).toEqual([expect.stringMatching(/^ConfigMap open-pectus\/\S+ \(.*\): holds 1048577 bytes; the API server refuses a ConfigMap over 1 MiB$/)]);
  });

  test('a container requesting more memory than its limit', () => {
    const manifests = objects();
    const deployment = manifests.find((o) => o.kind === 'Deployment')!;
    deployment.spec.template.spec.containers[0].resources = { requests: { cpu: '100m', memory: '2Gi' }, limits: { memory: '1Gi' } };
    expect(checkSemantics(manifests, EXTERNAL)).toEqual([expect.stringMatching(/requests more memory than its limit, which the API server refuses$/)]);
  });
});

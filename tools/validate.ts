import { join } from 'path';
import { LabStackApp } from '../charts/labstack-app';
import { ARGOCD_DIR, loadEnvironmentsOrReport } from '../config/load';
import { checkArgoCd } from './validation/argocd';
import { checkContracts } from './validation/contracts';
import { readManifests } from './validation/manifests';
import { validateSchemas } from './validation/schemas';
import { checkSemantics } from './validation/semantics';

/**
 * Validates the rendered manifests of every environment (or of the directories given):
 * Kubernetes 1.27 and current schemas, CRD schemas, LabStack's semantic checks, and every
 * container against the contract of its image. Unpinned image references are warnings.
 * Usage: npm run validate [-- <dist dir> [<config dir>]]
 */
async function main(distDir = 'dist', configDir = 'config'): Promise<number> {
  const environments = loadEnvironmentsOrReport(configDir);
  if (!environments) return 1;
  let failed = 0;
  const crds = join(__dirname, '..', 'imports', 'crds');
  for (const env of environments) {
    const manifests = readManifests(join(distDir, env.name));
    const argo = env.delivery.argocd ? readManifests(join(distDir, ARGOCD_DIR, env.name)) : [];
    const images = new LabStackApp(env).images;
    const problems = [
      ...(await validateSchemas([...manifests, ...argo], crds)),
      ...checkSemantics(manifests, { externalNamespaces: [env.tls.certManagerNamespace] }),
      ...checkArgoCd(argo, join(distDir, '..')),
      ...checkContracts(manifests, (image) => images.contractOf(image)),
    ];
    const unpinned = images.references.filter((r) => !r.digest);
    console.log(`${env.name}: ${manifests.length} objects, ${argo.length} Argo CD objects, ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    for (const p of problems) console.log(`  ${p}`);
    if (unpinned.length > 0) {
      console.log(`  warning: ${unpinned.length} of ${images.references.length} image references are not pinned by digest (npm run images -- lock ${env.name}):`);
      for (const r of unpinned) console.log(`    ${r.reference}${r.contract.spec.tags.moving?.includes(r.tag) ? ' (a moving tag)' : ''}`);
    }
    if (problems.length > 0 || manifests.length === 0) failed++;
  }
  return failed === 0 ? 0 : 1;
}

main(...process.argv.slice(2)).then((code) => (process.exitCode = code));

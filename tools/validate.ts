import { existsSync, readdirSync } from 'fs';
import { join } from 'path';
import { YAMLException } from 'js-yaml';
import { LabStackApp } from '../charts/labstack-app';
import { ARGOCD_DIR, loadEnvironments } from '../config/load';
import { commandLine, runCommand, UsageError, userPath } from './cli';
import { checkArgoCd } from './validation/argocd';
import { checkContracts } from './validation/contracts';
import { Manifest, readManifests } from './validation/manifests';
import { renderedRoutes } from './validation/routes';
import { validateSchemas } from './validation/schemas';
import { checkSemantics } from './validation/semantics';

const USAGE = `usage: npm run validate [-- --dist <dir>] [--config <dir>]
  validates <dir> (default dist/) as rendered from the environments of --config (default config/)`;

/**
 * Validates the rendered manifests of every environment: Kubernetes 1.27 and current schemas,
 * CRD schemas, LabStack's semantic checks, and every container against the contract of its
 * image; lists every route with what authenticates it. Unpinned image references are warnings.
 * An environment that was never rendered, or a rendering whose environment is gone, is a
 * problem: run npm run synth.
 */
async function main(args: string[]): Promise<number> {
  const { options, positionals } = commandLine(args, ['dist', 'config']);
  if (positionals.length > 0) throw new UsageError(`npm run validate takes no environment or folder name (got "${positionals.join(' ')}"); name folders with --dist and --config`);
  const distDir = options.dist === undefined ? 'dist' : userPath(options.dist);
  const configDir = options.config === undefined ? 'config' : userPath(options.config);
  const environments = loadEnvironments(configDir);
  let failed = 0;
  const crds = join(__dirname, '..', 'imports', 'crds');
  for (const env of environments) {
    const manifests = readRendered(join(distDir, env.name));
    const argo = env.delivery.argocd ? readRendered(join(distDir, ARGOCD_DIR, env.name)) : [];
    if (typeof manifests === 'string' || typeof argo === 'string') {
      console.log(`${env.name}: ${[manifests, argo].filter((r) => typeof r === 'string').join('; ')}: run npm run synth`);
      failed++;
      continue;
    }
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
    const routes = renderedRoutes(manifests);
    console.log(`  ${routes.length} route${routes.length === 1 ? '' : 's'}, each with who may connect and what authenticates it:`);
    for (const r of routes) console.log(`    ${r.url}  from ${r.sources}; ${r.kind ?? 'NOT SAID'}: ${r.description}`);
    if (unpinned.length > 0) {
      console.log(`  warning: ${unpinned.length} of ${images.references.length} image references are not pinned by digest (npm run images -- lock ${env.name}):`);
      for (const r of unpinned) console.log(`    ${r.reference}${r.contract.spec.tags.moving?.includes(r.tag) ? ' (a moving tag)' : ''}`);
    }
    if (problems.length > 0 || manifests.length === 0) failed++;
  }
  const stale = existsSync(distDir) ? readdirSync(distDir).filter((d) => d !== ARGOCD_DIR && !environments.some((e) => e.name === d)) : [];
  for (const dir of stale) console.log(`${join(distDir, dir)} has no environment in ${configDir}/: run npm run synth to remove it`);
  return failed === 0 && stale.length === 0 ? 0 : 1;
}

/** The manifests below `dir`, or why they cannot be read. */
function readRendered(dir: string): Manifest[] | string {
  if (!existsSync(dir)) return `${dir} does not exist`;
  try {
    return readManifests(dir);
  } catch (error) {
    if (error instanceof YAMLException) return `${dir} holds a file that is not valid YAML (${error.message.split('\n')[0]})`;
    throw error;
  }
}

runCommand(USAGE, () => main(process.argv.slice(2)));

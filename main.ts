import { mkdirSync, rmSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { imageLockFile, loadEnvironmentsOrReport } from './config/load';
import { LabStackApp } from './charts/labstack-app';

/**
 * Renders every environment in config/ into dist/ (dist/<environment>/ and, with Argo CD,
 * dist/argocd/<environment>/).
 *
 * Config is validated first and all environments are rendered in memory before anything is
 * written, so bad input never leaves dist half-written. dist/ is generated as a whole: what a
 * synthesis does not produce (an environment whose config is gone) is removed.
 */
function main(configDir: string, distDir: string): number {
  const environments = loadEnvironmentsOrReport(configDir);
  if (!environments) return 1;
  const apps = environments.map((env) => new LabStackApp(env));
  const rendered = apps.map((app) => ({ name: app.environment.name, files: app.render() }));
  rmSync(distDir, { recursive: true, force: true });
  for (const file of rendered.flatMap((r) => r.files)) {
    mkdirSync(dirname(join(distDir, file.path)), { recursive: true });
    writeFileSync(join(distDir, file.path), file.content);
  }
  console.log(`Rendered ${rendered.map((r) => `${r.name} (${r.files.length} files)`).join(', ')} into ${distDir}/`);
  for (const app of apps) reportUnpinned(app, configDir);
  return 0;
}

/** Says which image references are not pinned by digest, and how to pin them. */
function reportUnpinned(app: LabStackApp, configDir: string): void {
  const references = app.images.references;
  const unpinned = references.filter((r) => !r.digest);
  if (unpinned.length === 0) return;
  const name = app.environment.name;
  const moving = unpinned.filter((r) => r.contract.spec.tags.moving?.includes(r.tag));
  console.warn(
    `${name}: ${unpinned.length} of ${references.length} image references are not pinned by digest (${imageLockFile(configDir, name)} lacks them). ` +
      `On a machine that reaches the registries run: npm run images -- lock ${name} && npm run synth, and commit both.`,
  );
  if (moving.length > 0) console.warn(`  moving tags, which change with every upstream build: ${moving.map((r) => r.reference).join(', ')}`);
}

const [configDir = 'config', distDir = process.env.CDK8S_OUTDIR ?? 'dist'] = process.argv.slice(2);
process.exitCode = main(configDir, distDir);

import { mkdirSync, rmSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { loadEnvironmentsOrReport } from './config/load';
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
  const rendered = environments.map((env) => ({ name: env.name, files: new LabStackApp(env).render() }));
  rmSync(distDir, { recursive: true, force: true });
  for (const file of rendered.flatMap((r) => r.files)) {
    mkdirSync(dirname(join(distDir, file.path)), { recursive: true });
    writeFileSync(join(distDir, file.path), file.content);
  }
  console.log(`Rendered ${rendered.map((r) => `${r.name} (${r.files.length} files)`).join(', ')} into ${distDir}/`);
  return 0;
}

const [configDir = 'config', distDir = process.env.CDK8S_OUTDIR ?? 'dist'] = process.argv.slice(2);
process.exitCode = main(configDir, distDir);

import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { loadEnvironmentsOrReport } from './config/load';
import { LabStackApp, RenderedFile } from './charts/labstack-app';

/**
 * Renders every environment in config/ into dist/<environment>/.
 *
 * Config is validated first and all environments are rendered in memory before anything is
 * written, so bad input never leaves dist half-written. Environments whose config file is gone
 * are removed from dist.
 */
function main(configDir: string, distDir: string): number {
  const environments = loadEnvironmentsOrReport(configDir);
  if (!environments) return 1;
  const rendered: { name: string; files: RenderedFile[] }[] = environments.map((env) => ({
    name: env.name,
    files: new LabStackApp(env).render(),
  }));
  mkdirSync(distDir, { recursive: true });
  const names = new Set(rendered.map((r) => r.name));
  for (const entry of readdirSync(distDir, { withFileTypes: true })) {
    if (entry.isDirectory() && !names.has(entry.name)) rmSync(join(distDir, entry.name), { recursive: true });
  }
  for (const env of rendered) {
    const dir = join(distDir, env.name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const file of env.files) writeFileSync(join(dir, file.path), file.content);
  }
  console.log(`Rendered ${rendered.map((r) => `${r.name} (${r.files.length} files)`).join(', ')} into ${distDir}/`);
  return 0;
}

const [configDir = 'config', distDir = process.env.CDK8S_OUTDIR ?? 'dist'] = process.argv.slice(2);
process.exitCode = main(configDir, distDir);

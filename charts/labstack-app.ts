import { App, Chart } from 'cdk8s';
import * as yaml from 'js-yaml';
import type { EnvironmentConfig } from '../config/schema';
import { OpenPectusChart } from './open-pectus';
import { PlatformChart } from './platform';

/** One file of rendered manifests, relative to dist/<environment>/. */
export interface RenderedFile {
  readonly path: string;
  readonly content: string;
}

/**
 * Everything one environment deploys: the platform chart and a chart per enabled system
 * instance. Files are numbered so `kubectl apply -R` creates namespaces and issuers first.
 */
export class LabStackApp extends App {
  public readonly platform: PlatformChart;
  private readonly files = new Map<Chart, string>();

  constructor(public readonly environment: EnvironmentConfig) {
    super({ outdir: `dist/${environment.name}` });
    this.platform = new PlatformChart(this, 'platform', { environment });
    this.files.set(this.platform, '00-platform.yaml');

    const openPectus = environment.systems.openPectus;
    if (openPectus.enabled) {
      for (const instance of openPectus.instances) {
        const id = `open-pectus-${instance.name}`;
        this.files.set(new OpenPectusChart(this, id, { environment, instance, platform: this.platform }), `10-${id}.yaml`);
      }
    }
  }

  /** Renders every chart to YAML in memory; nothing is written. */
  public render(): RenderedFile[] {
    const header = `# Rendered by LabStack from config/${this.environment.name}.yaml (npm run synth). Do not edit.\n`;
    return this.charts.map((chart) => ({
      path: this.files.get(chart)!,
      content: header + chart.toJson().map((o) => `---\n${yaml.dump(o, { noRefs: true, lineWidth: -1 })}`).join(''),
    }));
  }
}

import { ApiObject, App, Chart } from 'cdk8s';
import * as yaml from 'js-yaml';
import { ARGOCD_DIR } from '../config/load';
import type { EnvironmentConfig } from '../config/schema';
import { renderExternalSecrets } from '../constructs/external-secrets';
import { ImageCatalog } from '../constructs/images';
import { annotateForArgoCd } from '../constructs/sync-waves';
import { OpenEmChart } from './openem';
import { OpenPectusChart } from './open-pectus';
import { GitOpsChart } from './gitops';
import { PlatformChart } from './platform';
import { SrsBackendChart, SrsChart } from './srs';
import { SrsMonitoringChart, SrsTelegrafChart } from './srs-monitoring';
import { StickyPiChart, StickyPiWebappChart } from './sticky-pi';

/** How every rendered file begins: what lets synthesis recognise a folder it may replace. */
export const RENDERED_MARK = '# Rendered by LabStack';

/** One file of rendered manifests, relative to dist/. */
export interface RenderedFile {
  readonly path: string;
  readonly content: string;
}

/**
 * Everything one environment deploys: the platform chart, a chart per enabled system instance
 * and, when configured, the Argo CD app-of-apps.
 *
 * Layout, relative to dist/: `<env>/<NN>-<system>/<file>.yaml` per system (the platform is
 * `00-platform`), numbered so `kubectl apply -R` (which walks names in order) creates namespaces
 * and issuers first; `argocd/<env>/` holds the Argo CD objects, outside the directory kubectl
 * users apply.
 */
export class LabStackApp extends App {
  public readonly platform: PlatformChart;
  /** Every image reference the environment renders, with its upstream contract. */
  public readonly images: ImageCatalog;
  private readonly files = new Map<Chart, string>();
  private readonly directories = new Map<string, Chart[]>();

  constructor(public readonly environment: EnvironmentConfig) {
    super({ outdir: `dist/${environment.name}` });
    this.images = new ImageCatalog(this, { lock: environment.imageLock, mirrors: environment.imageMirrors });
    this.platform = new PlatformChart(this, 'platform', { environment });
    this.add('00-platform', this.platform, '00-platform.yaml');

    const openPectus = environment.systems.openPectus;
    if (openPectus.enabled) {
      for (const instance of openPectus.instances) {
        const id = `open-pectus-${instance.name}`;
        this.add('10-open-pectus', new OpenPectusChart(this, id, { environment, instance, platform: this.platform }), `10-${id}.yaml`);
      }
    }

    if (environment.systems.openem.enabled) {
      this.add('20-openem', new OpenEmChart(this, 'openem', { environment, platform: this.platform }), '20-openem.yaml');
    }

    if (environment.systems.srs.enabled) {
      const app = new SrsChart(this, 'srs', { environment, platform: this.platform });
      const backend = new SrsBackendChart(this, 'srs-backend', { environment, platform: this.platform, app });
      const monitoring = new SrsMonitoringChart(this, 'srs-monitoring', { environment, platform: this.platform, app, backend });
      this.add('30-srs', app, '30-srs.yaml');
      this.add('30-srs', monitoring, '31-srs-monitoring.yaml');
      this.add('30-srs', new SrsTelegrafChart(this, 'srs-telegraf', { environment, platform: this.platform, monitoring }), '32-srs-telegraf.yaml');
      this.add('30-srs', backend, '33-srs-backend.yaml');
    }

    if (environment.systems.stickyPi.enabled) {
      const api = new StickyPiChart(this, 'sticky-pi', { environment, platform: this.platform });
      this.add('40-sticky-pi', api, '40-sticky-pi.yaml');
      this.add('40-sticky-pi', new StickyPiWebappChart(this, 'sticky-pi-webapp', { environment, platform: this.platform, api }), '41-sticky-pi-webapp.yaml');
    }

    const secrets = environment.secrets;
    if (secrets.provider === 'external-secrets') renderExternalSecrets(this, secrets.externalSecrets!);

    for (const object of this.node.findAll().filter(ApiObject.isApiObject)) annotateForArgoCd(object);

    if (environment.delivery.argocd) {
      const path = `${ARGOCD_DIR}/${environment.name}`;
      const sources = [...this.directories].map(([directory, charts]) => ({
        name: directory.replace(/^[0-9]+-/, ''),
        path: `dist/${environment.name}/${directory}`,
        charts,
        wave: charts.includes(this.platform) ? -1 : 0,
      }));
      this.files.set(new GitOpsChart(this, 'gitops', { environment, path: `dist/${path}`, sources }), `${path}/applications.yaml`);
    }
  }

  /**
   * Renders every chart to YAML in memory; nothing is written.
   *
   * `Chart.toJson()` validates and resolves dependencies of the whole app on every call, which
   * makes synthesis quadratic in the number of charts (one per instance). LabStack validates
   * once and renders each chart's objects in construct order: its charts declare no
   * object-level dependencies, only chart order, which `this.charts` honours.
   */
  public render(): RenderedFile[] {
    const errors = this.node.findAll().flatMap((c) => c.node.validate().map((e) => `[${c.node.path}] ${e}`));
    if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    const header = `${RENDERED_MARK} from config/${this.environment.name}.yaml (npm run synth). Do not edit.\n`;
    return this.charts.map((chart) => {
      const objects = chart.node
        .findAll()
        .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
        .map((o) => `---\n${yaml.dump(o.toJson(), { noRefs: true, lineWidth: -1 })}`);
      return { path: this.files.get(chart)!, content: header + objects.join('') };
    });
  }

  private add(directory: string, chart: Chart, file: string): void {
    this.files.set(chart, `${this.environment.name}/${directory}/${file}`);
    this.directories.set(directory, [...(this.directories.get(directory) ?? []), chart]);
  }
}

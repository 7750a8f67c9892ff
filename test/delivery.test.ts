import { readdirSync } from 'fs';
import { join } from 'path';
import { ARGOCD_DIR } from '../config/load';
import { syncWaveOf } from '../constructs/sync-waves';
import { checkArgoCd } from '../tools/validation/argocd';
import { Manifest, readManifests } from '../tools/validation/manifests';
import { DEVELOPMENT_LIKE, fixture, PRODUCTION_LIKE } from './fixtures';
import { writeRendering } from './helpers';
import { inKubectlOrder, kubectlOrder, orderProblems } from './kubectl-order';
import { temporaryDirectory } from './temporary';

// The fixtures rendered as npm run synth lays them out, in a repository of their own.
const environments = [fixture(PRODUCTION_LIKE, 'production'), fixture(DEVELOPMENT_LIKE, 'development')];
const root = temporaryDirectory('delivery');
const dist = join(root, 'dist');
writeRendering(environments, dist);

describe('kubectl apply -f dist/<env> -R on an empty cluster', () => {
  test.each(environments.map((e) => [e.name, e] as const))('%s: every object comes after the namespace, issuer, volume and account it needs', (name, env) => {
    const objects = inKubectlOrder(join(dist, name));
    expect(objects.length).toBeGreaterThan(50);
    expect(orderProblems(objects, [env.tls.certManagerNamespace])).toEqual([]);
  });

  test('the check fails when the platform is applied after a system', () => {
    const objects = inKubectlOrder(join(dist, 'production'));
    const platform = objects.filter((o) => o.file.includes('00-platform'));
    const problems = orderProblems([...objects.filter((o) => !platform.includes(o)), ...platform], []);
    const file = join(dist, 'production', '10-open-pectus', '10-open-pectus-prd.yaml');
    expect(problems).toContain(`Deployment aggregator-prd (${file}) comes before Namespace/open-pectus`);
    expect(problems).toContain(`Certificate pectus.research.example.org (${file}) comes before ClusterIssuer/labstack-production-acme`);
  });

  test('files are read as kubectl walks them: directories in name order, "a" before "a-b"', () => {
    const files = kubectlOrder(join(dist, 'production'));
    expect(files[0]).toBe(join(dist, 'production', '00-platform', '00-platform.yaml'));
    expect(files.indexOf(join(dist, 'production', '40-sticky-pi', '40-sticky-pi.yaml'))).toBeLessThan(files.indexOf(join(dist, 'production', '40-sticky-pi', '41-sticky-pi-webapp.yaml')));
  });
});

describe('Argo CD app-of-apps', () => {
  const argo = readManifests(join(dist, ARGOCD_DIR, 'production'));
  const apps = argo.filter((m) => m.kind === 'Application');
  const project = argo.find((m) => m.kind === 'AppProject' && m.metadata.name === 'labstack-production')!;
  const bootstrap = argo.find((m) => m.kind === 'AppProject' && m.metadata.name === 'labstack-production-bootstrap')!;

  test('a root Application syncs the directory of the Argo CD objects; one Application per directory of dist/<env>', () => {
    const rootApp = apps.find((a) => a.metadata.name === 'labstack-production')!;
    expect(rootApp.spec.source).toMatchObject({ repoURL: 'https://git.research.example.org/platform/labstack.git', targetRevision: 'stable' });
    expect(join(root, rootApp.spec.source.path)).toBe(join(dist, ARGOCD_DIR, 'production'));
    const children = apps.filter((a) => a !== rootApp);
    expect(children.map((a) => [a.metadata.name, join(root, a.spec.source.path)])).toEqual(
      readdirSync(join(dist, 'production')).sort().map((dir) => [`labstack-production-${dir.replace(/^[0-9]+-/, '')}`, join(dist, 'production', dir)]),
    );
    for (const app of children) {
      expect(app.spec.project).toBe('labstack-production');
      expect(app.spec.source.directory).toEqual({ recurse: true });
      expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: false });
    }
  });

  test('the platform Application syncs before the systems, the project before both', () => {
    const wave = (name: string) => Number(argo.find((m) => m.metadata.name === name)!.metadata.annotations!['argocd.argoproj.io/sync-wave']);
    expect(Number(project.metadata.annotations!['argocd.argoproj.io/sync-wave'])).toBeLessThanOrEqual(wave('labstack-production-platform'));
    expect(wave('labstack-production-platform')).toBeLessThan(wave('labstack-production-openem'));
  });

  test('the AppProject allows exactly the namespaces and cluster-scoped kinds dist/<env> uses', () => {
    const objects = readManifests(join(dist, 'production'));
    expect(project.spec.destinations.map((d: any) => d.namespace)).toEqual([...new Set(objects.map((o) => o.metadata.namespace).filter(Boolean))].sort());
    expect(project.spec.clusterResourceWhitelist).toEqual([
      { group: 'cert-manager.io', kind: 'ClusterIssuer' },
      { group: '', kind: 'Namespace' },
    ]);
    expect(project.spec.sourceRepos).toEqual(['https://git.research.example.org/platform/labstack.git']);
  });

  test('by default self-heals; the namespace of the private CA\'s certificate is allowed', () => {
    const devArgo = readManifests(join(dist, ARGOCD_DIR, 'development'));
    const devProject = devArgo.find((m) => m.kind === 'AppProject' && m.metadata.name === 'labstack-development')!;
    expect(devProject.spec.destinations.map((d: any) => d.namespace)).toContain('cert-manager');
    expect(devArgo.find((m) => m.metadata.name === 'labstack-development-openem')!.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  test('the root Application is in a bootstrap project that allows the Argo CD namespace and the Argo CD kinds it syncs, nothing else', () => {
    const rootApp = apps.find((a) => a.metadata.name === 'labstack-production')!;
    expect(rootApp.spec.project).toBe('labstack-production-bootstrap');
    expect(bootstrap.metadata.namespace).toBe('argocd');
    expect(bootstrap.spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'argocd' }]);
    expect(bootstrap.spec.namespaceResourceWhitelist).toEqual([
      { group: 'argoproj.io', kind: 'AppProject' },
      { group: 'argoproj.io', kind: 'Application' },
    ]);
    // Argo CD allows no cluster-scoped kind to a project without a clusterResourceWhitelist.
    expect(bootstrap.spec.clusterResourceWhitelist).toBeUndefined();
    expect(bootstrap.spec.sourceRepos).toEqual(['https://git.research.example.org/platform/labstack.git']);
    // What the root syncs is exactly what the bootstrap project allows.
    const synced = readManifests(join(root, rootApp.spec.source.path));
    expect([...new Set(synced.map((o) => `${o.apiVersion.split('/')[0]}/${o.kind}`))].sort()).toEqual(['argoproj.io/AppProject', 'argoproj.io/Application']);
    expect([...new Set(synced.map((o) => o.metadata.namespace))]).toEqual(['argocd']);
    // kubectl creates the bootstrap project before the Application that names it.
    expect(argo.indexOf(bootstrap)).toBeLessThan(argo.indexOf(rootApp));
    expect(apps.map((a) => a.spec.project)).not.toContain('default');
  });

  test('the checks refuse an Application in the project default and a project that does not allow what it syncs', () => {
    const broken = JSON.parse(JSON.stringify(argo));
    broken.find((m: any) => m.metadata.name === 'labstack-production-openem').spec.project = 'default';
    const brokenBootstrap = broken.find((m: any) => m.metadata.name === 'labstack-production-bootstrap');
    brokenBootstrap.spec.namespaceResourceWhitelist = brokenBootstrap.spec.namespaceResourceWhitelist.filter((k: any) => k.kind !== 'AppProject');
    brokenBootstrap.spec.sourceRepos = ['https://elsewhere.example.org/labstack.git'];
    const problems = checkArgoCd(broken, root);
    expect(problems).toContain(
      'Application argocd/labstack-production-openem (applications.yaml): is in Argo CD\'s project default, which allows every repository, namespace and kind; name a rendered AppProject',
    );
    expect(problems).toContain(
      'Application argocd/labstack-production (applications.yaml): project labstack-production-bootstrap does not allow the repository https://git.research.example.org/platform/labstack.git',
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Application argocd\/labstack-production .*AppProject labstack-production-bootstrap .*: project labstack-production-bootstrap does not allow kind argoproj.io\/AppProject$/),
      ]),
    );
  });

  test('the checks catch a kind or namespace the project does not allow, and a path that does not exist', () => {
    const broken = JSON.parse(JSON.stringify(argo));
    const brokenProject = broken.find((m: any) => m.kind === 'AppProject' && m.metadata.name === 'labstack-production');
    brokenProject.spec.namespaceResourceWhitelist = brokenProject.spec.namespaceResourceWhitelist.filter((k: any) => k.kind !== 'Job');
    brokenProject.spec.destinations = brokenProject.spec.destinations.filter((d: any) => d.namespace !== 'sticky-pi-webapp');
    const platform = broken.find((m: any) => m.metadata.name === 'labstack-production-platform');
    const gone = platform.spec.source.path.replace(/[^/]+$/, '99-gone');
    platform.spec.source.path = gone;
    const problems = checkArgoCd(broken, root);
    expect(problems).toContain(`Application argocd/labstack-production-platform (applications.yaml): path ${gone} is not a directory of the repository`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/labstack-production-openem .*Job prefect-config-[0-9a-f]{8} \(dist\/production\/20-openem\/20-openem.yaml\): project labstack-production does not allow kind batch\/Job/),
        expect.stringMatching(/labstack-production-sticky-pi .*Deployment webapp .*does not allow namespace sticky-pi-webapp/),
      ]),
    );
    expect(checkArgoCd(argo, root)).toEqual([]);
  });
});

describe('sync waves', () => {
  const objects = readManifests(join(dist, 'production'));
  const wave = (m: Manifest) => Number(m.metadata.annotations?.['argocd.argoproj.io/sync-wave']);

  test('every rendered object has one: namespaces and issuers first, then stores, servers, and one-shot jobs last', () => {
    expect(objects.filter((m) => Number.isNaN(wave(m)))).toEqual([]);
    const of = (kind: string) => syncWaveOf(kind)!;
    expect(of('Namespace')).toBeLessThan(of('ClusterIssuer'));
    expect(of('ClusterIssuer')).toBeLessThan(of('Certificate'));
    expect(of('PersistentVolumeClaim')).toBeLessThan(of('StatefulSet'));
    expect(of('StatefulSet')).toBeLessThan(of('Deployment'));
    expect(of('Deployment')).toBeLessThan(of('Job'));
    expect(Math.max(...objects.map(wave))).toBe(of('Job'));
    expect(Math.min(...objects.map(wave))).toBe(of('Namespace'));
  });

  test('volumes and namespaces are never pruned or deleted by Argo CD', () => {
    for (const m of objects.filter((o) => ['Namespace', 'PersistentVolume', 'PersistentVolumeClaim'].includes(o.kind))) {
      expect(m.metadata.annotations!['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    }
    expect(objects.filter((o) => o.kind === 'Deployment').every((o) => !o.metadata.annotations?.['argocd.argoproj.io/sync-options'])).toBe(true);
  });
});

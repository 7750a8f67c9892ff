import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { syncWaveOf } from '../constructs/sync-waves';
import { checkArgoCd } from '../tools/validation/argocd';
import { Manifest, parseManifests, readManifests } from '../tools/validation/manifests';
import { bundledEnvironments } from './helpers';

const environments = bundledEnvironments();

/** Files in the order `kubectl apply -R -f <dir>` reads them: Go's filepath.Walk, entries sorted per directory. */
function kubectlOrder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? kubectlOrder(path) : entry.endsWith('.yaml') ? [path] : [];
    });
}

/** What `kubectl apply` of these objects, in this order, would create before it is needed. */
function orderProblems(objects: Manifest[], existingNamespaces: string[]): string[] {
  const seen = new Set<string>(existingNamespaces.map((n) => `Namespace/${n}`));
  const problems: string[] = [];
  const need = (object: Manifest, key: string) => {
    if (!seen.has(key)) problems.push(`${object.kind} ${object.metadata.name} (${object.file}) comes before ${key}`);
  };
  for (const object of objects) {
    if (object.metadata.namespace) need(object, `Namespace/${object.metadata.namespace}`);
    if (object.kind === 'Certificate') need(object, `ClusterIssuer/${object.spec.issuerRef.name}`);
    if (object.kind === 'PersistentVolumeClaim' && object.spec.volumeName) need(object, `PersistentVolume/${object.spec.volumeName}`);
    if (object.kind === 'RoleBinding') {
      need(object, `Role/${object.roleRef.name}`);
      for (const subject of object.subjects) need(object, `ServiceAccount/${subject.name}`);
    }
    seen.add(`${object.kind}/${object.metadata.name}`);
  }
  return problems;
}

const inKubectlOrder = (dir: string) => kubectlOrder(dir).flatMap((file) => parseManifests(file, readFileSync(file, 'utf8')));

describe('kubectl apply -f dist/<env> -R on an empty cluster', () => {
  test.each(environments.map((e) => [e.name, e] as const))('%s: every object comes after the namespace, issuer, volume and account it needs', (name, env) => {
    const objects = inKubectlOrder(join('dist', name));
    expect(objects.length).toBeGreaterThan(50);
    expect(orderProblems(objects, [env.tls.certManagerNamespace])).toEqual([]);
  });

  test('the check fails when the platform is applied after a system', () => {
    const objects = inKubectlOrder('dist/prod');
    const platform = objects.filter((o) => o.file.includes('00-platform'));
    const problems = orderProblems([...objects.filter((o) => !platform.includes(o)), ...platform], []);
    expect(problems).toContain(`Deployment aggregator-prd (${join('dist', 'prod', '10-open-pectus', '10-open-pectus-prd.yaml')}) comes before Namespace/open-pectus`);
    expect(problems).toContain(`Certificate pectus.lab.example.org (${join('dist', 'prod', '10-open-pectus', '10-open-pectus-prd.yaml')}) comes before ClusterIssuer/labstack-prod-acme`);
  });

  test('files are read as kubectl walks them: directories in name order, "a" before "a-b"', () => {
    const files = kubectlOrder('dist/prod');
    expect(files[0]).toBe(join('dist', 'prod', '00-platform', '00-platform.yaml'));
    expect(files.indexOf(join('dist', 'prod', '40-sticky-pi', '40-sticky-pi.yaml'))).toBeLessThan(files.indexOf(join('dist', 'prod', '40-sticky-pi', '41-sticky-pi-webapp.yaml')));
  });
});

describe('Argo CD app-of-apps', () => {
  const argo = readManifests('dist/argocd/prod');
  const apps = argo.filter((m) => m.kind === 'Application');
  const project = argo.find((m) => m.kind === 'AppProject')!;

  test('a root Application syncs the directory of the Argo CD objects; one Application per directory of dist/prod', () => {
    const root = apps.find((a) => a.metadata.name === 'labstack-prod')!;
    expect(root.spec.source).toMatchObject({ repoURL: 'https://git.lab.example.org/lab-it/labstack.git', targetRevision: 'production', path: 'dist/argocd/prod' });
    const children = apps.filter((a) => a !== root);
    expect(children.map((a) => [a.metadata.name, a.spec.source.path])).toEqual(
      readdirSync('dist/prod').sort().map((dir) => [`labstack-prod-${dir.replace(/^[0-9]+-/, '')}`, `dist/prod/${dir}`]),
    );
    for (const app of children) {
      expect(app.spec.project).toBe('labstack-prod');
      expect(app.spec.source.directory).toEqual({ recurse: true });
      expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: false });
    }
  });

  test('the platform Application syncs before the systems, the project before both', () => {
    const wave = (name: string) => Number(argo.find((m) => m.metadata.name === name)!.metadata.annotations!['argocd.argoproj.io/sync-wave']);
    expect(Number(project.metadata.annotations!['argocd.argoproj.io/sync-wave'])).toBeLessThanOrEqual(wave('labstack-prod-platform'));
    expect(wave('labstack-prod-platform')).toBeLessThan(wave('labstack-prod-openem'));
  });

  test('the AppProject allows exactly the namespaces and cluster-scoped kinds dist/prod uses', () => {
    const objects = readManifests('dist/prod');
    expect(project.spec.destinations.map((d: any) => d.namespace)).toEqual([...new Set(objects.map((o) => o.metadata.namespace).filter(Boolean))].sort());
    expect(project.spec.clusterResourceWhitelist).toEqual([
      { group: 'cert-manager.io', kind: 'ClusterIssuer' },
      { group: '', kind: 'Namespace' },
    ]);
    expect(project.spec.sourceRepos).toEqual(['https://git.lab.example.org/lab-it/labstack.git']);
  });

  test('dev follows main with self-heal; the dev CA certificate\'s namespace is allowed', () => {
    const devArgo = readManifests('dist/argocd/dev');
    const devProject = devArgo.find((m) => m.kind === 'AppProject')!;
    expect(devProject.spec.destinations.map((d: any) => d.namespace)).toContain('cert-manager');
    expect(devArgo.find((m) => m.metadata.name === 'labstack-dev-openem')!.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  test('the checks catch a kind or namespace the project does not allow, and a path that does not exist', () => {
    const broken = JSON.parse(JSON.stringify(argo));
    const brokenProject = broken.find((m: any) => m.kind === 'AppProject');
    brokenProject.spec.namespaceResourceWhitelist = brokenProject.spec.namespaceResourceWhitelist.filter((k: any) => k.kind !== 'Job');
    brokenProject.spec.destinations = brokenProject.spec.destinations.filter((d: any) => d.namespace !== 'sticky-pi-webapp');
    broken.find((m: any) => m.metadata.name === 'labstack-prod-platform').spec.source.path = 'dist/prod/99-gone';
    const problems = checkArgoCd(broken, '.');
    expect(problems).toContain('Application argocd/labstack-prod-platform (applications.yaml): path dist/prod/99-gone is not a directory of the repository');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/labstack-prod-openem .*Job prefect-config-[0-9a-f]{8} \(dist\/prod\/20-openem\/20-openem.yaml\): project labstack-prod does not allow kind batch\/Job/),
        expect.stringMatching(/labstack-prod-sticky-pi .*Deployment webapp .*does not allow namespace sticky-pi-webapp/),
      ]),
    );
    expect(checkArgoCd(argo, '.')).toEqual([]);
  });
});

describe('sync waves', () => {
  const objects = readManifests('dist/prod');
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

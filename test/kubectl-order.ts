import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { Manifest, parseManifests } from '../tools/validation/manifests';

/** Files in the order `kubectl apply -R -f <dir>` reads them: Go's filepath.Walk, entries sorted per directory. */
export function kubectlOrder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? kubectlOrder(path) : entry.endsWith('.yaml') ? [path] : [];
    });
}

/** What `kubectl apply` of these objects, in this order, would create before it is needed. */
export function orderProblems(objects: Manifest[], existingNamespaces: string[]): string[] {
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

/** The objects of the files below `dir`, in the order kubectl applies them. */
export function inKubectlOrder(dir: string): Manifest[] {
  return kubectlOrder(dir).flatMap((file) => parseManifests(file, readFileSync(file, 'utf8')));
}

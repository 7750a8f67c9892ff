import { posix } from 'path';
import type { ImageContract, ProgramFact } from '../../constructs/image-contract';
import { Manifest } from './manifests';
import { PodTemplateOf, podTemplates } from './pods';

/** Variables every POSIX program may read (shells, Python, the C library). */
const UNIVERSAL_ENV = new Set(['HOME', 'TMPDIR']);
const SHELLS = new Set(['sh', '/bin/sh', 'bash', '/bin/bash']);

/**
 * Checks every rendered container against the contract of its image (constructs/image-contract.ts):
 * the program it runs exists and knows every flag given, every variable set is read by the image
 * or its script and every required one is set, nothing is mounted over the image's code, every
 * path it writes is writable, it runs as a user the image works with, and its ports and probes
 * are ones the image serves. Pods of Prefect base job templates (flow runs) are checked too.
 * A server whose contract has `auth` must require it, and its clients must send it (checkServerAuth).
 *
 * `contractOf` maps a rendered image reference to its contract (LabStackApp.images.contractOf).
 */
export function checkContracts(manifests: Manifest[], contractOf: (image: string) => ImageContract | undefined): string[] {
  const configMaps = new Map(manifests.filter((m) => m.kind === 'ConfigMap').map((m) => [`${m.metadata.namespace}/${m.metadata.name}`, m]));
  const pods = podTemplates(manifests);
  const perContainer = pods.flatMap((pod) => {
    const namespace = pod.namespace;
    return [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])].flatMap((container: any) => {
      const contract = contractOf(container.image);
      if (!contract) return [`${pod.where}: container ${container.name}: image ${container.image} has no contract`];
      const scriptText = (file: string) => scriptContent(pod.spec, container, file, namespace, configMaps);
      return checkContainer(`${pod.where}: container ${container.name} (${contract.repository})`, pod.spec, container, contract, scriptText, contractOf);
    });
  });
  return [...perContainer, ...checkServerAuth(pods, contractOf)];
}

/**
 * LabStack runs no server unauthenticated that can authenticate (its contract's `auth`): the
 * server reads its credential from a Secret, its probes use only the paths open without it, and
 * every container of its namespace that names it (auth.clientMarker, flow-run pods included)
 * reads the same Secret key into auth.clientEnv, never a value written into a manifest.
 */
function checkServerAuth(pods: PodTemplateOf[], contractOf: (image: string) => ImageContract | undefined): string[] {
  const containers = pods.flatMap((pod) => [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])].map((container: any) => ({ pod, container, contract: contractOf(container.image) })));
  return containers.flatMap(({ pod, container, contract }) => {
    const auth = contract?.spec.auth;
    if (!auth) return [];
    const where = `${pod.where}: container ${container.name} (${contract!.repository})`;
    const problems: string[] = [];
    const credential = secretKeyOf(container, auth.serverEnv);
    if (!credential) problems.push(`${where}: ${auth.serverEnv} ${setting(container, auth.serverEnv)}: ${contract!.repository} then answers every request without authentication`);
    for (const kind of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      const path = container[kind]?.httpGet?.path;
      if (path !== undefined && !auth.openPaths.includes(String(path).split('?')[0])) {
        problems.push(`${where}: ${kind} GETs ${path}, which needs ${auth.serverEnv}'s credential (open: ${auth.openPaths.join(', ')})`);
      }
    }
    if (!credential) return problems;
    const clients = containers.filter((c) => c.pod.namespace === pod.namespace && c.container !== container && (c.container.env ?? []).some((e: any) => e.name === auth.clientMarker));
    for (const client of clients) {
      const sent = secretKeyOf(client.container, auth.clientEnv);
      if (!sent || sent.name !== credential.name || sent.key !== credential.key) {
        problems.push(
          `${client.pod.where}: container ${client.container.name}: talks to ${contract!.repository} (${auth.clientMarker}) but ${auth.clientEnv} ${setting(client.container, auth.clientEnv)}; `
          + `it must come from the server's Secret ${credential.name} key ${credential.key}`,
        );
      }
    }
    return problems;
  });
}

/** The Secret and key a container's variable is read from. */
function secretKeyOf(container: any, name: string): { name: string; key: string } | undefined {
  const ref = (container.env ?? []).find((e: any) => e.name === name)?.valueFrom?.secretKeyRef;
  return ref ? { name: ref.name, key: ref.key } : undefined;
}

/** How a container sets a variable, for messages. */
function setting(container: any, name: string): string {
  const variable = (container.env ?? []).find((e: any) => e.name === name);
  if (!variable) return 'is not set';
  const ref = variable.valueFrom?.secretKeyRef;
  if (ref) return `comes from Secret ${ref.name} key ${ref.key}`;
  if (variable.valueFrom) return 'is not read from a Secret';
  // The flow-run model marks a value the worker copies (pods.ts); any other value is not repeated.
  return String(variable.value).startsWith('<') ? `is ${variable.value}` : 'is a value written into the manifest';
}

function checkContainer(
  where: string,
  pod: any,
  container: any,
  contract: ImageContract,
  scriptText: (file: string) => string | undefined,
  contractOf: (image: string) => ImageContract | undefined,
): string[] {
  const problems: string[] = [];
  const spec = contract.spec;
  const tag = /:([^/:@]+)(@sha256:[a-f0-9]{64})?$/.exec(container.image)?.[1];
  if (!tag || !contract.publishes(tag)) problems.push(`${where}: ${tag ? `tag ${tag}` : 'no tag'}: ${contract.repository} publishes ${contract.describeTags()}`);

  // The program, its flags, its variables.
  const invocation = contract.invocation(container.command, container.args ?? []);
  const words = invocation.words;
  const shell = words.length > 0 && SHELLS.has(words[0]);
  const script = shell ? (words[1] === '-c' ? words[2] : scriptText(words[1])) : undefined;
  const program: ProgramFact | undefined = shell ? undefined : invocation.program;
  // An unreadable image (a private one) has no known programs: only its assumptions are checked.
  const unknownPrograms = spec.unreadable !== undefined && (spec.programs ?? []).length === 0 && !container.command;
  if (shell) {
    if (script === undefined) problems.push(`${where}: runs ${words[1]}, which no mounted ConfigMap holds`);
  } else if (unknownPrograms) {
    // Nothing to check: the contract says what is assumed instead.
  } else if (!program) {
    problems.push(words.length > 0 ? `${where}: runs "${words[0]}", which the image does not have (its contract lists ${programNames(contract)})` : `${where}: the contract names no main program`);
  } else {
    problems.push(...unknownFlags(where, program, [...invocation.args]));
  }
  const env: any[] = container.env ?? [];
  const expanded = new Set(
    [...env.map((e) => e.value ?? ''), ...(container.command ?? []), ...(container.args ?? [])].flatMap((text: string) => [...text.matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)].map((m) => m[1])),
  );
  // Without a known program (reported above) its variables cannot be checked.
  const knowsVariables = shell || unknownPrograms || program !== undefined;
  for (const variable of knowsVariables ? env : []) {
    const name: string = variable.name;
    const read = UNIVERSAL_ENV.has(name) || expanded.has(name) || (script !== undefined ? script.includes(name) || readsAnywhere(contract, name) : contract.reads(name, program));
    if (!read) problems.push(`${where}: sets ${name}, which ${script !== undefined ? 'neither the image nor its script reads' : `${program?.command ?? 'the image'} does not read`}`);
  }
  if (program) {
    for (const required of contract.envOf(program).filter((e) => e.required)) {
      if (!env.some((e) => e.name === required.name)) problems.push(`${where}: ${program.command} requires ${required.name}, which is not set${required.note ? ` (${required.note})` : ''}`);
    }
  }

  // Volumes: never over the code, writable where the program writes.
  const mounts: any[] = container.volumeMounts ?? [];
  for (const code of spec.code ?? []) {
    const hiding = mounts.find((m) => within(code.path, m.mountPath));
    if (hiding) problems.push(`${where}: the volume ${hiding.name} at ${hiding.mountPath} hides the image's code at ${code.path}`);
  }
  // LabStack's own scripts write where they are told; their tests run them for real.
  const readOnlyRoot = container.securityContext?.readOnlyRootFilesystem === true;
  if (readOnlyRoot && !shell) {
    const variables = new Map<string, string>(env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value]));
    for (const write of [...(spec.writes ?? []), ...(program?.writes ?? [])]) {
      // $HOME and $TMPDIR stand for wherever the container's variables point.
      const path = write.path.replace(/^\$([A-Z_]+)/, (_, name: string) => variables.get(name) ?? (name === 'TMPDIR' ? '/tmp' : `$${name}`));
      if (!mounts.some((m) => !m.readOnly && within(path, m.mountPath))) {
        problems.push(`${where}: writes ${path}, which is read-only here (mount a writable volume there)`);
      }
    }
  }

  // The user.
  const uid = container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser ?? spec.user.uid;
  if (!spec.user.anyUid && uid !== spec.user.uid) problems.push(`${where}: runs as uid ${uid}, but the image works only as uid ${spec.user.uid}`);

  // Ports and probes.
  const ports = new Set((spec.ports ?? []).map((p) => p.port));
  const named = new Map<string, number>((container.ports ?? []).map((p: any) => [p.name, p.containerPort]));
  for (const port of container.ports ?? []) {
    if (!ports.has(port.containerPort)) problems.push(`${where}: declares port ${port.containerPort}, which the image does not serve (it serves ${[...ports].join(', ') || 'none'})`);
  }
  for (const kind of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
    const probe = container[kind];
    if (!probe) continue;
    if (probe.httpGet) {
      const port = typeof probe.httpGet.port === 'string' ? named.get(probe.httpGet.port) : probe.httpGet.port;
      const path = String(probe.httpGet.path).split('?')[0];
      // A probe may go through another container of the pod (a gateway): its image answers.
      const server = (pod.containers ?? []).find((c: any) => c !== container && (c.ports ?? []).some((p: any) => p.containerPort === port));
      const answering: ImageContract = (server && contractOf(server.image)) || contract;
      if (!(answering.spec.health ?? []).some((h) => h.path === path && (h.port === undefined || h.port === port))) {
        problems.push(`${where}: ${kind} GETs ${path} on port ${port}, which is not a health endpoint of ${answering.repository} (${healthNames(answering)})`);
      }
    } else if (probe.tcpSocket) {
      if (!ports.has(probe.tcpSocket.port)) problems.push(`${where}: ${kind} connects to port ${probe.tcpSocket.port}, which the image does not serve`);
    } else if (probe.exec) {
      const command: string[] = probe.exec.command;
      if (SHELLS.has(command[0])) continue;
      const probeProgram = contract.programOf(command);
      if (!probeProgram) problems.push(`${where}: ${kind} runs "${command[0]}", which the image does not have (its contract lists ${programNames(contract)})`);
      else problems.push(...unknownFlags(`${where}: ${kind}`, probeProgram, command.slice(probeProgram.command.split(' ').length)));
    }
  }
  return problems;
}

function unknownFlags(where: string, program: ProgramFact, args: string[]): string[] {
  const flags = new Set(program.flags ?? []);
  return args
    .filter((arg) => /^--?[A-Za-z]/.test(arg))
    .map((arg) => arg.split('=')[0])
    .filter((flag) => !flags.has(flag))
    .map((flag) => `${where}: ${program.command} has no option ${flag}`);
}

function readsAnywhere(contract: ImageContract, name: string): boolean {
  return (contract.spec.programs ?? []).some((p) => contract.reads(name, p)) || contract.reads(name, undefined);
}

/** `path` is `mount` or below it. */
function within(path: string, mount: string): boolean {
  const p = posix.normalize(path).replace(/\/$/, '');
  const m = posix.normalize(mount).replace(/\/$/, '');
  return p === m || p.startsWith(`${m}/`) || m === '';
}

function programNames(contract: ImageContract): string {
  return (contract.spec.programs ?? []).map((p) => p.command).join(', ') || 'none';
}

function healthNames(contract: ImageContract): string {
  return (contract.spec.health ?? []).map((h) => (h.path ? `${h.path}${h.port ? ` on ${h.port}` : ''}` : h.command)).join(', ') || 'it has none';
}

/** The text of a script a container runs, from the ConfigMap mounted at its directory. */
function scriptContent(pod: any, container: any, file: string, namespace: string, configMaps: Map<string, Manifest>): string | undefined {
  const mount = (container.volumeMounts ?? []).find((m: any) => within(file, m.mountPath));
  const volume = mount && (pod.volumes ?? []).find((v: any) => v.name === mount.name);
  const configMap = volume?.configMap && configMaps.get(`${namespace}/${volume.configMap.name}`);
  return configMap?.data?.[posix.relative(mount.mountPath, file)];
}

import { ChildProcess, execFile, execFileSync, spawn } from 'child_process';
import { createHash, createPrivateKey, randomUUID, sign } from 'crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { createServer, Server } from 'http';
import { AddressInfo, createServer as createNetServer } from 'net';
import { join } from 'path';
import { promisify } from 'util';
import { gzipSync } from 'zlib';
import { requirePrograms } from './programs';

const execFileAsync = promisify(execFile);

/**
 * A real OCI registry on loopback for tests: Debian's docker-registry (the CNCF distribution
 * registry) serving HTTPS with a throw-away CA, images pushed with skopeo.
 *
 * Authentication, as public and private registries do it:
 * - `token`: the registry sends clients to a token service (Docker Hub, GHCR and Quay work this
 *   way). The one here issues pull tokens anonymously, except for repositories under private/,
 *   which need the user and password given.
 * - `basic`: an htpasswd file (htpasswd -B from apache2-utils), as small private registries do.
 */
export type RegistryAuth = { kind: 'none' } | { kind: 'token'; username: string; password: string } | { kind: 'basic'; username: string; password: string };

export interface RunningRegistry {
  /** host:port, e.g. 127.0.0.1:41234. */
  readonly address: string;
  /** The CA certificate file clients must trust (NODE_EXTRA_CA_CERTS). */
  readonly caFile: string;
  /** Pushes a small image as repository:tag and returns its manifest digest. */
  push(repository: string, tag: string, content?: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startRegistry(dir: string, auth: RegistryAuth = { kind: 'none' }): Promise<RunningRegistry> {
  const programs = requirePrograms(['docker-registry', 'skopeo', 'openssl', 'htpasswd']);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  // skopeo reads every *.crt of --dest-cert-dir as a CA (and *.key as client keys): the CA alone.
  mkdirSync(join(dir, 'certs'));
  const caFile = join(dir, 'certs', 'registry.crt');
  const keyFile = join(dir, 'registry.key');
  const openssl = (args: string[]) => execFileSync(programs.openssl, args, { stdio: 'ignore' });
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', caFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);

  let tokenServer: Server | undefined;
  let authConfig = '';
  if (auth.kind === 'token') {
    const tokenKey = join(dir, 'token.key');
    const tokenCert = join(dir, 'token.crt');
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', tokenKey, '-out', tokenCert, '-days', '1', '-subj', '/CN=labstack-test-token']);
    tokenServer = await startTokenServer(readFileSync(tokenKey, 'utf8'), readFileSync(tokenCert, 'utf8'), auth);
    const tokenPort = (tokenServer.address() as AddressInfo).port;
    authConfig = `auth:\n  token:\n    realm: http://127.0.0.1:${tokenPort}/token\n    service: labstack-test\n    issuer: labstack-test-issuer\n    rootcertbundle: ${tokenCert}\n`;
  } else if (auth.kind === 'basic') {
    const htpasswd = join(dir, 'htpasswd');
    execFileSync(programs.htpasswd, ['-Bbc', htpasswd, auth.username, auth.password], { stdio: 'ignore' });
    authConfig = `auth:\n  htpasswd:\n    realm: labstack-test\n    path: ${htpasswd}\n`;
  }
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\n` +
      `http:\n  addr: ${address}\n  tls:\n    certificate: ${caFile}\n    key: ${keyFile}\n${authConfig}`,
  );
  const registry: ChildProcess = spawn(programs['docker-registry'], ['serve', config], { stdio: 'ignore' });
  await waitForPort(port, registry);

  const layout = join(dir, 'oci');
  return {
    address,
    caFile,
    // Asynchronous: the token service runs in this process and must answer skopeo meanwhile.
    async push(repository, tag, content = `${repository}:${tag}`) {
      const digest = writeLayout(layout, content);
      const credentials = auth.kind === 'none' ? [] : ['--dest-creds', `${auth.username}:${auth.password}`];
      await execFileAsync(programs.skopeo, ['copy', '--quiet', '--dest-cert-dir', join(dir, 'certs'), ...credentials, `oci:${layout}:image`, `docker://${address}/${repository}:${tag}`]);
      return digest;
    },
    async stop() {
      registry.kill();
      await new Promise<void>((resolve) => (registry.exitCode !== null ? resolve() : registry.once('exit', () => resolve())));
      if (tokenServer) await new Promise<void>((resolve) => tokenServer!.close(() => resolve()));
    },
  };
}

/** A free TCP port on loopback, for servers started next. */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, process: ChildProcess): Promise<void> {
  const net = await import('net');
  for (let i = 0; i < 100; i++) {
    if (process.exitCode !== null) throw new Error(`docker-registry exited with ${process.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry did not listen on ${port}`);
}

/** Writes a one-layer OCI image layout holding `content`; returns the manifest digest. */
function writeLayout(dir: string, content: string): string {
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const put = (data: Buffer) => {
    const digest = createHash('sha256').update(data).digest('hex');
    writeFileSync(join(blobs, digest), data);
    return { digest: `sha256:${digest}`, size: data.length };
  };
  const tar = tarOf('content', Buffer.from(content));
  const layer = put(gzipSync(tar));
  const config = put(Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [`sha256:${createHash('sha256').update(tar).digest('hex')}`] }, config: {} })));
  const manifest = put(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
      }),
    ),
  );
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'image' } }] }),
  );
  return manifest.digest;
}

/** A tar archive of one file (ustar). */
function tarOf(name: string, data: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const padding = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([header, data, padding, Buffer.alloc(1024)]);
}

/**
 * The token service: answers GET /token?service=&scope=repository:<name>:pull with a JWT the
 * registry trusts (RS256, the signing certificate in x5c, as distribution's token auth expects).
 */
async function startTokenServer(keyPem: string, certPem: string, auth: { username: string; password: string }): Promise<Server> {
  const key = createPrivateKey(keyPem);
  const der = certPem.replace(/-----[^-]+-----|\s/g, '');
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const scope = url.searchParams.get('scope') ?? '';
    const [, name, actions] = scope.split(':');
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString() : undefined;
    const needsCredentials = name?.startsWith('private/') || actions?.includes('push');
    if ((needsCredentials || given) && given !== `${auth.username}:${auth.password}`) {
      response.writeHead(401, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ details: 'incorrect username or password' }));
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const head = encode({ typ: 'JWT', alg: 'RS256', x5c: [der] });
    const claims = encode({
      iss: 'labstack-test-issuer',
      sub: given ? auth.username : '',
      aud: url.searchParams.get('service'),
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access: name ? [{ type: 'repository', name, actions: (actions ?? 'pull').split(',') }] : [],
    });
    const signature = sign('sha256', Buffer.from(`${head}.${claims}`), key).toString('base64url');
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ token: `${head}.${claims}.${signature}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

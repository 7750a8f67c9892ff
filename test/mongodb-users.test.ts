import { spawnSync } from 'child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { MONGO } from '../constructs/databases/images';
import { fixture, PRODUCTION_LIKE } from './fixtures';
import { envOf, find, render } from './helpers';
import { installStandIn } from './stand-ins';
import { temporaryDirectory } from './temporary';

/**
 * The MongoDB users Job as rendered (its script from the ConfigMap, its environment from the Job),
 * run under /bin/sh against a stand-in mongosh: the call is checked against the mongo image's
 * contract, then the --eval script runs under Node with a stand-in of the shell API it uses
 * (new Mongo(uri).getDB("admin") with auth, getUser, createUser and updateUser, as mongosh v2.8.3
 * packages/shell-api/src/database.ts defines them: getUser answers null for a missing user). The
 * server's users are kept in a JSON file between runs.
 */
const objects = render(fixture(PRODUCTION_LIKE, 'production'));
const job = objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('mongodb-users-'))!;
const container = job.spec.template.spec.containers[0];
const scripts = find(objects, 'ConfigMap', 'mongodb-users-scripts', 'srs').data;
const rendered: { name: string; roles: { role: string; db: string }[] }[] = JSON.parse(envOf(container).MONGODB_USERS);

const HARNESS = `
const fs = require('fs');
const args = process.argv.slice(2);
const code = args[args.indexOf('--eval') + 1];
const state = JSON.parse(fs.readFileSync(process.env.STANDIN_STATE, 'utf8'));
const calls = [];
class Mongo {
  constructor(uri) { calls.push(['connect', uri]); this.authenticated = false; }
  getDB(db) {
    const connection = this;
    const authenticated = () => { if (!connection.authenticated) throw new Error('command requires authentication'); };
    return {
      auth(user, pwd) {
        if (user !== state.root.user || pwd !== state.root.pwd) throw new Error('MongoServerError: Authentication failed.');
        connection.authenticated = true; calls.push(['auth', db, user]); return { ok: 1 };
      },
      getUser(user) { authenticated(); return state.users[user] ? { user, db, roles: state.users[user].roles } : null; },
      createUser(doc) {
        authenticated();
        if (!doc.user || !doc.roles || !doc.pwd) throw new Error('Missing required property');
        if (state.users[doc.user]) throw new Error('MongoServerError: User "' + doc.user + '@' + db + '" already exists');
        state.users[doc.user] = { roles: doc.roles, pwd: doc.pwd }; calls.push(['createUser', db, doc.user]);
      },
      updateUser(user, doc) {
        authenticated();
        if (!state.users[user]) throw new Error('MongoServerError: User ' + user + '@' + db + ' not found');
        state.users[user] = { roles: doc.roles, pwd: doc.pwd }; calls.push(['updateUser', db, user]);
      },
    };
  }
}
const print = (...values) => console.log(...values);
let failed = false;
try { eval(code); } catch (error) { console.error(error.message); failed = true; }
fs.writeFileSync(process.env.STANDIN_STATE, JSON.stringify(state));
fs.writeFileSync(process.env.STANDIN_CALLS, JSON.stringify(calls));
process.exit(failed ? 1 : 0);
`;

function server(users: Record<string, { roles: unknown[]; pwd: string }> = {}) {
  const dir = temporaryDirectory('mongodb-users');
  const [bin, scriptDir, passwords] = [join(dir, 'bin'), join(dir, 'scripts'), join(dir, 'passwords')];
  for (const d of [bin, scriptDir, passwords]) mkdirSync(d);
  for (const [file, text] of Object.entries(scripts)) writeFileSync(join(scriptDir, file), text as string);
  writeFileSync(join(bin, '.harness.js'), HARNESS);
  const log = join(dir, 'calls.log');
  installStandIn(bin, 'mongosh', MONGO, { log, behaviour: `exec node "${join(bin, '.harness.js')}" "$@"` });
  const state = join(dir, 'state.json');
  writeFileSync(state, JSON.stringify({ root: { user: 'root', pwd: 'root-password' }, users }));
  for (const user of rendered) writeFileSync(join(passwords, user.name), `password-of-${user.name}`);
  const env = {
    ...envOf(container),
    PATH: `${bin}:${process.env.PATH}`,
    MONGODB_USER: 'root',
    MONGODB_PASSWORD: 'root-password',
    MONGODB_PASSWORDS_DIR: passwords,
    STANDIN_STATE: state,
    STANDIN_CALLS: join(dir, 'shell-calls.json'),
  };
  const run = (extra: Record<string, string> = {}) => spawnSync('/bin/sh', [join(scriptDir, 'users.sh')], { env: { ...env, ...extra }, encoding: 'utf8' });
  const read = () => JSON.parse(readFileSync(state, 'utf8')).users;
  const shellCalls = () => JSON.parse(readFileSync(env.STANDIN_CALLS, 'utf8'));
  return { run, read, shellCalls, passwords, argv: () => readFileSync(log, 'utf8') };
}

describe('the MongoDB users Job, run as rendered against a stand-in mongosh', () => {
  test('renders a user per client, each with only its roles, the passwords from the Secret mounted as files', () => {
    expect(rendered).toEqual([
      { name: 'srs-backend', roles: [{ role: 'readWrite', db: 'srs' }] },
      { name: 'srs-init-admin', roles: [{ role: 'readWrite', db: 'srs' }] },
      { name: 'srs-data-extractor', roles: [{ role: 'read', db: 'srs' }] },
      { name: 'srs-backup', roles: [{ role: 'backup', db: 'admin' }, { role: 'restore', db: 'admin' }] },
      { name: 'srs-telegraf', roles: [{ role: 'clusterMonitor', db: 'admin' }] },
    ]);
    expect(envOf(container)).toMatchObject({ MONGODB_USER: 'secret:srs-mongodb/username', MONGODB_PASSWORD: 'secret:srs-mongodb/password', MONGODB_PASSWORDS_DIR: '/run/secrets/mongodb-users' });
    const volume = job.spec.template.spec.volumes.find((v: any) => v.secret);
    expect(volume.secret.secretName).toBe('mongodb-users');
  });

  test('on a new server: logs in as root against admin and creates every user with its roles and password', () => {
    const mongo = server();
    const result = mongo.run();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(mongo.shellCalls()[0]).toEqual(['connect', 'mongodb://mongodb:27017/?authSource=admin']);
    expect(mongo.shellCalls()[1]).toEqual(['auth', 'admin', 'root']);
    expect(mongo.read()).toEqual(Object.fromEntries(rendered.map((u) => [u.name, { roles: u.roles, pwd: `password-of-${u.name}` }])));
    expect(result.stdout).toContain('created srs-backup: backup@admin, restore@admin');
    // Neither the root password nor a user's is on mongosh's command line.
    expect(mongo.argv()).not.toMatch(/root-password|password-of-/);
  });

  test('on a server that has them: sets each one\'s roles and password from the list and the Secret, leaving other users alone', () => {
    const mongo = server({ 'srs-backend': { roles: [{ role: 'root', db: 'admin' }], pwd: 'old' }, operator: { roles: [{ role: 'read', db: 'srs' }], pwd: 'theirs' } });
    expect(mongo.run().status).toBe(0);
    const users = mongo.read();
    expect(users['srs-backend']).toEqual({ roles: [{ role: 'readWrite', db: 'srs' }], pwd: 'password-of-srs-backend' });
    expect(users.operator).toEqual({ roles: [{ role: 'read', db: 'srs' }], pwd: 'theirs' });
    expect(mongo.shellCalls().filter((c: string[]) => c[0] === 'updateUser')).toEqual([['updateUser', 'admin', 'srs-backend']]);
  });

  test('fails, naming the file, when a password is missing; fails when the root login is refused', () => {
    const mongo = server();
    writeFileSync(join(mongo.passwords, 'srs-telegraf'), '');
    const missing = mongo.run();
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain(`${mongo.passwords}/srs-telegraf, the password of srs-telegraf, is missing or empty: run the secrets script`);
    const refused = server().run({ MONGODB_PASSWORD: 'wrong' });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('Authentication failed');
  });
});

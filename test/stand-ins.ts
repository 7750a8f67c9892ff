import { chmodSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { ImageContract } from '../constructs/image-contract';

/**
 * Stand-ins for the programs of an image that is not available on a test machine (the archiver's
 * config image, the Prefect CLI, the MongoDB tools): each call is checked against the image's
 * contract before the stand-in's behaviour runs. A program the image does not have, an option its
 * parser does not know, or a variable it requires and does not get fails the call with exit 64
 * and a message, the way the real program would refuse it.
 */
export function installStandIn(bin: string, name: string, contract: ImageContract, options: { log: string; before?: string; behaviour?: string }): void {
  const programs = (contract.spec.programs ?? []).map((p) => ({
    command: p.command.split(' '),
    flags: p.flags ?? [],
    required: contract.envOf(p).filter((e) => e.required).map((e) => e.name),
  }));
  const spec = join(bin, `.${name}.contract.json`);
  writeFileSync(spec, JSON.stringify(programs));
  const checker = join(bin, '.check-call.js');
  writeFileSync(checker, CHECKER);
  writeFileSync(
    join(bin, name),
    [
      '#!/bin/sh',
      options.before ?? '',
      `node "${checker}" "${spec}" "${name}" "$@" || exit 64`,
      `echo "${name} $* (in $(pwd))" >> "${options.log}"`,
      options.behaviour ?? '',
      '',
    ].join('\n'),
  );
  chmodSync(join(bin, name), 0o755);
}

/** Node script: finds the program a call runs (root options of a one-word program skipped) and checks it. */
const CHECKER = `
const [specFile, name, ...args] = process.argv.slice(2);
const programs = JSON.parse(require('fs').readFileSync(specFile, 'utf8'));
const root = programs.find((p) => p.command.length === 1 && p.command[0] === name);
let words = [name, ...args];
while (root && words.length > 1 && root.flags.includes(words[1].split('=')[0])) words = [name, ...words.slice(2)];
const program = programs
  .filter((p) => p.command.every((w, i) => words[i] === w))
  .sort((a, b) => b.command.length - a.command.length)[0];
const fail = (message) => { process.stderr.write(name + ' (stand-in): ' + message + '\\n'); process.exit(64); };
if (!program) fail('the image has no command "' + words.slice(0, 3).join(' ') + '"');
for (const arg of words.slice(program.command.length)) {
  if (/^--?[A-Za-z]/.test(arg) && !program.flags.includes(arg.split('=')[0])) fail(program.command.join(' ') + ' has no option ' + arg.split('=')[0]);
}
for (const variable of program.required) if (!process.env[variable]) fail(program.command.join(' ') + ' requires ' + variable);
`;

/**
 * Wrappers around real programs that record each call's arguments (what ps shows of a process)
 * before running the program itself, so tests can check that no secret is on a command line.
 * Put `bin` first on the PATH of the script under test.
 */
export function recordCalls(bin: string, programs: Record<string, string>, log: string): void {
  for (const [name, path] of Object.entries(programs)) {
    writeFileSync(join(bin, name), ['#!/bin/sh', `printf '%s\\n' "${name} $*" >> "${log}"`, `exec "${path}" "$@"`, ''].join('\n'));
    chmodSync(join(bin, name), 0o755);
  }
}

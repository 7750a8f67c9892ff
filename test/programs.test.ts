import { chmodSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { DEBIAN_PACKAGES, Program, requirePrograms } from './programs';
import { temporaryDirectory } from './temporary';

describe('requirePrograms', () => {
  test('names every missing program with its Debian package and says that .ci/run installs them', () => {
    const emptyPath = temporaryDirectory('programs');
    expect(() => requirePrograms(['skopeo', 'shellcheck', 'htpasswd'], emptyPath)).toThrow(
      'missing skopeo (Debian package skopeo), shellcheck (Debian package shellcheck), htpasswd (Debian package apache2-utils): ' +
        '.ci/run installs every package the tests need (or: apt-get install skopeo shellcheck apache2-utils)',
    );
  });

  test('finds a program on the PATH it is given', () => {
    const bin = temporaryDirectory('programs');
    writeFileSync(join(bin, 'shellcheck'), '#!/bin/sh\n');
    chmodSync(join(bin, 'shellcheck'), 0o755);
    expect(requirePrograms(['shellcheck'], bin)).toEqual({ shellcheck: join(bin, 'shellcheck') });
  });
});

test('.ci/run installs the Debian package of every program the tests run, under the same name', () => {
  const script = readFileSync(join(__dirname, '..', '.ci', 'run'), 'utf8');
  // need <program> <package>, and packages="$packages <package>" for what is not a program on PATH.
  const needed = [...script.matchAll(/^need (\S+) (\S+)$/gm)].map(([, program, pkg]) => [program, pkg]);
  const installed = new Set([...needed.map(([, pkg]) => pkg), ...[...script.matchAll(/packages="\$packages (\S+)"/g)].map(([, pkg]) => pkg)]);
  expect(needed.length).toBeGreaterThan(5);
  expect([...new Set(Object.values(DEBIAN_PACKAGES))].filter((pkg) => !installed.has(pkg))).toEqual([]);
  expect(needed.filter(([program, pkg]) => program in DEBIAN_PACKAGES && DEBIAN_PACKAGES[program as Program] !== pkg)).toEqual([]);
});

import { spawnSync } from 'child_process';
import { readdirSync } from 'fs';
import { join } from 'path';
import { requirePrograms } from './programs';

/** Every shell script of the project passes shellcheck (.shellcheckrc lets it follow the sourced helpers). */
test('shell scripts pass shellcheck', () => {
  const { shellcheck } = requirePrograms(['shellcheck']);
  const root = join(__dirname, '..');
  const scripts = [
    ...readdirSync(join(root, 'scripts'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.sh')).map((f) => join('scripts', f)),
    ...readdirSync(join(root, 'tools')).filter((f) => f.endsWith('.sh')).map((f) => join('tools', f)),
    '.ci/run',
  ];
  expect(scripts.length).toBeGreaterThan(15);
  const result = spawnSync(shellcheck, ['-x', ...scripts], { cwd: root, encoding: 'utf8' });
  expect(result.stdout).toBe('');
  expect(result.status).toBe(0);
});

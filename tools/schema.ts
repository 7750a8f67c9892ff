import { writeFileSync } from 'fs';
import { join } from 'path';
import { z } from 'zod';
import { environmentSchema } from '../config/schema';
import { runCommand, UsageError } from './cli';

/** The JSON Schema of an environment file, for editors (referenced from each config/*.yaml). */
export function environmentJsonSchema(): string {
  const schema = z.toJSONSchema(environmentSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'LabStack environment', $id: 'labstack-environment.schema.json' }, null, 2)}\n`;
}

if (require.main === module) {
  runCommand('usage: npm run schema (no arguments): writes config/environment.schema.json', () => {
    const args = process.argv.slice(2);
    if (args.length > 0) throw new UsageError(`npm run schema takes no arguments (got "${args.join(' ')}")`);
    writeFileSync(join(__dirname, '..', 'config', 'environment.schema.json'), environmentJsonSchema());
    console.log('wrote config/environment.schema.json');
    return 0;
  });
}

import { readFileSync } from 'fs';
import { environmentJsonSchema } from '../tools/schema';

test('config/environment.schema.json is up to date (npm run schema)', () => {
  expect(readFileSync('config/environment.schema.json', 'utf8')).toBe(environmentJsonSchema());
});

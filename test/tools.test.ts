import { readFileSync } from 'fs';
import { environmentJsonSchema } from '../tools/schema';

test('config/schema.json is up to date (npm run schema)', () => {
  expect(readFileSync('config/schema.json', 'utf8')).toBe(environmentJsonSchema());
});

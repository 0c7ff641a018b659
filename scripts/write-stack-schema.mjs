// Writes schemas/stack.schema.json from the service model. Run after `npm run build`:
//   npm run build && node scripts/write-stack-schema.mjs
import { writeFileSync } from 'node:fs';
import { buildStackSchema } from '../dist/desired/schema-build.js';

const target = new URL('../schemas/stack.schema.json', import.meta.url);
writeFileSync(target, JSON.stringify(buildStackSchema(), null, 2) + '\n');
console.log(`wrote ${target.pathname}`);

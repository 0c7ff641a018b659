// Writes schemas/stack.schema.json from the service model. Run after `npm run build`:
//   npm run build && node scripts/write-stack-schema.mjs
import { buildStackSchema } from '../dist/desired/schema-build.js';
import { writeFileAtomic } from '../dist/util/atomic-write.js';

const target = new URL('../schemas/stack.schema.json', import.meta.url);
await writeFileAtomic(target.pathname, `${JSON.stringify(buildStackSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);

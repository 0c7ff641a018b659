import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelRules, NAMESPACE, OPERATIONS, serviceModel } from '../../src/model/index.js';
// @ts-expect-error: a build script, plain JavaScript with no types
import { operationNames } from '../../scripts/build-model-rules.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const PROSE = ['smithy.api#documentation', 'smithy.api#examples'];

const strip = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(strip)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (PROSE.includes(k) ? [] : [[k, strip(v)]])))
      : value;

describe('the model as the checks read it', () => {
  it('src/model/rules.generated.ts is up to date with model/', () => {
    expect(() => execFileSync(process.execPath, ['scripts/build-model-rules.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('the build reads the operations from src/model/operations.ts as TypeScript does', () => {
    expect(operationNames()).toEqual([...OPERATIONS]);
  });

  it('holds every operation cosell uses, and each shape it keeps is the model’s own but for documentation and examples', () => {
    const full = serviceModel();
    const rules = modelRules();
    for (const op of OPERATIONS) expect(rules.shapes[NAMESPACE + op], op).toBeDefined();
    const prose = JSON.stringify(rules);
    for (const key of PROSE) expect(prose).not.toContain(key);
    for (const [id, kept] of Object.entries(rules.shapes)) expect(kept, id).toEqual(strip(full.shapes[id]));
    // Far smaller than the model: what the client parses before its first request.
    expect(Object.keys(rules.shapes).length).toBeLessThan(Object.keys(full.shapes).length / 2);
  });

  it('is closed: every shape a kept operation, structure, list or map names is kept too', () => {
    const rules = modelRules();
    const missing: string[] = [];
    for (const [id, s] of Object.entries(rules.shapes)) {
      if (s.type === 'service') continue; // names every operation of the service, used or not
      const named = [s.input, s.output, s.member, s.key, s.value, ...(s.errors ?? []), ...Object.values(s.members ?? {})];
      for (const ref of named)
        if (ref && !ref.target.startsWith('smithy.api#') && !rules.shapes[ref.target]) missing.push(`${id} → ${ref.target}`);
    }
    expect(missing).toEqual([]);
  });
});

import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelRules, serviceModel } from '../../src/model/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PROSE = ['smithy.api#documentation', 'smithy.api#examples'];

describe('the model as the checks read it', () => {
  it('src/model/rules.generated.ts is up to date with model/', () => {
    expect(() => execFileSync(process.execPath, ['scripts/build-model-rules.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('is the whole model, every shape, member and trait, but its documentation and examples', () => {
    const full = serviceModel();
    const rules = modelRules();
    expect(Object.keys(rules.shapes)).toEqual(Object.keys(full.shapes));
    const prose = JSON.stringify(rules);
    for (const key of PROSE) expect(prose).not.toContain(key);
    const strip = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(strip)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (PROSE.includes(k) ? [] : [[k, strip(v)]])))
          : value;
    expect(rules).toEqual(strip(full));
  });
});

/** Golden files of the import tests: compare with test/import/golden/NAME, or rewrite it when UPDATE_GOLDEN=1. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');

export function expectGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`no golden file ${name}; run the tests with UPDATE_GOLDEN=1 to write it`);
  expect(actual, `${name} differs from its golden file; if the change is intended, rerun with UPDATE_GOLDEN=1`).toBe(readFileSync(path, 'utf8'));
}

/** Golden files: compare with DIR/NAME, or rewrite it when UPDATE_GOLDEN=1. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';

export function goldenIn(dir: string): (name: string, actual: string) => void {
  return (name, actual) => {
    const path = join(dir, name);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, actual);
      return;
    }
    if (!existsSync(path)) throw new Error(`no golden file ${name}; run the tests with UPDATE_GOLDEN=1 to write it`);
    expect(actual, `${name} differs from its golden file; if the change is intended, rerun with UPDATE_GOLDEN=1`).toBe(
      readFileSync(path, 'utf8'),
    );
  };
}

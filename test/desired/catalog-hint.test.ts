import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogHint } from '../../src/desired/catalog-hint.js';

const source = (text: string) => ({ file: 's.yaml', bytes: new TextEncoder().encode(text) });

describe('the catalog a stack most likely names, before it is parsed', () => {
  it('reads a top-level catalog line, quoted or not, with a comment or not', () => {
    expect(catalogHint([source('version: 1\nstack: x\ncatalog: Sandbox\n')])).toBe('Sandbox');
    expect(catalogHint([source("catalog: 'AWS' # production\n")])).toBe('AWS');
    expect(catalogHint([source('snapshotJobs: {}\n'), source('catalog: "Sandbox"\n')])).toBe('Sandbox');
  });

  it('gives no hint for a nested key, an unknown catalog, or none at all', () => {
    expect(catalogHint([source('defaults:\n  catalog: AWS\n')])).toBeUndefined();
    expect(catalogHint([source('catalog: Production\n')])).toBeUndefined();
    expect(catalogHint([source('version: 1\n')])).toBeUndefined();
    expect(catalogHint([])).toBeUndefined();
  });

  it('never throws, and names only a catalog that exists (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 4 }), (files) => {
        const hint = catalogHint(files.map((bytes) => ({ file: 'f.yaml', bytes })));
        expect([undefined, 'AWS', 'Sandbox']).toContain(hint);
      }),
      { numRuns: 1000 },
    );
  });
});

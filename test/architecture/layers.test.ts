/**
 * The layers of docs/architecture.md, checked over the real import graph of src: every import of
 * every file is read, and an edge the table does not allow fails with the file and the import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Which of cosell's folders each folder may import (itself always). */
const ALLOWED: Record<string, readonly string[]> = {
  util: [],
  model: ['util'],
  api: ['model', 'util'],
  desired: ['model', 'util'],
  live: ['api', 'model', 'desired', 'util'],
  plan: ['desired', 'live', 'model', 'util'],
  apply: ['plan', 'live', 'api', 'desired', 'model', 'util'],
  emulator: ['model', 'util', 'desired'],
  import: ['live', 'plan', 'desired', 'api', 'model', 'util'],
  // A command of its own (npm run conformance), so it may use the CLI's helpers and commander.
  conformance: ['api', 'model', 'util', 'live', 'cli'],
  cli: ['*'],
  '.': ['*'],
};

/** Packages a folder may not import, whatever the table says: I/O in the pure middle, commander outside the CLI. */
const FORBIDDEN_PACKAGES: Record<string, RegExp> = {
  plan: /^(node:)?(fs|fs\/promises|http|https|net|child_process)$|^commander$/,
};
const COMMANDER_ONLY_IN = new Set(['cli', 'conformance']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function layerOf(file: string): string {
  const rel = relative(SRC, file);
  return rel.includes('/') ? (rel.split('/')[0] as string) : '.';
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/g)) out.push(m[1] as string);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) out.push(m[1] as string);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1] as string);
  return out;
}

function violations(files: ReadonlyArray<{ file: string; text: string }>): string[] {
  const out: string[] = [];
  for (const { file, text } of files) {
    const layer = layerOf(file);
    for (const spec of importsOf(text)) {
      if (spec.startsWith('.')) {
        const target = layerOf(resolve(dirname(file), spec));
        const allowed = ALLOWED[layer] ?? [];
        if (target !== layer && !allowed.includes('*') && !allowed.includes(target))
          out.push(`${relative(SRC, file)}: imports ${spec} (${layer} → ${target})`);
      } else {
        if (FORBIDDEN_PACKAGES[layer]?.test(spec)) out.push(`${relative(SRC, file)}: imports ${spec} (no I/O or CLI in ${layer})`);
        if (spec === 'commander' && !COMMANDER_ONLY_IN.has(layer)) out.push(`${relative(SRC, file)}: imports commander outside the CLI`);
      }
    }
  }
  return out;
}

describe('layers', () => {
  it('every import in src follows the table in docs/architecture.md', () => {
    const files = sources(SRC).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
    expect(files.length).toBeGreaterThan(50);
    expect(violations(files)).toEqual([]);
  });

  it('fails on a wrong-way import: util reaching into desired, the emulator into the client, plan into fs', () => {
    const at = (p: string) => join(SRC, p);
    expect(
      violations([
        { file: at('util/x.ts'), text: "import type { Tags } from '../desired/types.js';" },
        { file: at('emulator/x.ts'), text: "import { createClient } from '../api/index.js';" },
        { file: at('plan/x.ts'), text: "import { readFile } from 'node:fs/promises';\nconst y = await import('../apply/apply.js');" },
        { file: at('desired/x.ts'), text: "import { Command } from 'commander';" },
      ]),
    ).toEqual([
      'util/x.ts: imports ../desired/types.js (util → desired)',
      'emulator/x.ts: imports ../api/index.js (emulator → api)',
      'plan/x.ts: imports node:fs/promises (no I/O or CLI in plan)',
      'plan/x.ts: imports ../apply/apply.js (plan → apply)',
      'desired/x.ts: imports commander outside the CLI',
    ]);
  });
});

/**
 * The commands load what they do through three stages (src/cli/stages): connect, stack, work.
 * Bundled, each stage's modules stay in a few files, and each file Node loads on the way to the
 * first call costs time (scripts/bundle-cli.mjs). These hold the rule and its effect on the
 * build; how long it takes is measured in bench/, never here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BUNDLE = resolve(ROOT, 'dist/cli');
const COMMANDS = resolve(ROOT, 'src/cli/commands');

/** The files of the bundle a file imports statically (`import … from "./chunk-…"`). */
function staticImports(file: string): string[] {
  const text = readFileSync(resolve(BUNDLE, file), 'utf8');
  return [...text.matchAll(/^import\s[^;]*?\sfrom\s*"\.\/(chunk-[^"]+\.js)"/gms)].map((m) => m[1]!);
}

/** A file and every file it loads statically, as Node loads them. */
function closure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const f of staticImports(file)) closure(f, seen);
  return seen;
}

function stageFile(stage: string): string {
  const found = readdirSync(BUNDLE).filter((f) => f.startsWith(`chunk-${stage}-`) && f.endsWith('.js'));
  expect(found, `one bundle file for the ${stage} stage`).toHaveLength(1);
  return found[0]!;
}

describe('load stages', () => {
  it('every dynamic import in a command is a stage, the emulator or a package', () => {
    const offenders: string[] = [];
    for (const name of readdirSync(COMMANDS)) {
      const text = readFileSync(resolve(COMMANDS, name), 'utf8');
      for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) {
        const target = m[1]!;
        const allowed = target.startsWith('../stages/') || target === '../../emulator/index.js' || !target.startsWith('.');
        if (!allowed) offenders.push(`${name}: import('${target}')`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the way to the first call (main, then the connect stage) is a few files, not one per module', () => {
    const main = closure('main.js');
    const connect = [...closure(stageFile('connect'))].filter((f) => !main.has(f));
    // 6 when this was written; before the stages, and with the credential chain in the same
    // bundle (scripts/bundle-cli.mjs), 28 files stood between main and the first call.
    expect(connect.length).toBeLessThanOrEqual(8);
    const work = [...closure(stageFile('work'))].filter((f) => !main.has(f) && !connect.includes(f));
    expect(work.length).toBeLessThanOrEqual(6);
  });

  it('sees what it counts: the connect stage reaches the client and the signer, not the credential chain', () => {
    const files = [...closure(stageFile('connect'))].map((f) => readFileSync(resolve(BUNDLE, f), 'utf8'));
    expect(files.some((t) => t.includes('// dist/api/client.js'))).toBe(true);
    expect(files.some((t) => t.includes('// node_modules/@smithy/signature-v4/'))).toBe(true);
    // The chain is its own bundle, loaded by path only when the environment holds no keys.
    expect(files.some((t) => t.includes('// node_modules/@aws-sdk/credential-provider'))).toBe(false);
    expect(files.some((t) => t.includes('"./credentials/index.js"'))).toBe(true);
  });
});

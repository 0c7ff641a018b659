import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Lexer, parseDocument } from 'yaml';
import { goldenIn } from '../support/golden.js';

export const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');

/** Compares with test/fmt/golden/NAME, or rewrites it when UPDATE_GOLDEN=1. */
export const expectGolden = goldenIn(GOLDEN_DIR);
export { captured } from '../support/capture.js';

/** Every comment of a YAML text, in order (the lexer never mistakes a `#` inside quotes for one). */
export function comments(text: string): string[] {
  return [...new Lexer().lex(text)].filter((t) => t.startsWith('#')).map((t) => t.trimEnd());
}

export function data(text: string): unknown {
  return parseDocument(text, { merge: true }).toJS({ maxAliasCount: 100 });
}

export { tempFiles as tempDir } from '../support/files.js';

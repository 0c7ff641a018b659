import type { Diagnostic } from './diagnostics.js';
import { countNodes } from './yaml-lex.js';

/**
 * How big a stack may be. A stack of 10,000 jobs (the size the design measures) is about 1.9 MB
 * in about 220,000 YAML nodes; each limit below leaves ten times that, and stops a file that is
 * not a stack (a log, a dump, a generated bomb) before it costs minutes or the heap.
 */

/** One file. A file past this is refused; its bytes are never read past this many. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** All files of a stack together. */
export const MAX_STACK_BYTES = 20 * 1024 * 1024;

/**
 * YAML nodes in all files of a stack together: scalars, aliases, collections and the entries of
 * block collections, counted by the `yaml` lexer before anything is parsed (a dense file costs
 * far more to parse than its bytes suggest).
 */
export const MAX_STACK_NODES = 2_500_000;

export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Where the stack's files, counted in order, pass the node cap; undefined while under it. */
export function overNodeCap(texts: readonly { file: string; text: string }[]): Diagnostic | undefined {
  // A node takes at least one character: a stack with fewer characters than the cap is under it
  // without being counted (a 10,000-job stack is).
  if (texts.reduce((n, t) => n + t.text.length, 0) <= MAX_STACK_NODES) return undefined;
  let left = MAX_STACK_NODES;
  for (const { file, text } of texts) {
    const { count, over } = countNodes(text, left);
    if (over !== undefined) {
      const { line, column } = positionOf(text, over);
      return {
        file,
        line,
        column,
        path: '',
        message: `the stack passes ${MAX_STACK_NODES.toLocaleString('en-US')} YAML nodes here; a stack may hold at most that many (split it into several stacks)`,
      };
    }
    left -= count;
  }
  return undefined;
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

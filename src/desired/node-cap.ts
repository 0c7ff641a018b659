import type { Diagnostic } from './diagnostics.js';
import { MAX_STACK_NODES } from './stack-limits.js';
import { countNodes } from './yaml-lex.js';

// Apart from the other limits: counting nodes needs the YAML lexer, and reading a stack's files
// (which the account's listing waits for) must not load the YAML package.

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

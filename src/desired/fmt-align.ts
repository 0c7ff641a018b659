/**
 * Keeps the column of trailing comments. The yaml package prints `value # comment` with one
 * space; a user who lined comments up in a column keeps that column, as long as the line's
 * content is unchanged and still fits before it. Anything else gets the one space.
 */
import { Lexer } from 'yaml';

interface TrailingComment {
  /** 0-based line index. */
  line: number;
  /** The line's text before the comment, trailing spaces removed. */
  content: string;
  column: number;
  comment: string;
}

/**
 * The lexer's control tokens (document start, flow end, scalar): they stand for no source text.
 * Every other token is a slice of the source, in order, so their lengths give each one's offset.
 */
const CONTROL_TOKENS = new Set(['\x02', '\x18', '\x1f']);

/** Every comment of the text with its offset (the lexer never mistakes a `#` inside quotes for one). */
function commentOffsets(text: string): { offset: number; source: string }[] {
  const out: { offset: number; source: string }[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (CONTROL_TOKENS.has(token)) continue;
    if (token.startsWith('#')) out.push({ offset, source: token });
    offset += token.length;
  }
  return out;
}

/** Comments that follow content on their line. */
function trailingComments(text: string): TrailingComment[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const out: TrailingComment[] = [];
  for (const { offset, source } of commentOffsets(text)) {
    const line = lineOf(offset);
    const start = starts[line] as number;
    const content = text.slice(start, offset).trimEnd();
    if (content.trim() === '') continue;
    out.push({ line, content, column: offset - start, comment: source });
  }
  return out;
}

/** `output` with each trailing comment moved back to its column in `source`, where it fits. */
export function keepCommentColumns(source: string, output: string): string {
  const columns = new Map<string, number[]>();
  for (const c of trailingComments(source)) {
    const key = `${c.content}\u0000${c.comment}`;
    const list = columns.get(key);
    if (list) list.push(c.column);
    else columns.set(key, [c.column]);
  }
  if (columns.size === 0) return output;
  const lines = output.split('\n');
  for (const c of trailingComments(output)) {
    const column = columns.get(`${c.content}\u0000${c.comment}`)?.shift();
    if (column === undefined || column <= c.content.length || column === c.column) continue;
    lines[c.line] = `${c.content.padEnd(column)}${c.comment}`;
  }
  return lines.join('\n');
}

/**
 * A JSON document read with the position of every node, so that a problem in a tag policy is
 * reported at its own line and column. Strict JSON, as Organizations reads it: no comments, no
 * trailing commas.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

export type JsonNode = Node;

export interface Position {
  line: number;
  column: number;
}

/** Offsets to 1-based lines and columns (UTF-16 units, as editors count). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  at(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

const WORDS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'not a valid number',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: '":" is expected',
  CommaExpected: '"," is expected',
  CloseBraceExpected: '"}" is expected',
  CloseBracketExpected: '"]" is expected',
  EndOfFileExpected: 'nothing may follow the document',
  InvalidCommentToken: 'JSON has no comments',
  UnexpectedEndOfComment: 'JSON has no comments',
  UnexpectedEndOfString: 'the string is not closed',
  UnexpectedEndOfNumber: 'the number is cut short',
  InvalidUnicode: 'not a valid \\u escape',
  InvalidEscapeCharacter: 'not a valid escape',
  InvalidCharacter: 'a control character must be escaped inside a string',
};

export interface JsonProblem {
  offset: number;
  message: string;
}

export interface ParsedJson {
  root?: JsonNode;
  problems: JsonProblem[];
}

/** Parses strict JSON; every syntax error is a problem at its offset, and duplicate keys too. */
export function parseJson(text: string): ParsedJson {
  try {
    return parseChecked(text);
  } catch (err) {
    // Nesting deep enough to exhaust the stack is not a policy document.
    if (!(err instanceof RangeError)) throw err;
    return { problems: [{ offset: 0, message: 'invalid JSON: nested too deeply to be a tag policy' }] };
  }
}

function parseChecked(text: string): ParsedJson {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  // The first syntax error only: the ones after it are mostly its echoes.
  const first = errors[0];
  if (first) {
    const code = printParseErrorCode(first.error);
    return { problems: [{ offset: first.offset, message: `invalid JSON: ${WORDS[code] ?? code}` }] };
  }
  if (!root) return { problems: [{ offset: 0, message: 'invalid JSON: the file holds no JSON value' }] };
  const problems: JsonProblem[] = [];
  checkDuplicates(root, problems);
  return { root, problems };
}

function checkDuplicates(node: JsonNode, problems: JsonProblem[]): void {
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const prop of node.children ?? []) {
      const key = prop.children?.[0];
      if (key && typeof key.value === 'string') {
        // JSON.parse would keep the last silently; a policy read differently from how it looks is worse.
        if (seen.has(key.value))
          problems.push({ offset: key.offset, message: `duplicate key ${JSON.stringify(key.value)} in this object` });
        seen.add(key.value);
      }
    }
  }
  for (const child of node.children ?? []) checkDuplicates(child, problems);
}

/** An object's properties as [key node, value node] pairs, in document order. */
export function properties(node: JsonNode): Array<{ key: string; keyNode: JsonNode; value: JsonNode }> {
  const out: Array<{ key: string; keyNode: JsonNode; value: JsonNode }> = [];
  for (const prop of node.children ?? []) {
    const [keyNode, value] = prop.children ?? [];
    if (keyNode && value && typeof keyNode.value === 'string') out.push({ key: keyNode.value, keyNode, value });
  }
  return out;
}

export function describeType(node: JsonNode): string {
  if (node.type === 'null') return 'null';
  return node.type === 'array' ? 'a list' : node.type === 'object' ? 'an object' : `a ${node.type}`;
}

/**
 * `cosell fmt`: the canonical form of a stack file. Known keys in the order of the stack schema,
 * strings plain unless they need quotes and then double-quoted, two-space indentation, no
 * folded lines, one blank line at most between entries; comments (and the column of a trailing
 * comment whose line is unchanged), anchors, flow or block style and the order of free-form maps
 * (logical names, tags) kept as written. Works on the yaml
 * package's Document, so comments travel with the entries they describe.
 */
import {
  isCollection,
  isMap,
  isPair,
  isScalar,
  LineCounter,
  parseDocument,
  Scalar,
  type Document,
  type Pair,
  type ToStringOptions,
  type YAMLMap,
} from 'yaml';
import type { Diagnostic } from './diagnostics.js';
import { keepCommentColumns } from './fmt-align.js';
import { repairComments } from './fmt-comments.js';
import { stackKeyOrder, type KeyOrder } from './fmt-order.js';
import { yamlProblems } from './parse.js';
import { keyText } from './yaml-path.js';

/** How cosell writes YAML: `fmt`, and `import` which writes files already in canonical form. */
export const CANONICAL_YAML: ToStringOptions = {
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  singleQuote: false,
  defaultStringType: 'PLAIN',
  defaultKeyType: null,
  flowCollectionPadding: false,
};

export type FormatResult = { ok: true; text: string; changed: boolean } | { ok: false; diagnostics: Diagnostic[] };

const MERGE_KEY = '<<';

function isMergeKey(key: unknown): boolean {
  return (
    isScalar(key) &&
    (key.source === MERGE_KEY || key.value === MERGE_KEY || (typeof key.value === 'symbol' && key.value.description === MERGE_KEY))
  );
}

function rank(order: readonly string[], pair: Pair): number {
  if (isMergeKey(pair.key)) return -1; // merged defaults first: explicit keys after them win
  const key = keyText(pair.key);
  const i = key === undefined ? -1 : order.indexOf(key);
  return i < 0 ? order.length : i;
}

/** Orders a mapping's known keys as the schema does; the rest keep their order, after them. */
function orderKeys(map: YAMLMap, order: readonly string[], root: boolean): void {
  const items = map.items as Pair[];
  const sorted = items
    .map((pair, i) => ({ pair, i, r: rank(order, pair) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((e) => e.pair);
  if (sorted.every((p, i) => p === items[i])) return;
  const firstKey = (p: Pair | undefined): Scalar | undefined => (isScalar(p?.key) ? p.key : undefined);
  const oldFirst = firstKey(items[0]);
  const newFirst = firstKey(sorted[0]);
  if (root) {
    // At the top of a file the comment above the first key is the file's header: it stays on top.
    if (oldFirst && newFirst && oldFirst !== newFirst) {
      newFirst.commentBefore = [oldFirst.commentBefore, newFirst.commentBefore].filter(Boolean).join('\n') || undefined;
      oldFirst.commentBefore = undefined;
    }
  } else if (map.commentBefore && oldFirst && oldFirst !== newFirst) {
    // A nested mapping holds its first entry's comment; it travels with that entry.
    oldFirst.commentBefore = [map.commentBefore, oldFirst.commentBefore].filter(Boolean).join('\n');
    map.commentBefore = undefined;
  }
  // A blank line before the first entry of a block would print as a line of spaces.
  if (newFirst) newFirst.spaceBefore = undefined;
  map.items = sorted;
}

function canonicalScalar(node: unknown): void {
  if (!isScalar(node) || typeof node.value !== 'string') return;
  if (node.type === Scalar.QUOTE_SINGLE || node.type === Scalar.QUOTE_DOUBLE) node.type = Scalar.PLAIN;
}

function canonicalize(node: unknown, order: KeyOrder | undefined, root: boolean): void {
  canonicalScalar(node);
  if (!isCollection(node)) return;
  if (isMap(node) && order?.keys) orderKeys(node, order.keys, root);
  for (const item of node.items) {
    if (isPair(item)) {
      canonicalScalar(item.key);
      const key = keyText(item.key);
      canonicalize(item.value, key === undefined || !isMap(node) ? undefined : order?.child(key), false);
    } else canonicalize(item, undefined, false);
  }
}

function parse(text: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  return { doc: parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, merge: true }), lines };
}

function render(text: string, doc: Document, lines: LineCounter, reorder: boolean): string {
  repairComments(doc, text, lines);
  canonicalize(doc.contents, reorder ? stackKeyOrder() : undefined, true);
  return keepCommentColumns(text, doc.toString(CANONICAL_YAML));
}

/** The canonical form of one stack file's text; a file that is not YAML is reported, not changed. */
export function formatStackText(file: string, text: string): FormatResult {
  const { doc, lines } = parse(text);
  if (doc.errors.length > 0) return { ok: false, diagnostics: yamlProblems(file, doc.errors, lines, text) };
  // Nothing but comments (or nothing at all): there is nothing to put in order.
  if (doc.contents === null) return { ok: true, text, changed: false };
  let out: string;
  try {
    out = render(text, doc, lines, true);
  } catch (err) {
    // Moving a key moved an alias above its anchor: keep this file's key order as written.
    if (!(err instanceof Error) || !/Unresolved alias/.test(err.message)) throw err;
    const again = parse(text);
    out = render(text, again.doc, again.lines, false);
  }
  return { ok: true, text: out, changed: out !== text };
}

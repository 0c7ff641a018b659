/**
 * Puts comments back where the user wrote them before a stack file is rewritten. The yaml
 * package keeps every comment but attaches a few to a neighbour: the comment on the line of a
 * key whose value is a block (`snapshotJobs:   # why`) goes to the block's first entry, and a
 * comment written at an outer indentation after a nested block (a comment above the next
 * top-level key) goes to the end of that nested block, where it would be printed indented.
 * Both are repaired from the source text, while the nodes still carry their source ranges.
 */
import { isCollection, isPair, isScalar, type Document, type LineCounter, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

type Collection = YAMLMap | YAMLSeq;

interface Frame {
  collection: Collection;
  /** The index of the entry being walked. */
  index: number;
  /** The column (0-based) at which the collection's entries start. */
  indent: number;
}

/** A line after a block: a comment (its column and its text after `#`), or a blank line. */
interface TrailingLine {
  column: number;
  text: string;
  blank: boolean;
}

function joinComments(...parts: (string | null | undefined)[]): string | undefined {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p.length > 0);
  return kept.length > 0 ? kept.join('\n') : undefined;
}

function isBlock(node: unknown): node is Collection {
  return isCollection(node) && !node.flow;
}

/**
 * The lines of `text`, which starts at the beginning of a line, or undefined if anything but
 * comments and blank lines is there. Blank lines at the end are dropped.
 */
function trailingLines(text: string): TrailingLine[] | undefined {
  const out: TrailingLine[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^([ \t]*)#(.*)$/.exec(line);
    if (m) out.push({ column: (m[1] as string).length, text: m[2] as string, blank: false });
    else if (line.trim() === '') out.push({ column: 0, text: '', blank: true });
    else return undefined;
  }
  while (out.at(-1)?.blank) out.pop();
  return out;
}

function commentText(lines: readonly TrailingLine[]): string {
  const from = lines.findIndex((l) => !l.blank);
  return from < 0
    ? ''
    : lines
        .slice(from)
        .map((l) => l.text)
        .join('\n');
}

/** `key:   # comment` over a block value: the comment belongs to the key's line. */
function repairKeyComment(source: string, key: Node, value: Collection): void {
  if (!value.commentBefore || !key.range || !value.range) return;
  const between = source.slice(key.range[1], value.range[0]);
  const firstLine = between.split('\n', 1)[0] ?? '';
  if (!firstLine.includes('#')) return;
  const [first, ...rest] = value.commentBefore.split('\n');
  key.comment = joinComments(key.comment, first);
  value.commentBefore = joinComments(rest.join('\n'));
}

function indentOf(node: Collection, lines: LineCounter): number {
  return node.range ? lines.linePos(node.range[0]).col - 1 : 0;
}

/** The entry that follows the frame's current one. */
function nextEntry(frame: Frame): Node | undefined {
  const next = frame.collection.items[frame.index + 1];
  if (isPair(next)) return isScalar(next.key) || isCollection(next.key) ? (next.key as Node) : undefined;
  return isScalar(next) || isCollection(next) ? (next as Node) : undefined;
}

/** The entry that comes next in the document, at whatever depth. */
function nextInDocument(frames: readonly Frame[]): Node | undefined {
  for (let i = frames.length - 1; i >= 0; i--) {
    const next = nextEntry(frames[i] as Frame);
    if (next) return next;
  }
  return undefined;
}

/**
 * Puts comment lines that the parser attached to the end of an entry before the next entry at
 * their indentation (searching the enclosing blocks from the innermost out), or at the end of
 * the enclosing block, or at the end of the file.
 */
function attachOutward(doc: Document, frames: Frame[], lines: readonly TrailingLine[]): void {
  const first = lines.findIndex((l) => !l.blank);
  if (first < 0) return;
  const column = (lines[first] as TrailingLine).column;
  const text = commentText(lines);
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i] as Frame;
    if (frame.indent > column && i > 0) continue;
    const next = nextEntry(frame);
    if (next) {
      next.commentBefore = joinComments(text, next.commentBefore);
      // A blank line written before the comment stays before it.
      if (first > 0) next.spaceBefore = true;
    }
    // At the end of the file: the document's closing comment (printed after a blank line).
    else if (frame.collection === doc.contents) doc.comment = joinComments(text, doc.comment) ?? null;
    else frame.collection.comment = joinComments(frame.collection.comment, text);
    return;
  }
}

/**
 * A block's trailing comment lines written left of its entries belong further out. `frames` are
 * the blocks that enclose it.
 */
function repairTrailingComment(doc: Document, source: string, node: Collection, lines: LineCounter, frames: Frame[]): void {
  if (!node.comment || !node.range) return;
  const indent = indentOf(node, lines);
  let start = node.range[1];
  // The block's end may fall inside its last line: its trailing comments start on the next one.
  if (start > 0 && source[start - 1] !== '\n') start = source.indexOf('\n', start) + 1 || source.length;
  const trailing = trailingLines(source.slice(start, node.range[2]));
  const cut = trailing?.findIndex((c) => !c.blank && c.column < indent) ?? -1;
  if (!trailing || cut < 0) return;
  // The blank lines just before the cut go with the moved comment.
  let from = cut;
  while (from > 0 && trailing[from - 1]?.blank) from--;
  node.comment = joinComments(commentText(trailing.slice(0, from)));
  attachOutward(doc, frames, trailing.slice(from));
}

/**
 * A scalar entry (often an empty value, `key:`) can be given the comment lines that follow it;
 * only a comment on its own line is its own. The comment of an empty value is printed on the
 * line after it, so it goes to the key. `frames` end with the block the scalar is in.
 */
function repairScalarComment(doc: Document, source: string, node: Scalar, key: Node | undefined, frames: Frame[]): void {
  if (!node.range) return;
  const empty = node.value === null && node.range[0] === node.range[1];
  // An empty value has nothing to space out: a blank line "before" it is the one after it.
  if (empty && node.spaceBefore) {
    node.spaceBefore = undefined;
    const next = nextInDocument(frames);
    if (next) next.spaceBefore = true;
  }
  if (!node.comment) return;
  const after = source.slice(node.range[1], node.range[2]);
  const newline = after.indexOf('\n');
  const sameLine = /#(.*)$/.exec(newline < 0 ? after : after.slice(0, newline))?.[1];
  const following = newline < 0 ? [] : trailingLines(after.slice(newline + 1));
  if (!following) return;
  const hasComments = following.some((l) => !l.blank);
  if (!hasComments && !(empty && key)) return;
  node.comment = sameLine;
  if (empty && key && sameLine !== undefined) {
    // A blank line after the comment was kept inside it; it goes before the next entry.
    if (!hasComments && /\n[ \t]*\n/.test(after)) {
      const next = nextInDocument(frames);
      if (next) next.spaceBefore = true;
    }
    key.comment = joinComments(key.comment, sameLine);
    node.comment = undefined;
  }
  if (hasComments) attachOutward(doc, frames, following);
}

/** Repairs the comments of a freshly parsed document (its nodes must still carry their ranges). */
export function repairComments(doc: Document, source: string, lines: LineCounter): void {
  const frames: Frame[] = [];
  const walk = (node: unknown): void => {
    if (!isBlock(node)) return;
    const frame: Frame = { collection: node, index: 0, indent: indentOf(node, lines) };
    frames.push(frame);
    node.items.forEach((item, index) => {
      frame.index = index;
      const value = isPair(item) ? item.value : item;
      if (isPair(item) && isBlock(value) && (isScalar(item.key) || isCollection(item.key)))
        repairKeyComment(source, item.key as Node, value);
      if (isScalar(value)) repairScalarComment(doc, source, value, isPair(item) && isScalar(item.key) ? item.key : undefined, frames);
      else walk(value);
    });
    frames.pop();
    // The enclosing blocks are still on the stack: a moved comment finds its next entry there.
    if (frames.length > 0) repairTrailingComment(doc, source, node, lines, frames);
  };
  walk(doc.contents);
}

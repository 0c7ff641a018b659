import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** A path into a file's data: map keys as strings, list indexes as numbers. */
export type YamlPath = readonly (string | number)[];

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** `snapshotJobs.acme.tags.owner`, `ignoreTags.keys[0]`, `tags["crm:id"]`. */
export function formatPath(path: YamlPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (PLAIN_KEY.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** A JSON pointer (as ajv reports it) as a path, telling list indexes from keys by the data. */
export function pointerToPath(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let here = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(here)) {
      const index = Number(seg);
      path.push(index);
      here = here[index];
    } else {
      path.push(seg);
      here = here !== null && typeof here === 'object' ? (here as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}

export interface Position {
  line: number;
  column: number;
}

export function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return undefined;
}

/**
 * Where each node of a document stands, kept once the document itself is dropped: a stack of
 * 10,000 jobs is checked file by file, and only this small index of each file stays for the
 * checks across files. A leaf is its offset; a collection its offset and its children.
 */
type Pos = number | PosTree;
interface PosTree {
  at: number;
  /** A mapping's entries by key (the last of duplicate keys wins, as in the data). */
  keys?: Map<string, { key: number | undefined; value: Pos | undefined }>;
  items?: (Pos | undefined)[];
}

export interface Positions {
  lines: LineCounter;
  root: Pos | undefined;
}

/** The index of a parsed document. An alias shares the index of its anchor's node. */
export function indexPositions(doc: Document, lines: LineCounter): Positions {
  const done = new Map<Node, Pos>();
  const index = (node: unknown): Pos | undefined => {
    if (isPair(node)) return index(node.value);
    const range = (node as Node | null)?.range;
    if (!range) return undefined;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      const inner = target ? (done.get(target) ?? index(target)) : undefined;
      return typeof inner === 'object' ? { ...inner, at: range[0] } : range[0];
    }
    if (!isMap(node) && !isSeq(node)) return range[0];
    // Registered before its children: an alias inside a node may name that node itself.
    const tree: PosTree = { at: range[0] };
    done.set(node, tree);
    if (isMap(node)) {
      const keys = new Map<string, { key: number | undefined; value: Pos | undefined }>();
      tree.keys = keys;
      for (const pair of node.items) {
        const k = keyText(pair.key);
        if (k === undefined) continue;
        keys.delete(k);
        keys.set(k, { key: (pair.key as Node | null)?.range?.[0], value: index(pair.value) });
      }
    } else {
      const items: (Pos | undefined)[] = [];
      tree.items = items;
      for (const item of node.items) items.push(index(item));
    }
    return tree;
  };
  return { lines, root: index(doc.contents) };
}

function positionAt(offset: number | undefined, lines: LineCounter): Position | undefined {
  if (offset === undefined) return undefined;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

const offsetOf = (pos: Pos | undefined): number | undefined => (typeof pos === 'object' ? pos.at : pos);

/**
 * Where `path` stands in the document: its key (for an unknown or misnamed key, or a mapping that
 * lacks something) or its value. When the path leaves the written nodes (a merged key, a default),
 * the nearest written ancestor answers.
 */
export function locate({ lines, root }: Positions, path: YamlPath, at: 'key' | 'value'): Position {
  let node = root;
  let best = positionAt(offsetOf(node), lines) ?? { line: 1, column: 1 };
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (typeof node === 'object' && node.keys) {
      const entry = node.keys.get(String(seg));
      if (!entry) return best;
      best = positionAt(entry.key, lines) ?? best;
      if (last && at === 'key') return best;
      node = entry.value;
    } else if (typeof node === 'object' && node.items && typeof seg === 'number') {
      node = node.items[seg];
    } else {
      return best;
    }
    best = positionAt(offsetOf(node), lines) ?? best;
  }
  return best;
}

import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

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

// Large mappings (a section of 10,000 jobs) are searched through an index built on first use.
const pairIndex = new WeakMap<object, Map<string, Pair>>();

function findPair(map: { items: Pair[] }, key: string): Pair | undefined {
  if (map.items.length < 16) {
    let found: Pair | undefined;
    for (const pair of map.items) if (keyText(pair.key) === key) found = pair; // the last one wins, as in toJS
    return found;
  }
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      const k = keyText(pair.key);
      if (k !== undefined) index.set(k, pair);
    }
    pairIndex.set(map, index);
  }
  return index.get(key);
}

function positionOf(node: unknown, lines: LineCounter): Position | undefined {
  const range = (node as Node | null)?.range;
  if (!range) return undefined;
  const { line, col } = lines.linePos(range[0]);
  return { line, column: col };
}

/**
 * Where `path` stands in the document: its key (for an unknown or misnamed key, or a mapping that
 * lacks something) or its value. When the path leaves the written nodes (a merged key, a default),
 * the nearest written ancestor answers.
 */
export function locate(doc: Document, lines: LineCounter, path: YamlPath, at: 'key' | 'value'): Position {
  let node: unknown = doc.contents;
  let best = positionOf(node, lines) ?? { line: 1, column: 1 };
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    while (isAlias(node)) node = node.resolve(doc);
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = findPair(node, String(seg));
      if (!pair) return best;
      const keyPos = positionOf(pair.key, lines);
      if (keyPos) best = keyPos;
      if (last && at === 'key') return best;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else {
      return best;
    }
    if (isPair(node)) node = node.value;
    best = positionOf(node, lines) ?? best;
  }
  return best;
}

import { isAlias, isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
import type { Diagnostic } from './diagnostic.js';
import { unclosedQuote } from './yaml-lex.js';
import { formatPath, keyText, type YamlPath } from './yaml-path.js';

/**
 * The YAML-with-positions reader that every file cosell reads by hand goes through (stack files,
 * the emulator's seed): duplicate keys, alias bombs, nesting too deep and unclosed quotes each
 * become a diagnostic at FILE:LINE:COL instead of an exception.
 */

/** What kind of file is read, for the messages. */
export interface YamlFileKind {
  /** With its article: "a stack file". */
  name: string;
  /** The message for an empty file; absent, an empty file is allowed and its data is null. */
  empty?: string;
}

/** One file, parsed: its document (every node keeps its range), its data, and what was wrong. */
export interface ParsedFile {
  file: string;
  doc: Document;
  lines: LineCounter;
  /** The plain data; undefined when the file could not be read as YAML data. */
  data: unknown;
  diagnostics: Diagnostic[];
}

/** The yaml package's own limit on alias expansion (its default), which stops alias bombs. */
export const MAX_ALIAS_COUNT = 100;

function at(file: string, lines: LineCounter, offset: number, path: string, message: string): Diagnostic {
  const { line, col } = lines.linePos(offset);
  return { file, line, column: col, path, message };
}

/** The yaml package's message without the position it appends (we print our own). */
function bareMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '');
}

/** Duplicate keys (the yaml package would keep the last silently) and keys that are not scalars. */
function checkKeys(file: string, doc: Document, lines: LineCounter, out: Diagnostic[]): void {
  const path: (string | number)[] = [];
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Map<string, Node>();
      for (const pair of node.items) {
        const key = keyText(pair.key);
        const keyNode = pair.key as Node | null;
        if (key === undefined) {
          if (!isAlias(keyNode) && keyNode?.range)
            out.push(at(file, lines, keyNode.range[0], formatPath(path), 'a key must be a plain string, not a list or a mapping'));
        } else if (key !== '<<') {
          const first = seen.get(key);
          if (first?.range && keyNode?.range) {
            const { line, col } = lines.linePos(first.range[0]);
            out.push(
              at(
                file,
                lines,
                keyNode.range[0],
                formatPath([...path, key]),
                `duplicate key "${key}" in this mapping (first at line ${line}, column ${col})`,
              ),
            );
          } else if (keyNode) seen.set(key, keyNode);
        }
        path.push(key ?? '?');
        visit(pair.value);
        path.pop();
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        path.push(i);
        visit(item);
        path.pop();
      });
    }
  };
  visit(doc.contents);
}

/** Aliases in document order, with their paths, to say which one an alias error is about. */
function aliases(doc: Document): { node: Node; path: YamlPath }[] {
  const out: { node: Node; path: YamlPath }[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isAlias(node)) out.push({ node, path: [...path] });
    else if (isMap(node)) for (const pair of node.items) walk(pair.value, [...path, keyText(pair.key) ?? '?']);
    else if (isSeq(node)) for (const [i, item] of node.items.entries()) walk(item, [...path, i]);
  };
  walk(doc.contents, []);
  return out;
}

function aliasProblem(file: string, doc: Document, lines: LineCounter, error: Error): Diagnostic {
  const all = aliases(doc);
  const unresolved = /Unresolved alias/.test(error.message);
  // The alias to blame: one that cannot be resolved, or one whose own expansion is too large;
  // failing that (many aliases adding up), the last one.
  const culprit =
    all.find(({ node }) => {
      if (unresolved) return isAlias(node) && !node.resolve(doc);
      try {
        node.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
        return false;
      } catch {
        return true;
      }
    }) ?? all[all.length - 1];
  const offset = culprit?.node.range?.[0] ?? 0;
  const path = culprit ? formatPath(culprit.path) : '';
  if (unresolved) {
    const name = culprit && isAlias(culprit.node) ? culprit.node.source : '?';
    return at(file, lines, offset, path, `alias *${name} refers to no anchor &${name} defined before it`);
  }
  return at(
    file,
    lines,
    offset,
    path,
    `YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes here; this looks like an alias bomb (write the values out)`,
  );
}

/**
 * The yaml package's errors and warnings as diagnostics. It reports a quoted string that is never
 * closed at the end of the file, often far from the mistake: that one is placed where the quote
 * opens, and the errors after it (the string swallowed the rest of the file) are dropped.
 */
export function yamlProblems(file: string, problems: readonly YAMLError[], lines: LineCounter, text: string): Diagnostic[] {
  const missingQuote = problems.some((p) => p.code === 'MISSING_CHAR' && /closing .?quote/i.test(p.message));
  const open = missingQuote ? unclosedQuote(text) : undefined;
  const out: Diagnostic[] = [];
  for (const problem of problems) {
    if (open && problem.pos[0] >= open.offset) continue;
    out.push(at(file, lines, problem.pos[0], '', `invalid YAML: ${bareMessage(problem.message)}`));
  }
  if (open) out.push(at(file, lines, open.offset, '', `invalid YAML: this quoted string is never closed (add the closing ${open.quote})`));
  return out;
}

export function readYaml(file: string, text: string, kind: YamlFileKind): ParsedFile {
  try {
    return parseChecked(file, text, kind);
  } catch (err) {
    // Nesting deep enough to exhaust the call stack is no file of ours.
    if (!(err instanceof RangeError)) throw err;
    const lines = new LineCounter();
    const doc = parseDocument('', { lineCounter: lines });
    const message = `the YAML is nested too deeply to be ${kind.name}`;
    return { file, doc, lines, data: undefined, diagnostics: [{ file, line: 1, column: 1, path: '', message }] };
  }
}

function parseChecked(file: string, text: string, kind: YamlFileKind): ParsedFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, merge: true });
  const diagnostics = yamlProblems(file, [...doc.errors, ...doc.warnings], lines, text);
  if (diagnostics.length > 0) return { file, doc, lines, data: undefined, diagnostics };
  const contents = doc.contents;
  const empty = contents === null || (isScalar(contents) && contents.value === null && contents.range[0] === contents.range[1]);
  if (empty && kind.empty !== undefined) {
    diagnostics.push({ file, line: 1, column: 1, path: '', message: kind.empty });
    return { file, doc, lines, data: undefined, diagnostics };
  }
  if (isCollection(contents)) checkKeys(file, doc, lines, diagnostics);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    diagnostics.push(err instanceof ReferenceError ? aliasProblem(file, doc, lines, err) : at(file, lines, 0, '', err.message));
    return { file, doc, lines, data: undefined, diagnostics };
  }
  return { file, doc, lines, data, diagnostics };
}

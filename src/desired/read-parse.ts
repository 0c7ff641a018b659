import { setImmediate as nextTurn } from 'node:timers/promises';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LocatedFile } from './checked.js';
import type { Diagnostic } from './diagnostics.js';
import { readStack, type StackSource } from './files.js';
import { parseYaml } from './parse.js';
import { overNodeCap } from './node-cap.js';
import { decodeSources } from './utf8.js';
import { indexPositions } from './yaml-path.js';

/**
 * A stack's files read, decoded and parsed: the first half of loading a stack, before any check
 * of what the files say. Kept apart (with only the YAML parser behind it) so that a command can
 * start on what does not depend on the stack's content, the account's listing, as soon as every
 * file is known to be readable, while the schema and the cross-file checks still run.
 */
export interface ParsedStack {
  /** The files of the stack, in the order read. */
  files: string[];
  /** Problems reading, decoding or parsing the files. */
  diagnostics: Diagnostic[];
  /** The files that parsed: their data and where each node stood (the documents are gone). */
  located: LocatedFile[];
  /** Every file was read and parsed; false also when the stack was passed over as too dense to parse. */
  complete: boolean;
  /** Set when the stack was too dense to parse at all: the one problem reported. */
  overCap?: Diagnostic;
}

/**
 * Decodes and parses a stack's files one at a time, pausing after each: the steps that parseStack
 * runs straight through and parseStackInTurns spreads over the event loop's turns.
 */
function* parsing(sources: readonly StackSource[], earlier: readonly Diagnostic[]): Generator<void, ParsedStack> {
  const diagnostics: Diagnostic[] = [...earlier];
  const files = sources.map((s) => s.file);
  const texts = decodeSources(sources, diagnostics);
  // Checked before anything is parsed: a dense file costs far more to parse than its bytes say.
  const overCap = overNodeCap(texts);
  if (overCap) return { files, diagnostics, located: [], complete: false, overCap };
  const located: LocatedFile[] = [];
  for (const { file, text } of texts) {
    yield;
    const parsed = parseYaml(file, text);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.data === undefined) continue;
    // Only the data and the positions of its nodes outlive this file's turn: its document (a
    // few times the size of the text) is freed before the next file is parsed.
    located.push({ file, data: parsed.data, positions: indexPositions(parsed.doc, parsed.lines) });
  }
  return { files, diagnostics, located, complete: located.length === sources.length && earlier.length === 0 };
}

/** Decodes and parses a stack's files, given as bytes; `earlier` are the problems met reading them. */
export function parseStack(sources: readonly StackSource[], earlier: readonly Diagnostic[] = []): ParsedStack {
  const steps = parsing(sources, earlier);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * parseStack, one file a turn of the event loop. A command whose calls are already on their way
 * (the account's listing) parses this way: each file's parse holds the loop for tens of
 * milliseconds at most, so the answers are taken and the next calls leave between files instead
 * of all waiting for the whole stack.
 */
export async function parseStackInTurns(sources: readonly StackSource[], earlier: readonly Diagnostic[] = []): Promise<ParsedStack> {
  const steps = parsing(sources, earlier);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}

/** Reads and parses the stack at `path` (a directory, read recursively in sorted order, or one file). */
export async function readParsedStack(path: string): Promise<ParsedStack> {
  const { sources, diagnostics } = await readStack(path);
  return parseStack(sources, diagnostics);
}

/** The directory a stack's tag policy must lie in: the stack directory, or the one-file stack's directory. */
export async function stackRoot(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  return info?.isDirectory() ? path : dirname(path);
}

import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CosellError } from '../util/errors.js';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { readStack, type StackSource } from './files.js';
import { parseYaml } from './parse.js';
import { policyReaderWithin, type PolicyReader } from './policy/file.js';
import { allResources, resolveStack, type CheckedFile } from './resolve.js';
import { checkSchema } from './schema.js';
import type { DesiredState } from './types.js';
import { overNodeCap } from './stack-limits.js';
import { decodeSources } from './utf8.js';
import { indexPositions } from './yaml-path.js';
import { counted } from '../util/plural.js';

export interface StackLoad {
  /** Present only when there are no diagnostics but tag policy violations. */
  state?: DesiredState;
  /** Every problem found, tag policy violations included, in file order then position. */
  diagnostics: Diagnostic[];
  /** The diagnostics that are effective tags breaking the stack's tag policy. */
  policyViolations: Diagnostic[];
  /** The files of the stack, in the order read. */
  files: string[];
  resourceCount: number;
  /** Worth saying, but not problems: parts of the tag policy passed over. */
  notes: Diagnostic[];
  /** The top-level settings as written; absent when a file was too dense to parse. */
  settings?: Record<string, unknown>;
}

/** Checks a stack's files, given as bytes: decode, parse, schema, then the cross-file checks. */
export function checkStack(sources: readonly StackSource[], earlier: readonly Diagnostic[] = [], readPolicy?: PolicyReader): StackLoad {
  const diagnostics: Diagnostic[] = [...earlier];
  const files = sources.map((s) => s.file);
  const texts = decodeSources(sources, diagnostics);
  // Checked before anything is parsed: a dense file costs far more to parse than its bytes say.
  const over = overNodeCap(texts);
  if (over)
    return { diagnostics: sortDiagnostics([...diagnostics, over], files), policyViolations: [], notes: [], files, resourceCount: 0 };
  const checked: CheckedFile[] = [];
  for (const { file, text } of texts) {
    const parsed = parseYaml(file, text);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.data === undefined) continue;
    // Only the data and the positions of its nodes outlive this file's turn: its document (a
    // few times the size of the text) is freed before the next file is parsed.
    const located = { file, data: parsed.data, positions: indexPositions(parsed.doc, parsed.lines) };
    const schema = checkSchema(located);
    diagnostics.push(...schema.diagnostics);
    checked.push({ parsed: located, errorPaths: schema.errorPaths });
  }
  const complete = checked.length === sources.length && earlier.length === 0;
  const resolved = resolveStack(checked, complete, readPolicy);
  diagnostics.push(...resolved.diagnostics);
  const state = diagnostics.length === 0 ? resolved.state : undefined;
  const policyViolations = sortDiagnostics(resolved.policyViolations, files);
  return {
    ...(state ? { state } : {}),
    diagnostics: sortDiagnostics([...diagnostics, ...policyViolations], files),
    policyViolations,
    files,
    resourceCount: state ? allResources(state).length : 0,
    notes: resolved.notes,
    settings: resolved.settings,
  };
}

/** Loads and checks the stack at `path` (a directory, read recursively in sorted order, or one file). */
export async function loadStack(path: string): Promise<StackLoad> {
  const { sources, diagnostics } = await readStack(path);
  return checkStack(sources, diagnostics, policyReaderWithin(await stackRoot(path)));
}

/** The directory a stack's tag policy must lie in: the stack directory, or the one-file stack's directory. */
async function stackRoot(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  return info?.isDirectory() ? path : dirname(path);
}

/**
 * The DesiredState of the stack at `path`, for the commands that go on to plan or apply. Any
 * problem is a CosellError whose details are every diagnostic, one `FILE:LINE:COL: …` per line.
 * Tag policy violations are problems too (a change that breaks the policy does not land), unless
 * `allowPolicyViolations`: status and audit report on what is live whatever the files say.
 */
export async function loadDesiredState(path: string, options: { allowPolicyViolations?: boolean } = {}): Promise<DesiredState> {
  return desiredStateOf(await loadStack(path), path, options);
}

/** The DesiredState of a loaded stack, or a CosellError naming every problem (see loadDesiredState). */
export function desiredStateOf(load: StackLoad, path: string, options: { allowPolicyViolations?: boolean } = {}): DesiredState {
  if (load.state && (load.policyViolations.length === 0 || options.allowPolicyViolations)) return load.state;
  const n = load.diagnostics.length;
  throw new CosellError(
    `the stack at ${path} has ${counted(n, 'problem')} (run cosell validate ${path})`,
    load.diagnostics.map(formatDiagnostic),
  );
}

import { CosellError } from '../util/errors.js';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import type { StackSource } from './files.js';
import { policyReaderWithin, type PolicyReader } from './policy/file.js';
import { allResources, resolveStack, type CheckedFile } from './resolve.js';
import { checkSchema } from './schema.js';
import type { DesiredState } from './types.js';
import { counted } from '../util/plural.js';
import { parseStack, readParsedStack, stackRoot, type ParsedStack } from './read-parse.js';

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
  return checkParsed(parseStack(sources, earlier), readPolicy);
}

/** The second half of loading a stack: the schema, then the cross-file checks, of files already parsed. */
export function checkParsed(parsed: ParsedStack, readPolicy?: PolicyReader): StackLoad {
  const { files } = parsed;
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  if (parsed.overCap)
    return {
      diagnostics: sortDiagnostics([...diagnostics, parsed.overCap], files),
      policyViolations: [],
      notes: [],
      files,
      resourceCount: 0,
    };
  const checked: CheckedFile[] = parsed.located.map((located) => {
    const schema = checkSchema(located);
    diagnostics.push(...schema.diagnostics);
    return { parsed: located, errorPaths: schema.errorPaths };
  });
  const resolved = resolveStack(checked, parsed.complete, readPolicy);
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

/**
 * Loads and checks the stack at `path` (a directory, read recursively in sorted order, or one
 * file). `parsed` is the stack already read and parsed (readParsedStack), when the caller had
 * something to start in between.
 */
export async function loadStack(path: string, parsed?: ParsedStack): Promise<StackLoad> {
  const read = parsed ?? (await readParsedStack(path));
  return checkParsed(read, policyReaderWithin(await stackRoot(path)));
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

/**
 * How big a stack may be. A stack of 10,000 jobs (the size the design measures) is about 1.9 MB
 * in about 220,000 YAML nodes; each limit below leaves ten times that, and stops a file that is
 * not a stack (a log, a dump, a generated bomb) before it costs minutes or the heap.
 */

/** One file. A file past this is refused; its bytes are never read past this many. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** All files of a stack together. */
export const MAX_STACK_BYTES = 20 * 1024 * 1024;

/**
 * YAML nodes in all files of a stack together: scalars, aliases, collections and the entries of
 * block collections, counted by the `yaml` lexer before anything is parsed (a dense file costs
 * far more to parse than its bytes suggest).
 */
export const MAX_STACK_NODES = 2_500_000;

export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Whether files of these sizes might pass the node cap: a node takes at least one byte, so a stack
 * of fewer bytes is under it without being counted (a 10,000-job stack is, at about 1.9 MB).
 */
export function mayPassNodeCap(sources: readonly { bytes: Uint8Array }[]): boolean {
  return sources.reduce((n, s) => n + s.bytes.length, 0) > MAX_STACK_NODES;
}

/**
 * Defaults shared by several layers, in one place so that the CLI's help, the library and the
 * live readers cannot drift apart.
 */

/** API calls (or changes) in flight at once when `--parallelism` is not given; the rate limiter still paces them. */
export const DEFAULT_PARALLELISM = 10;

/**
 * cosell's one string order: by UTF-16 code unit, as `Array.prototype.sort()` with no comparator,
 * so it is the same on every machine and locale (unlike `localeCompare`). Plans, files and
 * messages are sorted with it so that their text never depends on where cosell runs.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The form of a word for a count: `plural(1, 'file')` is 'file', `plural(2, 'file')` is 'files'.
 * Irregular forms, verbs and pronouns pass their plural: `plural(n, 'carries', 'carry')`.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** The count and the word for it: `counted(2, 'file')` is '2 files'. */
export function counted(n: number, one: string, many?: string): string {
  return `${n} ${plural(n, one, many)}`;
}

/** Reading the model's tag patterns for people: which punctuation their character class allows. */
export function allowedPunctuation(pattern: string): string {
  const cls = /\[((?:\\.|[^\]])*)\]/.exec(pattern)?.[1] ?? '';
  const rest = cls.replace(/\\p\{\w+\}/g, '').replace(/\\(.)/g, '$1');
  return [...rest].join(' ');
}

/** The `(?=.{min,max}$)` look-ahead that the model uses to bound a string's length. */
export function lookaheadLength(pattern: string): { minLength: number; maxLength: number } | undefined {
  const m = /^\^\(\?=\.\{(\d+),(\d+)\}\$\)/.exec(pattern);
  return m ? { minLength: Number(m[1]), maxLength: Number(m[2]) } : undefined;
}

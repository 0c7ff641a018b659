/**
 * Markdown's text rules, shared by the plan's markdown parts: what a file or the service wrote is
 * made printable and then quoted or escaped, so that it can neither break out of a code block nor
 * be read as markup.
 */
import { printable } from '../../util/printable.js';
import type { Line } from './blocks.js';

/** GitHub's diff highlighting reads column 0: `+` green, `-` red, `!` changed. */
export function diffLine(line: Line): string {
  // Values are quoted by str(); notes may still carry the service's or a file's text.
  const text = printable(line.text);
  if (line.comment) return `${' '.repeat(line.depth === 0 ? 2 : line.depth * 4 + 4)}# ${text}`;
  const head = line.sign === '-/+' ? '-/+' : `${line.sign === '~' ? '!' : line.sign || ' '}  `;
  return `${head}${' '.repeat(line.depth * 4 + 1)}${text}`;
}

function longestBacktickRun(texts: readonly string[]): number {
  let longest = 0;
  for (const t of texts) {
    if (!t.includes('`')) continue;
    for (const m of t.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  }
  return longest;
}

/** A fence longer than any run of backticks in the texts it will hold. */
export function codeFence(texts: readonly string[]): string {
  return '`'.repeat(Math.max(3, longestBacktickRun(texts) + 1));
}

export function escapeText(s: string): string {
  return printable(s).replace(/[\\`*_{}[\]<>|#]/g, '\\$&');
}

export function inlineCode(raw: string): string {
  const s = printable(raw);
  const fence = '`'.repeat(longestBacktickRun([s]) + 1);
  return fence.length > 1 ? `${fence} ${s} ${fence}` : `\`${s}\``;
}

/** Counts as the issue tracker's readers write them: 2,998. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** `--max-parts N`, shared by `plan` and `show`: how many pull-request comments a markdown plan may take. */
import { Option } from 'commander';
import { CosellError } from '../util/errors.js';

function parseMaxParts(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new CosellError(`--max-parts must be a whole number of at least 1, not "${value}"`);
  return n;
}

export function maxPartsOption(): Option {
  return new Option(
    '--max-parts <n>',
    'markdown: at most N parts (comments); a longer plan is cut and says what it left out (default: no limit)',
  ).argParser(parseMaxParts);
}

/** Asking for approval on a terminal, as Terraform does: only `yes` approves. */
import { CosellError } from '../util/errors.js';

export const APPROVAL_PROMPT = [
  'Do you want to perform these actions?',
  '  cosell will perform the actions described above.',
  "  Only 'yes' will be accepted to approve.",
  '',
  '  Enter a value: ',
].join('\n');

/** Reads one answer from stdin, the prompt written to `output`. */
export async function askOnTerminal(prompt: string, output: NodeJS.WritableStream = process.stdout): Promise<string> {
  // Loaded when asked: every command registers with this module's flags, few ever prompt.
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output });
  try {
    return await rl.question(prompt);
  } finally {
    rl.close();
  }
}

export function isApproval(answer: string): boolean {
  return answer.trim() === 'yes';
}

/** `--task-timeout`: `90s`, `10m`, `1h`, `1m30s`, `500ms`, or a bare number of seconds. */
export function parseDuration(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let total = 0;
  let end = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
    end = re.lastIndex;
  }
  if (t === '' || end !== t.length || total <= 0) throw new CosellError(`expected a duration such as 90s, 10m or 1h30m, not "${text}"`);
  return Math.round(total);
}

/**
 * `OP=VALUE` as the rate and quota flags take it (`--rate read=10`, the emulator's `--quota write=1`
 * and `--daily-quota write=10000`): OP a word (read, write or an operation name), VALUE the number
 * after `=`, blanks around either ignored. Undefined when the text has another shape; the caller
 * checks OP and VALUE, and says in its own words what it expected.
 */
export function parseOpValue(text: string): { op: string; value: number } | undefined {
  const m = /^\s*([A-Za-z]+)\s*=\s*([^=\s]+)\s*$/.exec(text);
  return m ? { op: m[1] as string, value: Number(m[2]) } : undefined;
}

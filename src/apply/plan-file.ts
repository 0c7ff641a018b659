import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { DesiredState } from '../desired/types.js';
import type { Plan } from '../plan/types.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { CosellError } from '../util/errors.js';

export const PLAN_FILE_KIND = 'cosell-saved-plan';

/**
 * What `plan --out` saves and `apply PLANFILE` applies: the desired state, the plan, and
 * (inside the plan) a fingerprint of everything observed. Never credentials.
 */
export interface SavedPlan {
  kind: typeof PLAN_FILE_KIND;
  format_version: '1.0';
  created_at: string;
  /** The stack path as given, for messages. */
  stack_path: string;
  /** Which service the plan was made against: an endpoint URL, or `emulator`. */
  target: string;
  desired: DesiredState;
  plan: Plan;
  /** sha256 of what precedes it: a file edited or cut short after saving is refused. */
  checksum: string;
}

type Checked = Omit<SavedPlan, 'checksum'>;

function checksumOf(body: Checked): string {
  const { kind, format_version, created_at, stack_path, target, desired, plan } = body;
  return createHash('sha256').update(JSON.stringify({ kind, format_version, created_at, stack_path, target, desired, plan })).digest('hex');
}

export async function writePlanFile(file: string, saved: Omit<SavedPlan, 'kind' | 'format_version' | 'created_at' | 'checksum'>): Promise<void> {
  const checked: Checked = { kind: PLAN_FILE_KIND, format_version: '1.0', created_at: new Date().toISOString(), ...saved };
  const body: SavedPlan = { ...checked, checksum: checksumOf(checked) };
  try {
    await writeFileAtomic(file, JSON.stringify(body, null, 2) + '\n');
  } catch (err) {
    throw new CosellError(`cannot write the plan to ${file}: ${(err as Error).message}`);
  }
}

export async function readPlanFile(file: string): Promise<SavedPlan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CosellError(`cannot read the plan file ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CosellError(`${file} is not a saved cosell plan: ${(err as Error).message}`);
  }
  const p = parsed as Partial<SavedPlan> | null;
  if (!p || typeof p !== 'object' || p.kind !== PLAN_FILE_KIND) throw new CosellError(`${file} is not a saved cosell plan (make one with \`cosell plan --out FILE\`)`);
  if (p.format_version !== '1.0') throw new CosellError(`${file} is a saved plan of format ${String(p.format_version)}; this cosell reads format 1.0`);
  if (typeof p.checksum !== 'string' || p.checksum !== checksumOf(p as Checked))
    throw new CosellError(`${file} was changed after cosell saved it (its checksum does not match): make a new plan with \`cosell plan --out ${file}\``);
  return p as SavedPlan;
}

/** `apply` takes a stack (a directory or a YAML file) or a saved plan (any other file). */
export async function isPlanFilePath(path: string): Promise<boolean> {
  if (/\.ya?ml$/i.test(path)) return false;
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

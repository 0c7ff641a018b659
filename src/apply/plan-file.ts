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
  /**
   * sha256 of what precedes it. It catches a file cut short or damaged after saving, not an
   * edit: anyone can recompute it. What stops an edited plan is apply itself, which holds
   * every change to a fresh diff of what is live (plan/verify.ts), and `apply --stack DIR`,
   * which holds the plan's desired state to a checkout.
   */
  checksum: string;
}

type Checked = Omit<SavedPlan, 'checksum'>;

function checksumOf(body: Checked): string {
  const { kind, format_version, created_at, stack_path, target, desired, plan } = body;
  return createHash('sha256').update(JSON.stringify({ kind, format_version, created_at, stack_path, target, desired, plan })).digest('hex');
}

export async function writePlanFile(
  file: string,
  saved: Omit<SavedPlan, 'kind' | 'format_version' | 'created_at' | 'checksum'>,
): Promise<void> {
  const checked: Checked = { kind: PLAN_FILE_KIND, format_version: '1.0', created_at: new Date().toISOString(), ...saved };
  const body: SavedPlan = { ...checked, checksum: checksumOf(checked) };
  try {
    await writeFileAtomic(file, `${JSON.stringify(body, null, 2)}\n`);
  } catch (err) {
    throw new CosellError(`cannot write the plan to ${file}: ${(err as Error).message}`);
  }
}

export async function readPlanFile(file: string): Promise<SavedPlan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CosellError(
      `cannot read the plan file ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  let parsed: unknown;
  try {
    // Every object without a prototype: tag maps are data, and a key such as `constructor` or
    // `__proto__` in one must stay an ordinary key.
    parsed = JSON.parse(text, (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value) ? Object.assign(Object.create(null) as object, value) : value,
    );
  } catch (err) {
    throw new CosellError(`${file} is not a saved cosell plan: ${(err as Error).message}`);
  }
  const p = parsed as Partial<SavedPlan> | null;
  if (!p || typeof p !== 'object' || p.kind !== PLAN_FILE_KIND)
    throw new CosellError(`${file} is not a saved cosell plan (make one with \`cosell plan --out FILE\`)`);
  if (p.format_version !== '1.0')
    throw new CosellError(`${file} is a saved plan of format ${String(p.format_version)}; this cosell reads format 1.0`);
  if (typeof p.checksum !== 'string' || p.checksum !== checksumOf(p as Checked))
    throw new CosellError(
      `${file} was changed after cosell saved it (its checksum does not match): make a new plan with \`cosell plan --out ${file}\``,
    );
  const shape = shapeProblem(p as SavedPlan);
  if (shape) throw new CosellError(`${file} is not a well-formed saved plan: ${shape}; make a new plan with \`cosell plan --out ${file}\``);
  return p as SavedPlan;
}

/** What an edited file may lack that apply would otherwise trip over; undefined when sound. */
function shapeProblem(p: SavedPlan): string | undefined {
  const plan = p.plan as Partial<SavedPlan['plan']> | undefined;
  const desired = p.desired as Partial<SavedPlan['desired']> | undefined;
  if (!plan || typeof plan !== 'object') return 'it has no plan';
  if (!desired || typeof desired !== 'object') return 'it has no desired state';
  for (const k of ['resourceChanges', 'errors', 'targets', 'excludes'] as const)
    if (!Array.isArray(plan[k])) return `plan.${k} is not a list`;
  if (!plan.fingerprints || typeof plan.fingerprints !== 'object') return 'plan.fingerprints is missing';
  if (!plan.ignoreTags || !Array.isArray(plan.ignoreTags.keys) || !Array.isArray(plan.ignoreTags.keyPrefixes))
    return 'plan.ignoreTags is malformed';
  if (!plan.summary || typeof plan.summary !== 'object') return 'plan.summary is missing';
  for (const k of ['snapshotJobs', 'opportunityEngagements', 'invitationAcceptances', 'catalogs', 'files'] as const)
    if (!Array.isArray(desired[k])) return `desired.${k} is not a list`;
  if (!desired.ignoreTags || !Array.isArray(desired.ignoreTags.keys) || !Array.isArray(desired.ignoreTags.keyPrefixes))
    return 'desired.ignoreTags is malformed';
  for (const c of plan.resourceChanges ?? [])
    if (!c || typeof c !== 'object' || typeof c.address !== 'string' || typeof c.action !== 'string')
      return 'a resource change has no address or action';
  for (const d of desired.snapshotJobs ?? [])
    if (!d || typeof d !== 'object' || !d.tags || typeof d.tags !== 'object') return 'a declared snapshot job is malformed';
  return undefined;
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

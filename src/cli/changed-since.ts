/**
 * `plan --changed-since REV`: the stack at a git revision against the one in the working tree,
 * then a plan of what differs, observing only what that needs. A difference that touches every
 * resource (a top-level setting) or that a partial observation cannot follow makes a full plan,
 * and the plan says why.
 */
import { checkStack, formatDiagnostic, type StackLoad } from '../desired/index.js';
import { readStackAt } from '../desired/git.js';
import type { DesiredState } from '../desired/types.js';
import { observeScope } from '../live/partial.js';
import type { LiveState } from '../live/types.js';
import { scopeOfKeys } from '../plan/scope.js';
import { addressesOnKeys, differences, type Differences } from '../plan/changed.js';
import { diff } from '../plan/index.js';
import { taskKeyId } from '../plan/task-key.js';
import type { Plan } from '../plan/types.js';
import { CosellError } from '../util/errors.js';
import type { Target } from './context.js';
import { observePart, planAgainst } from './pipeline.js';
import { counted } from '../util/plural.js';

export interface ChangesSince {
  revision: string;
  commit: string;
  differences: Differences;
}

/** The policy is not read at the revision: it decides what loads, never what is planned. */
const NO_POLICY = (): { bytes: Uint8Array } => ({ bytes: new TextEncoder().encode('{}') });

/** What differs since `revision`, before any call: a refusal when there is no git or no such revision. */
export async function changesSince(
  path: string,
  revision: string,
  now: StackLoad & { state: DesiredState },
  targets: readonly string[] = [],
): Promise<ChangesSince> {
  if (targets.length)
    throw new CosellError('--changed-since and --target cannot be used together: --changed-since chooses what is planned');
  const at = await readStackAt(path, revision);
  const full = (why: string): ChangesSince => ({ revision, commit: at.commit, differences: { full: why } });
  if (at.incomparable) return full(at.incomparable);
  const then = checkStack(at.sources, at.diagnostics, NO_POLICY);
  if (!then.state) {
    const first = then.diagnostics[0];
    return full(
      `the stack at ${revision} does not load (${counted(then.diagnostics.length, 'problem')}${first ? `, first ${formatDiagnostic(first)}` : ''})`,
    );
  }
  return {
    revision,
    commit: at.commit,
    differences: differences({ state: then.state, settings: then.settings ?? {} }, { state: now.state, settings: now.settings ?? {} }),
  };
}

export async function planChangedSince(
  desired: DesiredState,
  since: ChangesSince,
  target: Target,
  options: { excludes?: string[]; parallelism?: number },
): Promise<{ live: LiveState; plan: Plan }> {
  const d = since.differences;
  const head = { revision: since.revision, commit: since.commit };
  if (d.full !== undefined) {
    const { live, plan } = await planAgainst(desired, target, { excludes: options.excludes, parallelism: options.parallelism });
    plan.changedSince = { ...head, partial: false, fallback: d.full, addresses: [] };
    return { live, plan };
  }
  const byAddress = new Map(desired.snapshotJobs.map((j) => [j.address, j]));
  const keys = [...d.earlierKeys, ...d.changed.flatMap((a) => byAddress.get(a) ?? [])];
  let live: LiveState =
    keys.length || d.tasks.length
      ? await observePart(desired, target, keys, options.parallelism, d.tasks)
      : { catalogs: [...desired.catalogs], snapshotJobs: [], tasks: [] };
  // The jobs the changed and removed tasks created: their tags follow the task, or, once it is
  // no longer declared, they are this stack's like any other job. Found by id, then on their keys.
  const earlierKeys = [...d.earlierKeys];
  const wanted = new Set(d.tasks.map(taskKeyId));
  const created = live.tasks.filter((t) => t.resourceSnapshotJobId && wanted.has(taskKeyId(t)));
  if (created.length > 0) {
    const jobs = created.map((t) => ({ id: t.resourceSnapshotJobId as string, catalog: t.catalog }));
    // The tasks are known by now: these two observe jobs only.
    const observeOptions = { cache: target.cache, parallelism: options.parallelism };
    const byId = await observeScope(target.client, { keys: [], jobs, tasks: [], catalogs: [...desired.catalogs] }, observeOptions);
    const onKeys = byId.snapshotJobs.length
      ? await observeScope(target.client, { ...scopeOfKeys(desired, byId.snapshotJobs), tasks: [] }, observeOptions)
      : byId;
    await target.cache.save();
    earlierKeys.push(...byId.snapshotJobs);
    const seen = new Map(live.snapshotJobs.map((j) => [j.id, j]));
    for (const j of [...byId.snapshotJobs, ...onKeys.snapshotJobs]) seen.set(j.id, j);
    live = { ...live, snapshotJobs: [...seen.values()] };
  }
  // The old jobs of moved or removed declarations are planned at the addresses diff gives them.
  const probe = diff(desired, live);
  const targets = [...new Set([...d.changed, ...addressesOnKeys(probe, earlierKeys)])].sort();
  const plan = diff(desired, live, { targets, excludes: options.excludes, onlyTargets: true });
  plan.changedSince = { ...head, partial: true, addresses: [...d.changed, ...d.removed].sort() };
  return { live, plan };
}

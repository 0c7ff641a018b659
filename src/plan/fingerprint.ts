/**
 * Fingerprints of what a plan rests on, so that apply can re-observe and refuse a stale plan.
 *
 * A plan depends on three kinds of observed things (fingerprint-key.ts), each under one key in
 * `plan.fingerprints`: the live jobs on a natural key, the live tasks of a declared task, and
 * the job a COMPLETE task created.
 * Tags outside cosell's management (`aws:` keys, ignoreTags) are left out, so a CRM sync
 * rewriting an ignored tag does not make every plan stale.
 */
import * as crypto from 'node:crypto';
import type { IgnoreTags } from '../desired/types.js';
import type { LiveSnapshotJob, LiveState, LiveTask } from '../live/types.js';
import { naturalKeyId } from '../desired/natural-key.js';
import { decodeFingerprintKey, type FingerprintKey } from './fingerprint-key.js';
import { indexLive, normalizeJob, type LiveIndex } from './live-index.js';
import { managedKeyTest, type ManagedKeyTest } from './tags.js';
import { taskKeyId } from './task-key.js';
import type { Plan } from './types.js';
import { compareStrings } from '../util/compare.js';

const NO_IGNORES: IgnoreTags = { keys: [], keyPrefixes: [] };

// crypto.hash (Node 20.12+) skips building a Hash object per call: 10,000 jobs, 10,000 hashes.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

function sha256(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
}

/** A hash of one observed job: identity, status and managed tags. */
export function fingerprintJob(job: LiveSnapshotJob, ignoreTags: IgnoreTags = NO_IGNORES): string {
  return sha256(jobText(normalizeJob(job), managedKeyTest(ignoreTags)));
}

/** A hash of one observed task: identity, status and the job it created. */
export function fingerprintTask(task: LiveTask): string {
  return sha256(taskText(task));
}

// NUL cannot occur in an id, a tag or a status, so joining on it is unambiguous. The job comes
// normalized (tags in sorted order), as the live index holds it.
function jobText(job: LiveSnapshotJob, managed: ManagedKeyTest): string {
  let text = `job\0${job.id}\0${job.arn}\0${naturalKeyId(job)}\0${job.status}`;
  for (const k in job.tags) if (managed(k)) text += `\0${k}\0${job.tags[k] as string}`;
  return text;
}

function taskText(task: LiveTask): string {
  return ['task', task.kind, task.catalog, task.identifier, task.taskId, task.status, task.resourceSnapshotJobId ?? ''].join('\0');
}

/** One hash over several observations (none included), whatever order they were listed in. */
function combine(texts: string[]): string {
  return sha256(texts.sort(compareStrings).join('\n'));
}

/** Computes one fingerprint from a live index; diff and the stale check both come here. */
export function observedFingerprint(key: FingerprintKey, index: LiveIndex, managed: ManagedKeyTest): string {
  switch (key.kind) {
    case 'snapshotJob':
      return combine((index.jobsByKey.get(naturalKeyId(key.key)) ?? []).map((j) => jobText(j, managed)));
    case 'task':
      return combine((index.tasksByIdentity.get(taskKeyId(key.task)) ?? []).map(taskText));
    case 'job': {
      const job = index.jobsById.get(key.id);
      return combine(job ? [jobText(job, managed)] : []);
    }
  }
}

export interface StaleFingerprint {
  /** The key as the plan spells it. */
  key: string;
  /** What it stands for; undefined when no cosell made that key (an edited plan). */
  what: FingerprintKey | undefined;
  planned: string;
  observed: string;
}

/**
 * Re-checks a plan against a fresh observation: every entry whose observation changed since the
 * plan was made. An empty list means the plan still holds.
 */
export function findStale(plan: Plan, live: LiveState): StaleFingerprint[] {
  const index = indexLive(live);
  const managed = managedKeyTest(plan.ignoreTags);
  const stale: StaleFingerprint[] = [];
  for (const key of Object.keys(plan.fingerprints).sort(compareStrings)) {
    const planned = plan.fingerprints[key] as string;
    const what = decodeFingerprintKey(key);
    // A key cosell cannot read stands for nothing it can observe again: the plan cannot hold.
    const observed = what ? observedFingerprint(what, index, managed) : '';
    if (observed !== planned) stale.push({ key, what, planned, observed });
  }
  return stale;
}

/**
 * `cosell audit`: every live job in the stack's catalogs against the tag policy, whoever owns it.
 * Pure: the jobs come observed, the policy read.
 */
import { describeViolation, evaluateTags } from '../desired/policy/evaluate.js';
import type { TagPolicy, Violation } from '../desired/policy/types.js';
import { OWNER_TAG_KEY, type Catalog } from '../desired/types.js';
import type { LiveSnapshotJob } from '../live/types.js';
import { compareStrings } from '../util/compare.js';

export interface AuditViolation {
  kind: Violation['kind'];
  /** The tag key as the job carries it, or the required key for a missing one. */
  key: string;
  /** The job's value, for a key or value violation. */
  value?: string;
  /** The policy's allowed values, when it lists them. */
  allowed?: string[];
  /** The policy statement, `FILE:LINE:COL`. */
  policy: string;
  message: string;
}

export interface AuditFinding extends Pick<LiveSnapshotJob, 'id' | 'arn' | 'catalog' | 'engagement' | 'opportunity' | 'template'> {
  /** The job's owner tag: this stack, another, or null for nobody. */
  owner: string | null;
  violations: AuditViolation[];
}

export interface AuditReport {
  stack: string;
  policy: string;
  catalogs: Catalog[];
  /** How many live jobs were checked. */
  jobs: number;
  /** Only the jobs that break the policy, by catalog then id. */
  findings: AuditFinding[];
}

function toViolation(v: Violation): AuditViolation {
  const key = v.kind === 'missing' ? v.rule.tagKey : v.key;
  return {
    kind: v.kind,
    key,
    ...(v.kind !== 'missing' ? { value: v.value } : {}),
    ...(v.rule.values ? { allowed: [...v.rule.values] } : {}),
    policy: v.rule.at,
    message: describeViolation(v),
  };
}

/** Whether a live job's tags break the policy. */
export function breaksPolicy(policy: TagPolicy, job: Pick<LiveSnapshotJob, 'tags'>): boolean {
  return evaluateTags(policy, Object.entries(job.tags)).length > 0;
}

export function audit(stack: string, policy: TagPolicy, catalogs: readonly Catalog[], jobs: readonly LiveSnapshotJob[]): AuditReport {
  const findings: AuditFinding[] = [];
  for (const job of jobs) {
    const violations = evaluateTags(policy, Object.entries(job.tags)).map(toViolation);
    if (violations.length === 0) continue;
    const owner = Object.hasOwn(job.tags, OWNER_TAG_KEY) ? (job.tags[OWNER_TAG_KEY] as string) : null;
    const { id, arn, catalog, engagement, opportunity, template } = job;
    findings.push({ id, arn, catalog, engagement, opportunity, template, owner, violations });
  }
  findings.sort((a, b) => compareStrings(a.catalog + a.id, b.catalog + b.id));
  return { stack, policy: policy.file, catalogs: [...catalogs], jobs: jobs.length, findings };
}

/**
 * The JSON view (schemas/plan.schema.json, format_version "1.0"): Terraform's envelope in
 * snake_case around the plan's own values, which keep the stack format's field names.
 */
import { callsByQuotaClass } from '../../model/quota.js';
import { safeJson } from '../../util/printable.js';
import type {
  LastTask,
  LiveJobRef,
  Plan,
  PlanError,
  PlanSummary,
  ResourceChange,
  TagDiff,
  JobValues,
  TaskValues,
  ActionName,
  ResourceKind,
  NaturalKey,
} from '../types.js';
import type { PlanRenderer, RenderOptions } from './types.js';

export interface JsonResourceChange {
  address: string;
  kind: ResourceKind;
  name: string;
  catalog: string;
  actions: readonly ActionName[];
  before: JobValues | TaskValues | null;
  after: JobValues | TaskValues | null;
  tag_changes: TagDiff;
  /** The live job acted on (update, delete, or the old one of a replace). */
  live_job?: LiveJobRef;
  adoption?: boolean;
  stop_first?: boolean;
  replace_fields?: Array<keyof NaturalKey>;
  last_task?: LastTask;
  /** The job a COMPLETE task created, whose tags follow the task. */
  created_job?: LiveJobRef & { adoption: boolean };
}

export interface JsonPlanError {
  address: string;
  kind: ResourceKind;
  catalog: string;
  code: PlanError['code'];
  reason: string;
  live_jobs: LiveJobRef[];
}

export interface JsonPlan {
  format_version: '1.0';
  stack: string;
  targets: string[];
  excludes: string[];
  resource_changes: JsonResourceChange[];
  errors: JsonPlanError[];
  summary: PlanSummary;
  /** Set when the plan was made with --changed-since. */
  changed_since?: { revision: string; commit: string; partial: boolean; fallback?: string; addresses: string[] };
  api_calls?: Record<string, number>;
  /** The same calls by quota class: read, write (task starts included), each task operation. */
  api_calls_by_quota_class?: Record<string, number>;
}

export function toJsonPlan(plan: Plan, options: Pick<RenderOptions, 'apiCalls'> = {}): JsonPlan {
  const out: JsonPlan = {
    format_version: plan.format_version,
    stack: plan.stack,
    targets: plan.targets,
    excludes: plan.excludes,
    resource_changes: plan.resourceChanges.map(jsonChange),
    errors: plan.errors.map((e) => ({
      address: e.address,
      kind: e.kind,
      catalog: e.catalog,
      code: e.code,
      reason: e.reason,
      live_jobs: e.liveJobs,
    })),
    summary: plan.summary,
  };
  const c = plan.changedSince;
  if (c)
    out.changed_since = {
      revision: c.revision,
      commit: c.commit,
      partial: c.partial,
      ...(c.fallback !== undefined ? { fallback: c.fallback } : {}),
      addresses: c.addresses,
    };
  if (options.apiCalls) {
    out.api_calls = sortedCounts(options.apiCalls);
    out.api_calls_by_quota_class = callsByQuotaClass(options.apiCalls);
  }
  return out;
}

export function renderJson(plan: Plan, options: Pick<RenderOptions, 'apiCalls'> = {}): string {
  return `${safeJson(JSON.stringify(toJsonPlan(plan, options), null, 2))}\n`;
}

function jsonChange(c: ResourceChange): JsonResourceChange {
  const out: JsonResourceChange = {
    address: c.address,
    kind: c.kind,
    name: c.name,
    catalog: c.catalog,
    actions: c.actions,
    before: c.before,
    after: c.after,
    tag_changes: c.tagDiff,
  };
  if (c.kind === 'snapshotJob') {
    if (c.live) out.live_job = c.live;
    out.adoption = c.adoption;
    out.stop_first = c.stopFirst;
    if (c.replaceFields) out.replace_fields = c.replaceFields;
  } else {
    if (c.lastTask) out.last_task = c.lastTask;
    if (c.createdJob) {
      out.created_job = c.createdJob;
      out.adoption = c.createdJob.adoption;
    }
  }
  return out;
}

function sortedCounts(calls: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(calls).sort()) out[k] = calls[k] as number;
  return out;
}

export const jsonRenderer: PlanRenderer = {
  format: 'json',
  render: (plan, options) => [renderJson(plan, options)],
};

/**
 * The IAM policy examples, against the service model: every action is one the model names (an
 * operation's `aws.iam#iamAction`, or one of its `requiredActions`), every condition key one it
 * defines and one that the action (or its resource) supports; plan's policy only reads, and each
 * policy allows every call cosell makes for its command.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const IAM = 'examples/gitops/iam';
const MODEL = JSON.parse(readFileSync('model/partnercentral-selling-2022-07-26.json', 'utf8')) as {
  shapes: Record<string, { type: string; traits?: Record<string, unknown>; operations?: { target: string }[]; [k: string]: unknown }>;
};
const PREFIX = 'partnercentral:';

interface Statement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}
interface Policy {
  Version: string;
  Statement: Statement[];
}

const shortName = (id: string) => id.split('#')[1] as string;
const operations = new Map(
  Object.entries(MODEL.shapes)
    .filter(([, s]) => s.type === 'operation')
    .map(([id, s]) => [shortName(id), s]),
);
const service = Object.values(MODEL.shapes).find((s) => s.type === 'service') as { traits: Record<string, Record<string, unknown>> };
const definedKeys = Object.keys(service.traits['aws.iam#defineConditionKeys'] ?? {});

/**
 * The condition keys an operation supports: its own, and those of the resource instance it acts
 * on (not for create and list, which act on no existing instance).
 */
function supportedKeys(op: string): string[] {
  const keys = [...((operations.get(op)?.traits?.['aws.iam#conditionKeys'] as string[] | undefined) ?? [])];
  for (const shape of Object.values(MODEL.shapes)) {
    if (shape.type !== 'resource') continue;
    const bound = ['read', 'update', 'delete', 'put'].map((k) => (shape[k] as { target?: string } | undefined)?.target);
    bound.push(...(shape.operations ?? []).map((o) => o.target));
    if (bound.some((t) => t && shortName(t) === op))
      keys.push(...((shape.traits?.['aws.iam#conditionKeys'] as string[] | undefined) ?? []));
  }
  return keys;
}

const requiredActions = new Set(
  [...operations.values()].flatMap(
    (o) => (o.traits?.['aws.iam#iamAction'] as { requiredActions?: string[] } | undefined)?.requiredActions ?? [],
  ),
);
/** The model's condition-key templates as patterns: `aws:ResourceTag/${TagKey}` matches `aws:ResourceTag/cosell:stack`. */
const keyPattern = (template: string) =>
  new RegExp(
    `^${template
      .replace(/[.*+?^()|[\]\\]/g, '\\$&')
      .replace(/\$\{TagKey\}/g, '.+')
      .replace(/\$\{/g, '\\${')
      .replace(/\{/g, '\\{')
      .replace(/\}/g, '\\}')}$`,
  );
const matchesAny = (key: string, templates: string[]) => templates.some((t) => keyPattern(t).test(key));

const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
const policy = (name: string): Policy => JSON.parse(readFileSync(join(IAM, name), 'utf8')) as Policy;
const allowed = (p: Policy) => new Set(p.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action)));

/** The operations cosell calls, read from the code: observe (plan) and apply. */
function callsIn(dirs: string[]): Set<string> {
  const out = new Set<string>();
  for (const dir of dirs)
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/client\.(?:paginate)?([a-zA-Z]+)\(/g)) {
        const op = (m[1] as string)[0]!.toUpperCase() + (m[1] as string).slice(1);
        if (operations.has(op)) out.add(op);
      }
    }
  return out;
}

describe('the IAM policy examples', () => {
  const files = readdirSync(IAM)
    .filter((f) => f.endsWith('.json'))
    .sort();

  it('are JSON IAM policies', () => {
    expect(files).toEqual([
      'cosell-apply-policy.json',
      'cosell-plan-policy.json',
      'github-oidc-trust-apply.json',
      'github-oidc-trust-plan.json',
    ]);
    for (const f of files) {
      const p = policy(f);
      expect(p.Version, f).toBe('2012-10-17');
      for (const s of p.Statement) {
        expect(['Allow', 'Deny'], `${f} ${s.Sid}`).toContain(s.Effect);
        expect(s.Sid, f).toMatch(/^[A-Za-z0-9]+$/);
      }
    }
  });

  it('name only actions the model has, with condition keys it defines and the action supports', () => {
    for (const f of ['cosell-plan-policy.json', 'cosell-apply-policy.json']) {
      for (const s of policy(f).Statement) {
        for (const action of list(s.Action)) {
          expect(action.startsWith(PREFIX), `${f} ${s.Sid}: ${action}`).toBe(true);
          const op = action.slice(PREFIX.length);
          expect(operations.has(op) || requiredActions.has(action), `${f} ${s.Sid}: ${action} is not in the model`).toBe(true);
          for (const [operator, keys] of Object.entries(s.Condition ?? {}))
            for (const key of Object.keys(keys)) {
              expect(matchesAny(key, definedKeys), `${f} ${s.Sid}: ${operator} ${key} is not a condition key of the service`).toBe(true);
              // A key an action does not support would make an Allow never match (or a Deny never apply).
              if (operations.has(op))
                expect(matchesAny(key, supportedKeys(op)), `${f} ${s.Sid}: ${action} does not support ${key}`).toBe(true);
            }
        }
      }
    }
  });

  it('give plan read-only actions that cover every call observe makes, scoped to a catalog', () => {
    const plan = policy('cosell-plan-policy.json');
    for (const action of allowed(plan))
      expect(MODEL.shapes[`com.amazonaws.partnercentralselling#${action.slice(PREFIX.length)}`]?.traits, action).toHaveProperty([
        'smithy.api#readonly',
      ]);
    const calls = callsIn(['src/live']);
    expect([...calls].sort()).toEqual([
      'GetResourceSnapshotJob',
      'ListEngagementByAcceptingInvitationTasks',
      'ListEngagementFromOpportunityTasks',
      'ListResourceSnapshotJobs',
      'ListTagsForResource',
    ]);
    for (const op of calls) expect(allowed(plan).has(PREFIX + op), op).toBe(true);
    for (const s of plan.Statement) expect(s.Condition?.StringEquals?.['partnercentral:Catalog'], s.Sid).toBeDefined();
  });

  it('give apply every call apply makes, writes only with the owner tag, and the tasks’ required actions', () => {
    const apply = policy('cosell-apply-policy.json');
    const granted = allowed(apply);
    for (const op of callsIn(['src/live', 'src/apply'])) expect(granted.has(PREFIX + op), `apply's policy lacks ${op}`).toBe(true);
    for (const s of apply.Statement.filter((x) => x.Effect === 'Allow')) {
      const writes = list(s.Action).filter(
        (a) => operations.has(a.slice(PREFIX.length)) && !('smithy.api#readonly' in (operations.get(a.slice(PREFIX.length))?.traits ?? {})),
      );
      const cosellWrites = writes.filter((a) => callsIn(['src/apply']).has(a.slice(PREFIX.length)));
      if (cosellWrites.length === 0) continue;
      const conditions = Object.values(s.Condition ?? {}).flatMap((c) => Object.entries(c));
      const owner = conditions.find(([k]) => k === 'aws:ResourceTag/cosell:stack' || k === 'aws:RequestTag/cosell:stack');
      expect(owner, `${s.Sid}: ${cosellWrites.join(', ')} must be scoped by the cosell:stack tag`).toBeDefined();
    }
    for (const task of ['StartEngagementFromOpportunityTask', 'StartEngagementByAcceptingInvitationTask']) {
      const required =
        (operations.get(task)?.traits?.['aws.iam#iamAction'] as { requiredActions: string[] } | undefined)?.requiredActions ?? [];
      for (const action of required) expect(granted.has(action), `${task} requires ${action}`).toBe(true);
    }
    const denies = apply.Statement.filter((s) => s.Effect === 'Deny');
    expect(denies.flatMap((d) => list(d.Action)).sort()).toEqual(['partnercentral:TagResource', 'partnercentral:UntagResource']);
  });
});

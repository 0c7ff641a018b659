import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { enumValues, OPERATIONS } from '../../src/model/index.js';
import { diff, renderJson, type Plan } from '../../src/plan/index.js';
import { declaredJob, desiredState, liveState } from './fixtures.js';
import { everyActionScenario } from './scenario.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

function check(plan: Plan, apiCalls?: Record<string, number>) {
  const json = JSON.parse(renderJson(plan, apiCalls ? { apiCalls } : {}));
  const ok = validate(json);
  return { ok, errors: validate.errors, json };
}

describe('schemas/plan.schema.json', () => {
  it('accepts the JSON plan of every action kind and every error', () => {
    const { desired, live } = everyActionScenario();
    const r = check(diff(desired, live), { ListResourceSnapshotJobs: 1, ListTagsForResource: 10, StartEngagementFromOpportunityTask: 1 });
    expect(r.json.api_calls_by_quota_class).toEqual({ read: 11, write: 1, StartEngagementFromOpportunityTask: 1 });
    expect(r.errors ?? []).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('accepts an empty plan and a targeted one', () => {
    expect(check(diff(desiredState(), liveState())).ok).toBe(true);
    const { desired, live } = everyActionScenario();
    expect(check(diff(desired, live, { targets: ['snapshotJob.*'], excludes: ['*.contested'] })).ok).toBe(true);
  });

  it('accepts a --changed-since plan, partial or full, and says so', () => {
    const { desired, live } = everyActionScenario();
    const commit = 'a'.repeat(40);
    const partial = diff(desired, live, { targets: ['snapshotJob.a'], onlyTargets: true });
    partial.changedSince = { revision: 'origin/main', commit, partial: true, addresses: ['snapshotJob.a', 'snapshotJob.gone'] };
    const p = check(partial);
    expect(p.errors ?? []).toEqual([]);
    expect(p.json.changed_since).toEqual({
      revision: 'origin/main',
      commit,
      partial: true,
      addresses: ['snapshotJob.a', 'snapshotJob.gone'],
    });
    const full = diff(desired, live);
    full.changedSince = { revision: 'HEAD~1', commit, partial: false, fallback: 'the top-level setting defaults changed', addresses: [] };
    const f = check(full);
    expect(f.ok).toBe(true);
    expect(f.json.changed_since.fallback).toBe('the top-level setting defaults changed');
    expect(validate({ ...p.json, changed_since: { revision: 'x', commit, partial: 'yes', addresses: [] } })).toBe(false);
    expect(check(diff(desired, live)).json).not.toHaveProperty('changed_since');
  });

  it('rejects what is not a plan of format 1.0', () => {
    const { json } = check(
      diff(desiredState({ snapshotJobs: [declaredJob('a', { engagement: 'eng-acmemigration1', opportunity: 'O1' })] }), liveState()),
    );
    expect(validate({ ...json, format_version: '2.0' })).toBe(false);
    expect(validate({ ...json, api_calls: { NotAnOperation: 1 } })).toBe(false);
    expect(validate({ ...json, api_calls_by_quota_class: { read: 1, write: 0, ListTagsForResource: 1 } })).toBe(false);
    expect(validate({ ...json, api_calls_by_quota_class: { read: 1 } })).toBe(false);
    const bad = structuredClone(json);
    bad.resource_changes[0].actions = ['create', 'delete'];
    expect(validate(bad)).toBe(false);
    const noTags = structuredClone(json);
    delete noTags.resource_changes[0].tag_changes;
    expect(validate(noTags)).toBe(false);
    expect(validate.errors?.[0]?.message).toBe("must have required property 'tag_changes'");
  });

  it("its enums are the model's, so the two cannot drift", () => {
    const defs = schema.$defs;
    expect(defs.operation.enum).toEqual([...OPERATIONS]);
    expect([...defs.jobStatus.enum].sort()).toEqual(enumValues('ResourceSnapshotJobStatus').sort());
    expect([...defs.taskStatus.enum].sort()).toEqual(enumValues('TaskStatus').sort());
    expect([...defs.involvementType.enum].sort()).toEqual(enumValues('SalesInvolvementType').sort());
    expect([...defs.visibility.enum].sort()).toEqual(enumValues('Visibility').sort());
  });
});

import { describe, expect, it } from 'vitest';
import { diff, NO_CHANGES, render, renderHuman, renderJson, renderMarkdown, type Plan } from '../../src/plan/index.js';
import type { PlanFormat } from '../../src/plan/index.js';
import { CosellError } from '../../src/util/errors.js';
import { declaredJob, desiredState, liveOf, liveState } from './fixtures.js';
import { expectGolden } from './golden.js';
import { everyActionScenario } from './scenario.js';

const API_CALLS = {
  ListResourceSnapshotJobs: 1,
  ListTagsForResource: 10,
  GetResourceSnapshotJob: 2,
  ListEngagementFromOpportunityTasks: 1,
  ListEngagementByAcceptingInvitationTasks: 1,
};

function scenarioPlan(): Plan {
  const { desired, live } = everyActionScenario();
  return diff(desired, live);
}

function noChangesPlan(): Plan {
  const d = declaredJob('acme-migration', { engagement: 'eng-acmemigration1', opportunity: 'O1001' });
  return diff(desiredState({ snapshotJobs: [d] }), liveState([liveOf('job-0000000000001', d)]));
}

describe('renderers', () => {
  it('human: every action kind, a tag-level diff, errors, the Plan line', () => {
    const text = renderHuman(scenarioPlan());
    expectGolden('every-action.human.txt', text);
    expect(text).not.toContain('\u001b[');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Plan: 3 to add, 3 to change, 2 to destroy.');
    expect(text).not.toContain('snapshotJob.steady');
  });

  it('human: colours only when told', () => {
    const text = renderHuman(scenarioPlan(), { color: true });
    expectGolden('every-action.human-color.txt', text);
    expect(text).toContain('  \u001b[32m+\u001b[39m create');
    expect(text.replace(/\u001b\[\d+m/g, '')).toBe(renderHuman(scenarioPlan()));
  });

  it('human: no changes', () => {
    const text = renderHuman(noChangesPlan());
    expect(text).toBe(`${NO_CHANGES}\n`);
    expect(NO_CHANGES).toBe('No changes. Your Partner Central account matches the configuration.');
  });

  it('human: a plan with only errors lists them and does not claim "No changes"', () => {
    const { desired, live } = everyActionScenario();
    const plan = diff(desired, live, { targets: ['snapshotJob.contested'] });
    const text = renderHuman(plan);
    expect(text).toContain('│ Error: Ownership conflict on snapshotJob.contested');
    expect(text).toContain('│   declared at stack/contested.yaml:2:3');
    expect(text).not.toContain('No changes');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Plan: 0 to add, 0 to change, 0 to destroy.');
    const [md] = renderMarkdown(plan);
    expect(md).toContain('> 1 resource has an error and will not be touched until resolved.');
    expect(md).toContain('- **Ownership conflict on snapshotJob.contested** (stack/contested.yaml:2:3): the live job job-contested0001');
  });

  it('human: a targeted plan says so', () => {
    const { desired, live } = everyActionScenario();
    const text = renderHuman(diff(desired, live, { targets: ['snapshotJob.acme-*'], excludes: ['*.acme-migration'] }));
    expectGolden('targeted.human.txt', text);
    expect(text).toContain(
      'Note: this plan covers only the resources selected by --target snapshotJob.acme-* and --exclude *.acme-migration',
    );
  });

  it('json: the envelope, every change with before/after/tag changes, and the API calls', () => {
    const text = renderJson(scenarioPlan(), { apiCalls: API_CALLS });
    expectGolden('every-action.plan.json', text);
    const json = JSON.parse(text);
    expect(json.format_version).toBe('1.0');
    expect(Object.keys(json.api_calls)).toEqual(Object.keys(API_CALLS).sort());
    expect(json.summary).toEqual({ add: 3, change: 3, destroy: 2, error: 2 });
    expect(json.resource_changes.map((c: { actions: string[] }) => c.actions.join(','))).toEqual([
      'update',
      'create',
      'update',
      'update',
      'delete,create',
      'create',
      'delete',
      'no-op',
    ]);
  });

  it('json: no API calls given, none reported', () => {
    expect(JSON.parse(renderJson(noChangesPlan()))).not.toHaveProperty('api_calls');
  });

  it('markdown: summary first, details folded', () => {
    const parts = renderMarkdown(scenarioPlan());
    expect(parts).toHaveLength(1);
    expectGolden('every-action.md', parts[0] as string);
    const md = parts[0] as string;
    expect(md.indexOf('**Plan: 3 to add, 3 to change, 2 to destroy.**')).toBeLessThan(md.indexOf('<details>'));
    expect(md).toContain('```diff\n');
  });

  it('markdown: no changes', () => {
    expect(renderMarkdown(noChangesPlan())).toEqual([`### cosell plan for stack \`emea-alliances\`\n\n**${NO_CHANGES}**\n`]);
  });

  it('render dispatches by format, one interface for all', () => {
    const plan = scenarioPlan();
    expect(render(plan, 'human', { color: false })).toEqual([renderHuman(plan)]);
    expect(render(plan, 'json', { apiCalls: API_CALLS })).toEqual([renderJson(plan, { apiCalls: API_CALLS })]);
    expect(render(plan, 'markdown')).toEqual(renderMarkdown(plan));
  });

  it('render refuses an unknown format, naming the known ones', () => {
    expect(() => render(scenarioPlan(), 'yaml' as PlanFormat)).toThrow(CosellError);
    expect(() => render(scenarioPlan(), 'toString' as PlanFormat)).toThrow(
      'unknown plan format "toString"; use one of human, json, markdown',
    );
  });
});

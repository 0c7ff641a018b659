/** The conformance suite's pure parts, with plain data: shapes, flags, verdicts, reports. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fails, SHAPES, succeeds } from '../../src/conformance/expectations.js';
import { judge } from '../../src/conformance/judge.js';
import { checkFlags, newRunId, type ConformanceFlags } from '../../src/conformance/options.js';
import { cleanupLine, stepLines, summaryLines, toJsonReport } from '../../src/conformance/report.js';
import { exitCode, newSuiteState } from '../../src/conformance/run.js';
import type { Observation } from '../../src/conformance/sdk.js';
import { renderShape, S, shapeDifferences, shapeOf } from '../../src/conformance/shape.js';
import { STEPS } from '../../src/conformance/steps.js';
import type { CallStep } from '../../src/conformance/types.js';

const ENV = {};
const FLAGS: ConformanceFlags = { endpoint: 'http://127.0.0.1:4599', engagement: 'eng-abcdefghijklmn', opportunity: 'O1' };
const options = (over: ConformanceFlags = {}) => checkFlags({ ...FLAGS, ...over }, ENV);
const step = (name: string): CallStep => STEPS.find((s) => s.name === name) as CallStep;
const obs = (o: Partial<Observation>): Observation => ({ operation: 'GetResourceSnapshotJob', shape: S.none, attempts: 1, ...o });

describe('answer shapes', () => {
  it('names members and types, never values', () => {
    expect(renderShape(shapeOf({ Id: 'job-1', Tags: [{ Key: 'a', Value: 'b' }], N: 3, Ok: true, Gone: null }))).toBe(
      '{Gone: null, Id: string, N: number, Ok: boolean, Tags: [{Key: string, Value: string}]}',
    );
    expect(renderShape(shapeOf({ Tags: [] }))).toBe('{Tags: []}');
    expect(renderShape(shapeOf(undefined))).toBe('none');
    expect(renderShape(shapeOf([{ a: 'x' }, { b: 1 }]))).toBe('[{a: string, b: number}]');
    expect(renderShape(SHAPES.page)).toBe(
      '{NextToken?: string, ResourceSnapshotJobSummaries: [{Arn: string, EngagementId: string, Id: string, Status: string}]}',
    );
  });

  it('keeps member names that are also Object.prototype names, and quotes any that are not plain', () => {
    expect(renderShape(shapeOf(JSON.parse('{"__proto__": "x", "constructor": 1}')))).toBe('{__proto__: string, constructor: number}');
    expect(renderShape(shapeOf({ 'a\u001b[2Jb': 1 }))).toBe('{"a\\u001b[2Jb": number}');
    expect(shapeDifferences(S.struct({}), shapeOf({ 'x y': 1 }))).toEqual(['"x y": not expected (got number)']);
  });

  it('a value matches its own shape, and the shape does not depend on the values (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(shapeDifferences(shapeOf(v), shapeOf(v))).toEqual([]);
        const renamed = JSON.parse(
          JSON.stringify(v, (_k, x: unknown) => (typeof x === 'string' ? `${x}!` : typeof x === 'number' ? x + 1 : x)),
        ) as unknown;
        expect(renderShape(shapeOf(renamed))).toBe(renderShape(shapeOf(v)));
      }),
    );
  });

  it('says what differs and where', () => {
    const expected = S.struct({ Id: S.string, Tags: S.list(S.struct({ Key: S.string, Value: S.string })) }, { NextToken: S.string });
    expect(shapeDifferences(expected, shapeOf({ Id: 'x', Tags: [] }))).toEqual([]);
    expect(shapeDifferences(expected, shapeOf({ Id: 1, Tags: [{ Key: 'k' }], Extra: true, NextToken: 't' }))).toEqual([
      'Id: expected string, got number',
      'Tags[].Value: missing (expected string)',
      'Extra: not expected (got boolean)',
    ]);
    expect(shapeDifferences(expected, shapeOf(undefined))).toEqual([
      'the answer: expected {Id: string, NextToken?: string, Tags: [{Key: string, Value: string}]}, got none',
    ]);
    // Errors: only the modelled members count.
    expect(shapeDifferences(SHAPES.validation, shapeOf({ Reason: 'R', ErrorList: [], Other: 1 }), true)).toEqual([]);
    expect(shapeDifferences(SHAPES.validation, shapeOf({ Reason: 'R' }), true)).toEqual([
      'ErrorList: missing (expected [{Code: string, FieldName: string, Message: string}])',
    ]);
  });
});

describe('flags', () => {
  it('defaults to Sandbox, OpportunitySummaryView, 3 attempts and one write a second', () => {
    expect(options()).toMatchObject({
      endpoint: 'http://127.0.0.1:4599/',
      region: 'us-east-1',
      catalog: 'Sandbox',
      template: 'OpportunitySummaryView',
      keep: false,
      maxAttempts: 3,
      writeIntervalMs: 1000,
    });
  });

  it('refuses the production catalog unless told it is meant', () => {
    expect(() => options({ catalog: 'AWS' })).toThrow(/^--catalog AWS is the production catalog: .* add --i-know-this-is-production\.$/);
    expect(options({ catalog: 'AWS', iKnowThisIsProduction: true }).catalog).toBe('AWS');
  });

  it.each<[ConformanceFlags, string]>([
    [{ catalog: 'sandbox' }, '--catalog "sandbox": expected AWS or Sandbox'],
    [{ engagement: undefined }, '--engagement is required, e.g. --engagement eng-abcdefghijklmn'],
    [
      { engagement: 'eng-x' },
      '--engagement "eng-x" is not a valid EngagementIdentifier: expected a match for ^eng-[0-9a-z]{14}$, e.g. eng-abcdefghijklmn',
    ],
    [{ opportunity: '' }, '--opportunity is required, e.g. --opportunity O1234567890'],
    [
      { opportunity: 'O1\n' },
      '--opportunity "O1\\n" is not a valid ResourceIdentifier: expected a match for ^O[0-9]{1,19}$, e.g. O1234567890',
    ],
    [
      { template: 'no spaces' },
      '--template "no spaces" is not a valid ResourceTemplateName: expected a match for ^[a-zA-Z0-9]{3,80}$, e.g. OpportunitySummaryView',
    ],
    [{ writeIntervalMs: '-1' }, '--write-interval-ms "-1": expected a whole number of milliseconds from 0 to 60000'],
    [{ writeIntervalMs: '1e3' }, '--write-interval-ms "1e3": expected a whole number of milliseconds from 0 to 60000'],
    [{ out: ' ' }, '--out needs a file name'],
    [{ endpoint: 'http://example.com' }, 'refusing plain http endpoint "http://example.com" (from --endpoint)'],
  ])('refuses %j', (flags, message) => {
    expect(() => options(flags)).toThrow(message);
  });

  it('makes run ids that are valid tag values and sort by time', () => {
    const id = newRunId(new Date('2026-12-02T08:15:00.123Z'));
    expect(id).toMatch(/^20261202T081500Z-[0-9a-f]{6}$/);
    expect(newRunId()).not.toBe(newRunId());
  });
});

describe('verdicts', () => {
  const ctx = () => newSuiteState(options()).ctx;

  it('matches when status, error, reason and shape agree', () => {
    const r = judge(step('get-unknown-id'), obs({ status: 404, error: 'ResourceNotFoundException', shape: S.struct({}) }), ctx());
    expect(r).toMatchObject({ verdict: 'matches', differences: [] });
  });

  it('differs, saying how, and quotes the service’s message safely', () => {
    const r = judge(
      step('start-again'),
      obs({ status: 400, error: 'ValidationException', message: 'bad\u001b[31m', shape: S.struct({}) }),
      ctx(),
    );
    expect(r.verdict).toBe('differs');
    expect(r.differences).toEqual([
      'HTTP status: expected 409, got 400',
      'error: expected ConflictException, got ValidationException: "bad\\u001b[31m"',
    ]);
    const reason = judge(
      step('tag-reserved-key'),
      obs({ status: 400, error: 'ValidationException', reason: 'REQUEST_VALIDATION_FAILED', shape: SHAPES.validation }),
      ctx(),
    );
    expect(reason.differences).toEqual(['Reason: expected BUSINESS_VALIDATION_FAILED, got REQUEST_VALIDATION_FAILED']);
    const none = judge(step('get'), obs({ error: 'TimeoutError', message: 'socket hang up' }), ctx());
    expect(none.differences).toEqual(['no HTTP answer: TimeoutError: "socket hang up"']);
  });

  it('checks values only once the shape is right, and may find it cannot tell', () => {
    const c = ctx();
    c.job = { id: 'job-aaaaaaaaaaaaa', arn: 'arn' };
    const page = (n: number, next?: string) => ({
      ResourceSnapshotJobSummaries: Array.from({ length: n }, () => ({ Id: 'j', Arn: 'a', EngagementId: 'e', Status: 'Stopped' })),
      NextToken: next,
    });
    const list = (value: unknown) => {
      const body = JSON.parse(JSON.stringify(value)) as unknown; // as it comes off the wire
      return obs({ operation: 'ListResourceSnapshotJobs', status: 200, shape: shapeOf(body), body });
    };
    expect(judge(step('list-default-page-size'), list(page(3)), c)).toMatchObject({
      verdict: 'not checked',
      notChecked: 'the catalog holds 3 jobs: the default page size shows only with more than 50',
    });
    expect(judge(step('list-default-page-size'), list(page(50, 't')), c).differences).toEqual([
      'a page without MaxResults held 50 jobs and a NextToken: the default page size is 50, not 100',
    ]);
    expect(judge(step('list-default-page-size'), list(page(100, 't')), c).verdict).toBe('matches');
    expect(judge(step('list-first-page'), list(page(1)), c).differences).toEqual([
      'ResourceSnapshotJobSummaries: the first job is not the newest one (this run’s)',
    ]);
    const tags = { Tags: [{ Key: 'a', Value: 'b' }] };
    expect(judge(step('tags-none'), obs({ status: 200, shape: shapeOf(tags), body: tags }), c).differences).toEqual([
      'Tags: expected an empty list',
    ]);
    expect(judge(step('tags-none'), obs({ status: 200, shape: shapeOf({}), body: {} }), c).differences).toEqual([
      'Tags: missing (expected [{Key: string, Value: string}])',
    ]);
  });

  it('expects each error with the status the model gives it', () => {
    expect(fails('ConflictException').status).toBe(409);
    expect(fails('ResourceNotFoundException').status).toBe(404);
    expect(succeeds('DeleteResourceSnapshotJob', SHAPES.empty)).toEqual({ status: 204, shape: S.none });
    expect(() => fails('NoSuchException')).toThrow('model: NoSuchException is not a modelled error');
  });
});

describe('the sequence', () => {
  it('has unique step names, and every job it creates carries the run tag', () => {
    expect(new Set(STEPS.map((s) => s.name)).size).toBe(STEPS.length);
    const ctx = newSuiteState(options()).ctx;
    for (const s of STEPS)
      if ('operation' in s && s.operation === 'CreateResourceSnapshotJob')
        expect(s.input(ctx).Tags, s.name).toContainEqual({ Key: 'cosell:conformance', Value: ctx.options.runId });
  });
});

describe('reports', () => {
  it('renders a step, a cleanup line, the summary and the exit code', () => {
    const state = newSuiteState(options());
    const differs = judge(step('start-again'), obs({ status: 204, shape: S.none }), state.ctx);
    state.steps.push(differs);
    expect(stepLines(differs)).toEqual([
      '  differs      start-again                StartResourceSnapshotJob → 204 none',
      '                 - HTTP status: expected 409, got 204',
      '                 - error: expected ConflictException, got a success',
    ]);
    state.cleanup.push({
      job: 'job-aaaaaaaaaaaaa',
      outcome: 'left',
      detail: 'DeleteResourceSnapshotJob failed: AccessDeniedException (HTTP 403)',
    });
    expect(cleanupLine(state.cleanup[0]!)).toBe(
      '  left     job-aaaaaaaaaaaaa: DeleteResourceSnapshotJob failed: AccessDeniedException (HTTP 403)',
    );
    const summary = summaryLines(state).join('\n');
    expect(summary).toContain('0 match, 1 differ, 0 not checked.');
    expect(summary).toContain('1 job(s) may be left behind');
    expect(exitCode(state)).toBe(1);
    state.interrupted = true;
    expect(exitCode(state)).toBe(130);
    const json = toJsonReport(state);
    expect(json).toMatchObject({ format_version: '1.0', interrupted: true, summary: { matches: 0, differs: 1, not_checked: 0 } });
    expect(JSON.stringify(json)).not.toContain('wJalrXUtnFEMI');
  });

  it('exits 0 when nothing differs and nothing is left', () => {
    const state = newSuiteState(options());
    state.steps.push(
      judge(step('get-unknown-id'), obs({ status: 404, error: 'ResourceNotFoundException', shape: S.struct({}) }), state.ctx),
    );
    state.cleanup.push({ job: 'job-aaaaaaaaaaaaa', outcome: 'deleted' });
    expect(exitCode(state)).toBe(0);
  });
});

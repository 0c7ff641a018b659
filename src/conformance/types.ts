import type { RunOptions } from './options.js';
import type { Observation, Signing, SuiteOperation } from './sdk.js';
import type { Shape } from './shape.js';

export type Verdict = 'matches' | 'differs' | 'not checked';

/** What the suite expects of one call: the emulator's behaviour, which cosell relies on. */
export interface Expectation {
  status: number;
  error?: string;
  /** ValidationException's Reason. */
  reason?: string;
  /** Of a success, the whole answer; of an error, the members it must carry (others may be there). */
  shape?: Shape;
}

export interface JobRef {
  id: string;
  arn: string;
}

/** What the steps share as the run goes on. */
export interface StepContext {
  readonly options: RunOptions;
  /** The job this run created, once the create answered. */
  job?: JobRef;
  /** The ClientToken of the create, reused by the idempotency steps. */
  readonly token: string;
  /** The NextToken the first page of the engagement's jobs gave, if any, and the job on that page. */
  nextToken?: string;
  firstListed?: string;
  /** Every job id a create answered with, for the cleanup. */
  readonly created: Map<string, string>;
  /** A create went unanswered (no answer, or a 5xx): a job may exist that no answer named. */
  uncertainCreate: boolean;
}

/** A check's differences (none: it matches), or why it could not tell. */
export type CheckResult = string[] | { notChecked: string };

/** One call of the scripted sequence and what the suite expects of it. */
export interface CallStep {
  name: string;
  title: string;
  operation: SuiteOperation;
  /** Signed wrongly on purpose (default: normally). */
  signing?: Signing;
  /** Needs the job the run created: not checked without one. */
  needsJob?: boolean;
  /** A reason this step cannot be checked in this run (it is then not sent). */
  skip?(ctx: StepContext): string | undefined;
  input(ctx: StepContext): Record<string, unknown>;
  expect: Expectation;
  /** Checks of values beyond status, error and shape. */
  check?(obs: Observation, ctx: StepContext): CheckResult;
  /** Learns from the answer (the job's id, a NextToken), whatever the verdict. */
  after?(obs: Observation, ctx: StepContext): void;
}

/** A behaviour the suite names but does not exercise, and why. */
export interface UncheckedStep {
  name: string;
  title: string;
  notChecked: string;
}

export type Step = CallStep | UncheckedStep;

/** One step's outcome, as both reports give it. */
export interface StepResult {
  name: string;
  title: string;
  operation?: SuiteOperation;
  verdict: Verdict;
  /** What differs and how (for `differs`), or why it was not checked. */
  differences: string[];
  notChecked?: string;
  expected?: Expectation;
  observed?: Observation;
}

export type CleanupOutcome = 'deleted' | 'gone' | 'kept' | 'left';

export interface CleanupResult {
  job: string;
  outcome: CleanupOutcome;
  detail?: string;
}

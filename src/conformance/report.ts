import { renderShape } from './shape.js';
import type { RunOptions } from './options.js';
import { RUN_TAG_KEY } from './options.js';
import { STEPS } from './steps.js';
import type { SuiteState } from './run.js';
import type { CleanupResult, Expectation, StepResult, Verdict } from './types.js';
import type { Observation } from './sdk.js';

const NAME_WIDTH = Math.max(...STEPS.map((s) => s.name.length));
const VERDICT_WIDTH = 'not checked'.length;

export const REPORT_FORMAT_VERSION = '1.0';

/** Where a partner sends a difference; the troubleshooting page says how. */
export const REPORT_HINT =
  'Report each difference with the JSON report (--out FILE): see "Running the conformance suite" in docs/troubleshooting.md.';

export function headerLines(o: RunOptions): string[] {
  return [
    `cosell conformance run ${o.runId} (every job it creates is tagged ${RUN_TAG_KEY}=${o.runId})`,
    `  endpoint ${o.endpoint}, region ${o.region}`,
    `  catalog ${o.catalog}, engagement ${o.engagement}, opportunity ${o.opportunity}, template ${o.template}`,
    '',
  ];
}

function answer(obs: Observation | undefined): string {
  if (!obs) return '';
  const status = obs.status === undefined ? 'no answer' : String(obs.status);
  const what = obs.error ? `${obs.error}${obs.reason ? ` (${obs.reason})` : ''}` : renderShape(obs.shape);
  return `${status} ${what}`;
}

/** One step: its verdict, name and what it got; under it, each difference or why it was not checked. */
export function stepLines(r: StepResult): string[] {
  const head = `  ${r.verdict.padEnd(VERDICT_WIDTH)}  ${r.name.padEnd(NAME_WIDTH)}  `;
  if (r.verdict === 'not checked') return [`${head}${r.notChecked ?? ''}`];
  const lines = [`${head}${r.operation} → ${answer(r.observed)}`];
  for (const d of r.differences) lines.push(`${' '.repeat(VERDICT_WIDTH + 6)}- ${d}`);
  return lines;
}

export function cleanupLine(c: CleanupResult): string {
  return `  ${c.outcome.padEnd(8)} ${c.job}${c.detail ? `: ${c.detail}` : ''}`;
}

function count(steps: StepResult[], verdict: Verdict): number {
  return steps.filter((s) => s.verdict === verdict).length;
}

/** When every call failed the same way, the run says more about the set-up than the service. */
function diagnosis(state: SuiteState): string | undefined {
  const sent = state.steps.filter((s) => s.observed);
  const wantedSuccess = sent.filter((s) => s.expected?.error === undefined);
  const differing = sent.filter((s) => s.verdict === 'differs');
  if (wantedSuccess.length === 0 || wantedSuccess.some((s) => !s.observed?.error)) return undefined;
  const kinds = new Set(differing.map((s) => s.observed?.error));
  if (kinds.size !== 1) return undefined;
  const obs = differing[0]!.observed!;
  const o = state.ctx.options;
  const what = obs.status === undefined ? `with no HTTP answer (${obs.error})` : `with ${obs.error} (HTTP ${obs.status})`;
  const hints: Record<string, string> = {
    AccessDeniedException: `these credentials may not use the Selling API in catalog ${o.catalog}: see AccessDeniedException in docs/troubleshooting.md`,
    UnrecognizedClientException: 'the credentials are not known to the endpoint: refresh them, or check --profile',
    InvalidSignatureException: 'the signature was refused: check the secret key, the clock and --region',
    InternalServerException: 'the endpoint fails every call: try again later',
    ThrottlingException: 'every call was throttled: wait, or raise --write-interval-ms',
  };
  const hint =
    hints[obs.error!] ??
    (obs.status === undefined ? `the endpoint ${o.endpoint} could not be reached` : 'the set-up, not the service, is the likely cause');
  return `Every call failed ${what}: ${hint}. Nothing in this run says how the service behaves.`;
}

export function summaryLines(state: SuiteState): string[] {
  const s = state.steps;
  const lines = ['', `${count(s, 'matches')} match, ${count(s, 'differs')} differ, ${count(s, 'not checked')} not checked.`];
  const why = diagnosis(state);
  if (why) lines.push(why);
  const create = state.steps.find((r) => r.name === 'create')?.observed?.error;
  const o = state.ctx.options;
  if (create === 'ConflictException')
    lines.push(
      `A job already exists for ${o.engagement}, ${o.opportunity} and ${o.template}: run again with an opportunity that has none (or another --template).`,
    );
  if (create === 'ResourceNotFoundException')
    lines.push(
      `The create found no ${o.engagement}, ${o.opportunity} or ${o.template} in catalog ${o.catalog}: check the ids (Sandbox holds its own test data).`,
    );
  if (state.interrupted) lines.push('The run was interrupted: the steps after the interrupt were not sent.');
  const left = state.cleanup.filter((c) => c.outcome === 'left');
  if (left.length > 0)
    lines.push(
      `${left.length} job(s) may be left behind: delete each with ` +
        `\`aws partnercentral-selling delete-resource-snapshot-job --catalog ${state.ctx.options.catalog} --resource-snapshot-job-identifier ID\` ` +
        `(stop it first if it runs); each carries the tag ${RUN_TAG_KEY}=${state.ctx.options.runId}.`,
    );
  else if (state.cleanup.length === 0) lines.push('No job was created: nothing to clean up.');
  if (count(s, 'differs') > 0 && !why) lines.push(REPORT_HINT);
  return lines;
}

const expectedJson = (e: Expectation | undefined) =>
  e && { status: e.status, error: e.error ?? null, reason: e.reason ?? null, shape: e.shape ? renderShape(e.shape) : null };

const observedJson = (o: Observation | undefined) =>
  o && {
    status: o.status ?? null,
    error: o.error ?? null,
    reason: o.reason ?? null,
    message: o.message ?? null,
    shape: renderShape(o.shape),
    attempts: o.attempts,
    requestId: o.requestId ?? null,
  };

/** The JSON report: shapes and statuses, the service's messages, never a credential. */
export function toJsonReport(state: SuiteState): Record<string, unknown> {
  const o = state.ctx.options;
  const s = state.steps;
  return {
    format_version: REPORT_FORMAT_VERSION,
    run: o.runId,
    endpoint: o.endpoint,
    region: o.region,
    catalog: o.catalog,
    engagement: o.engagement,
    opportunity: o.opportunity,
    template: o.template,
    started_at: state.startedAt.toISOString(),
    finished_at: (state.finishedAt ?? new Date()).toISOString(),
    interrupted: state.interrupted,
    summary: { matches: count(s, 'matches'), differs: count(s, 'differs'), not_checked: count(s, 'not checked') },
    diagnosis: diagnosis(state) ?? null,
    steps: s.map((r) => ({
      name: r.name,
      title: r.title,
      operation: r.operation ?? null,
      verdict: r.verdict,
      differences: r.differences,
      not_checked: r.notChecked ?? null,
      expected: expectedJson(r.expected) ?? null,
      observed: observedJson(r.observed) ?? null,
    })),
    cleanup: state.cleanup.map((c) => ({ job: c.job, outcome: c.outcome, detail: c.detail ?? null })),
  };
}

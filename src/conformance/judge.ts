import type { Observation } from './sdk.js';
import { shapeDifferences } from './shape.js';
import type { CallStep, StepContext, StepResult } from './types.js';

/** The service's words, quoted so that nothing in them reaches a terminal as a control sequence. */
export function quoted(message: string | undefined): string {
  return message === undefined ? '' : `: ${JSON.stringify(message.length > 300 ? `${message.slice(0, 300)}…` : message)}`;
}

/** How an observation compares with its step's expectation: status, error, reason, shape, then values. */
export function judge(step: CallStep, obs: Observation, ctx: StepContext): StepResult {
  const exp = step.expect;
  const base = { name: step.name, title: step.title, operation: step.operation, expected: exp, observed: obs };
  const out: string[] = [];
  if (obs.status === undefined) out.push(`no HTTP answer: ${obs.error ?? 'Error'}${quoted(obs.message)}`);
  else if (obs.status !== exp.status) out.push(`HTTP status: expected ${exp.status}, got ${obs.status}`);
  if (obs.status !== undefined && obs.error !== exp.error) {
    if (exp.error === undefined) out.push(`error: expected a success, got ${obs.error}${quoted(obs.message)}`);
    else out.push(`error: expected ${exp.error}, got ${obs.error ?? 'a success'}${obs.error ? quoted(obs.message) : ''}`);
  }
  if (obs.error === exp.error) {
    if (exp.reason !== undefined && obs.reason !== exp.reason) out.push(`Reason: expected ${exp.reason}, got ${obs.reason ?? 'none'}`);
    if (exp.shape) out.push(...shapeDifferences(exp.shape, obs.shape, exp.error !== undefined));
    if (out.length === 0 && step.check) {
      const checked = step.check(obs, ctx);
      if (!Array.isArray(checked)) return { ...base, verdict: 'not checked', differences: [], notChecked: checked.notChecked };
      out.push(...checked);
    }
  }
  return { ...base, verdict: out.length === 0 ? 'matches' : 'differs', differences: out };
}

/** A step that was not sent, and why. */
export function notChecked(step: { name: string; title: string; operation?: CallStep['operation'] }, why: string): StepResult {
  return { name: step.name, title: step.title, operation: step.operation, verdict: 'not checked', differences: [], notChecked: why };
}

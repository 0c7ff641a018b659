/**
 * What `cosell apply` shows, in one place (as Terraform's internal/command/views): the plan, the
 * progress of each change and the summary, as human lines or as newline-delimited JSON events
 * (Terraform's machine-readable UI), and the errors at the end. The command wires it; the
 * lines themselves are progress.ts's.
 *
 * While observing, changes may start before the plan is shown (stream.ts). Their events are
 * held until the plan is shown, then shown in the order they happened, and from then on as they
 * happen: the plan always comes first, as the reader expects.
 */
import { counted } from '../../util/plural.js';
import { hasChanges, NO_CHANGES, render, toJsonPlan, type Plan } from '../../plan/index.js';
import { printable, safeJson } from '../../util/printable.js';
import { humanLine, jsonLine } from '../progress.js';
import type { ApplyEvent, ApplyResult } from '../types.js';

export interface ViewIo {
  out(text: string): void;
  err(text: string): void;
}

export type ViewFormat = 'human' | 'json';

const BOLD = '\x1b[1m';
const GREEN = '\x1b[32m';
const YELLOW = '\x1b[33m';
const RED = '\x1b[31m';
const RESET = '\x1b[0m';

export class ApplyView {
  /** Events told before the changes' part of the output began, with when they happened. */
  private held: Array<{ e: ApplyEvent; at: Date }> | undefined = [];

  constructor(
    private readonly format: ViewFormat,
    /** Colours, for a human terminal. */
    private readonly color: boolean,
    private readonly io: ViewIo,
  ) {}

  /** The plan: rendered for a person, or one JSON `plan` event. */
  plan(plan: Plan): void {
    if (this.format === 'json') {
      const message = `Plan: ${plan.summary.add} to add, ${plan.summary.change} to change, ${plan.summary.destroy} to destroy.`;
      this.io.out(`${safeJson(JSON.stringify({ ...envelope('info', message), type: 'plan', plan: toJsonPlan(plan) }))}\n`);
      return;
    }
    const text = render(plan, 'human', { color: this.color }).join('\n');
    this.io.out(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** A message on its own: text, or a JSON `message` event. */
  message(text: string): void {
    if (this.format === 'json') this.io.out(`${JSON.stringify({ ...envelope('info', text.trim()), type: 'message' })}\n`);
    else this.io.out(text);
  }

  noChanges(): void {
    this.message(`${NO_CHANGES}\n`);
  }

  /** Whether the plan is followed by changes: a plan with changes and no errors. */
  static applies(plan: Plan): boolean {
    return hasChanges(plan) && plan.errors.length === 0;
  }

  /**
   * The changes' part begins: a blank line after a human plan shown (`afterPlan`), then the
   * events held so far.
   */
  changesBegin(afterPlan = true): void {
    if (this.held === undefined) return;
    if (afterPlan && this.format === 'human') this.io.out('\n');
    const held = this.held;
    this.held = undefined;
    for (const { e, at } of held) this.show(e, at);
  }

  /** Shows the events held, if any: a run that ends in an error still tells what it did. */
  releaseHeld(): void {
    if (this.held?.length) this.changesBegin();
  }

  /** One event of the run: held until the changes' part begins. */
  event(e: ApplyEvent): void {
    if (this.held) this.held.push({ e, at: new Date() });
    else this.show(e);
  }

  /** The errors of a run that did not complete, on stderr; the exit code. */
  report(result: ApplyResult): number {
    if (result.ok) return 0;
    const skipped = result.resources.filter((r) => r.status === 'skipped' && result.stoppedOperations);
    for (const r of result.resources)
      if (r.status !== 'complete' && !skipped.includes(r)) this.io.err(`\nError: ${printable(`${r.address}: ${r.error ?? 'failed'}`)}\n`);
    const stopped = Object.entries(result.stoppedOperations ?? {});
    if (stopped.length > 0) {
      const n = skipped.length;
      this.io.err(
        `\nError: cosell stopped sending ${stopped.map(([op]) => op).join(' and ')}: ${printable(stopped[0]?.[1] ?? '')}. ` +
          `${counted(n, 'change was', 'changes were')} not made${n ? ` (${printable(listed(skipped.map((r) => r.address)))})` : ''}; ` +
          'a later run will continue from what is live.\n',
      );
    }
    return 1;
  }

  /** A JSON event's @timestamp says when it happened, also for one held until the plan was shown. */
  private show(e: ApplyEvent, at = new Date()): void {
    if (this.format === 'json') this.io.out(`${jsonLine(e, at)}\n`);
    else this.io.out(`${e.type === 'change_summary' ? '\n' : ''}${this.paint(e, humanLine(e))}\n`);
  }

  private paint(e: ApplyEvent, line: string): string {
    if (!this.color) return line;
    if (e.type === 'change_summary') return `${BOLD}${e.summary.failed ? YELLOW : GREEN}${line}${RESET}`;
    if (e.type === 'apply_errored') return `${RED}${line}${RESET}`;
    return line;
  }
}

function envelope(level: string, message: string): Record<string, string> {
  return { '@level': level, '@message': message, '@timestamp': new Date().toISOString() };
}

/** The first few of a long list, and how many more. */
function listed(items: readonly string[], most = 10): string {
  return items.length <= most ? items.join(', ') : `${items.slice(0, most).join(', ')} and ${items.length - most} more`;
}

/** One interface for every view of a plan, as Terraform has (docs/architecture.md). */
import type { Plan } from '../types.js';

export type PlanFormat = 'human' | 'json' | 'markdown';

export interface RenderOptions {
  /** ANSI colours in human output; the CLI decides from TTY, NO_COLOR and --no-color. */
  color?: boolean;
  /** The API calls made while planning, by operation (the plan itself is pure). JSON only. */
  apiCalls?: Record<string, number>;
  /** The plan was read from a file: its claims about live jobs are shown as claims. */
  saved?: boolean;
  /** Markdown: the longest a part may be, in characters (default 65,000). */
  maxPartLength?: number;
  /** Markdown: at most this many parts; a longer plan is cut and says what it left out. */
  maxParts?: number;
  /** Where the whole plan is saved, for the notice of a cut plan. */
  planFile?: string;
}

/** A view of a plan. Human and JSON give one part; markdown may give several. */
export interface PlanRenderer {
  format: PlanFormat;
  render(plan: Plan, options: RenderOptions): string[];
}

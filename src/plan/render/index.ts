/** The plan's views behind one interface, and a dispatcher by format name. */
import { CosellError } from '../../util/errors.js';
import { PLAN_FORMATS } from './formats.js';
import type { Plan } from '../types.js';
import { humanRenderer } from './human.js';
import { jsonRenderer } from './json.js';
import { markdownRenderer } from './markdown.js';
import type { PlanFormat, PlanRenderer, RenderOptions } from './types.js';

export const RENDERERS: Readonly<Record<PlanFormat, PlanRenderer>> = {
  human: humanRenderer,
  json: jsonRenderer,
  markdown: markdownRenderer,
};

export { PLAN_FORMATS };

/** Renders a plan; human and json give one string, markdown one per pull-request comment. */
export function render(plan: Plan, format: PlanFormat, options: RenderOptions = {}): string[] {
  const renderer = Object.hasOwn(RENDERERS, format) ? RENDERERS[format] : undefined;
  if (!renderer) throw new CosellError(`unknown plan format ${JSON.stringify(format)}; use one of ${PLAN_FORMATS.join(', ')}`);
  return renderer.render(plan, options);
}

export { renderHuman, NO_CHANGES, summaryLine } from './human.js';
export { renderJson, toJsonPlan, type JsonPlan, type JsonResourceChange, type JsonPlanError } from './json.js';
export { renderMarkdown, DEFAULT_MAX_PART_LENGTH } from './markdown.js';
export type { PlanFormat, PlanRenderer, RenderOptions } from './types.js';

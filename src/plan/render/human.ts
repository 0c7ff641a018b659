/** The human view: Terraform's layout and symbols, colours only when asked. */
import { printable } from '../../util/printable.js';
import { hasChanges } from '../diff.js';
import { managedKeyTest } from '../tags.js';
import { Action, type Plan, type PlanError, type PlanSummary } from '../types.js';
import { changeLines, errorDetail, errorTitle, type Line } from './blocks.js';
import { palette, type Palette } from './color.js';
import type { PlanRenderer, RenderOptions } from './types.js';
import { ACTION_LEGEND, symbolOf, type Sign } from './words.js';
import { plural, counted } from '../../util/plural.js';

export const NO_CHANGES = 'No changes. Your Partner Central account matches the configuration.';

export function summaryLine(s: PlanSummary): string {
  return `Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.`;
}

export function renderHuman(plan: Plan, options: Pick<RenderOptions, 'color' | 'saved'> = {}): string {
  const p = palette(options.color ?? false);
  const out: string[] = [];
  const shown = plan.resourceChanges.filter((c) => c.action !== Action.NoOp);
  if (shown.length > 0) {
    const used = new Set(shown.map((c) => c.action));
    out.push('cosell compared the live Partner Central account with the stack. Resource actions are indicated with the following symbols:');
    for (const [action, label] of ACTION_LEGEND) if (used.has(action)) out.push(`${sign(symbolOf(action), p)} ${label}`);
    out.push('', 'cosell will perform the following actions:', '');
    const managed = managedKeyTest(plan.ignoreTags);
    // One string per resource, so that the many small strings of its lines die young.
    for (const change of shown)
      out.push(
        `${changeLines(change, managed, options.saved)
          .map((l) => layout(l, p))
          .join('\n')}\n`,
      );
  }
  for (const e of plan.errors) out.push(...errorBox(e, p), '');
  const since = changedSinceNote(plan);
  if (since) out.push(printable(`Note: ${since}`), '');
  // A partial plan's targets are what --changed-since chose, said above.
  if (!plan.changedSince?.partial && (plan.targets.length > 0 || plan.excludes.length > 0)) out.push(...targetingNote(plan), '');
  if (!hasChanges(plan) && plan.errors.length === 0) out.push(NO_CHANGES);
  else out.push(`${p.bold('Plan:')} ${summaryLine(plan.summary).slice('Plan: '.length)}`);
  return `${out.join('\n')}\n`;
}

function sign(s: Sign, p: Palette): string {
  const pad = ' '.repeat(3 - s.length);
  switch (s) {
    case '+':
      return pad + p.green(s);
    case '-':
      return pad + p.red(s);
    case '~':
      return pad + p.yellow(s);
    case '-/+':
      return `${p.red('-')}/${p.green('+')}`;
    default:
      return pad;
  }
}

const INDENT = ['', '    ', '        '];

/** Terraform's columns: a 3-wide sign column, 4 spaces a level. */
function layout(raw: Line, p: Palette): string {
  // Values are quoted by str(); notes and addresses may still carry a file's or the service's text.
  const line = { ...raw, text: printable(raw.text), address: raw.address && printable(raw.address) };
  if (line.comment) {
    const indent = line.depth === 0 ? 2 : line.depth * 4 + 4;
    const text = line.address ? `${p.bold(line.address)}${line.text.slice(line.address.length)}` : line.text;
    return `${' '.repeat(indent)}# ${text}`;
  }
  return `${INDENT[line.depth] ?? ' '.repeat(line.depth * 4)}${sign(line.sign, p)} ${line.text}`;
}

function errorBox(e: PlanError, p: Palette): string[] {
  const bar = p.red('│');
  return [
    p.red('╷'),
    `${bar} ${p.red(p.bold('Error:'))} ${p.bold(printable(errorTitle(e)))}`,
    bar,
    ...errorDetail(e).map((l, i) => `${bar} ${i === 0 ? l : `  ${l}`}`),
    p.red('╵'),
  ];
}

/** What a --changed-since plan covers, in one sentence; undefined for any other plan. */
export function changedSinceNote(plan: Plan): string | undefined {
  const c = plan.changedSince;
  if (!c) return undefined;
  const since = `${c.revision} (${c.commit.slice(0, 12)})`;
  if (!c.partial) return `a full plan: --changed-since ${since} found that ${c.fallback ?? 'the stack changed throughout'}.`;
  const n = c.addresses.length;
  if (n === 0)
    return `a partial plan: no declaration differs since ${since}, so nothing was observed; the rest of the stack may still differ.`;
  return (
    `a partial plan of the ${counted(n, 'resource')} whose ${plural(n, 'declaration differs', 'declarations differ')} since ${since}: ` +
    `${c.addresses.join(', ')}. Only they were observed; the rest of the stack may still differ.`
  );
}

function targetingNote(plan: Plan): string[] {
  const parts: string[] = [];
  if (plan.targets.length > 0) parts.push(`--target ${plan.targets.join(', ')}`);
  if (plan.excludes.length > 0) parts.push(`--exclude ${plan.excludes.join(', ')}`);
  return [
    printable(`Note: this plan covers only the resources selected by ${parts.join(' and ')}; the rest of the stack may still differ.`),
  ];
}

export const humanRenderer: PlanRenderer = {
  format: 'human',
  render: (plan, options) => [renderHuman(plan, options)],
};

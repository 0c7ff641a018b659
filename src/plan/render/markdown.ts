/**
 * The markdown view, for pull-request comments: the summary first, the details folded inside
 * `<details>`, split into parts that each fit in one comment (GitHub refuses bodies over 65,536
 * characters). Alike changes are grouped (groups.ts), so that thousands of them read as one
 * statement; every other change and every error is listed on its own. With `maxParts`, a plan
 * longer than that many parts is cut, and its last part says what was left out.
 */
import { hasChanges } from '../diff.js';
import { managedKeyTest } from '../tags.js';
import { Action, type Plan, type PlanError } from '../types.js';
import { changeLines, errorTitle } from './blocks.js';
import { groupChanges } from './groups.js';
import { changedSinceNote, NO_CHANGES, summaryLine } from './human.js';
import { cutNotice, groupSections } from './markdown-groups.js';
import { codeFence, diffLine, escapeText, inlineCode } from './markdown-text.js';
import { pack, type Section, type Unit } from './parts.js';
import type { PlanRenderer, RenderOptions } from './types.js';
import { counted } from '../../util/plural.js';

export const DEFAULT_MAX_PART_LENGTH = 65_000;
/** Below this a part cannot hold the summary and one resource. */
const MIN_PART_LENGTH = 2_000;

export function renderMarkdown(
  plan: Plan,
  options: Pick<RenderOptions, 'maxPartLength' | 'saved' | 'maxParts' | 'planFile'> = {},
): string[] {
  const max = options.maxPartLength ?? DEFAULT_MAX_PART_LENGTH;
  if (!Number.isInteger(max) || max < MIN_PART_LENGTH) {
    throw new RangeError(`maxPartLength must be an integer of at least ${MIN_PART_LENGTH}; got ${max}`);
  }
  const maxParts = options.maxParts ?? Infinity;
  if (maxParts !== Infinity && (!Number.isInteger(maxParts) || maxParts < 1))
    throw new RangeError(`maxParts must be an integer of at least 1; got ${maxParts}`);
  const title = (i: number, n: number) => `### cosell plan for stack ${inlineCode(plan.stack)}${n > 1 ? ` (part ${i} of ${n})` : ''}\n\n`;
  const budget = max - title(99_999, 99_999).length;

  const sections: Section[] = [];
  if (plan.errors.length > 0) {
    const label = counted(plan.errors.length, 'error');
    sections.push({
      open: (more) => `<details><summary>${label}${more ? ' (continued)' : ''}</summary>\n\n`,
      close: '\n</details>\n\n',
      units: plan.errors.map((e) => ({ text: `${errorItem(e)}\n`, kind: 'error' })),
    });
  }
  const managed = managedKeyTest(plan.ignoreTags);
  const { single, groups } = groupChanges(
    plan.resourceChanges.filter((c) => c.action !== Action.NoOp),
    managed,
  );
  if (single.length > 0) {
    const units = single.map(
      (c): Unit => ({ text: `${changeLines(c, managed, options.saved).map(diffLine).join('\n')}\n\n`, kind: 'change' }),
    );
    const fence = codeFence(units.map((u) => u.text));
    const label = `${counted(single.length, 'resource change')}${groups.length > 0 ? ' shown one by one' : ''}`;
    sections.push({
      open: (more) => `<details><summary>${label}${more ? ' (continued)' : ''}</summary>\n\n${fence}diff\n`,
      close: `${fence}\n\n</details>\n\n`,
      units,
    });
  }
  sections.push(...groups.flatMap(groupSections));

  const packed = pack(summary(plan), sections, budget);
  if (packed.parts.length <= maxParts) return withTitles(packed.parts, title);
  const room =
    cutNotice(
      sections.flatMap((s) => s.units),
      maxParts,
      options.planFile,
    ).length + CUT_SLACK;
  const cut = pack(summary(plan), sections, budget, maxParts, room);
  const parts = [...cut.parts];
  parts[parts.length - 1] += cutNotice(cut.leftOut, maxParts, options.planFile);
  return withTitles(parts, title);
}

/** The notice's length is reserved from the counts of everything; fewer left out never makes it longer by more. */
const CUT_SLACK = 16;

function withTitles(bodies: string[], title: (i: number, n: number) => string): string[] {
  return bodies.map((body, i) => `${`${title(i + 1, bodies.length)}${body}`.trimEnd()}\n`);
}

function summary(plan: Plan): string {
  const out: string[] = [];
  const s = plan.summary;
  if (!hasChanges(plan) && plan.errors.length === 0) out.push(`**${NO_CHANGES}**`);
  else {
    out.push(`**${summaryLine(s)}**`);
    const count = (a: Action) => plan.resourceChanges.filter((c) => c.action === a).length;
    out.push(
      '',
      '| `+` create | `~` update | `-/+` replace | `-` destroy | errors |',
      '| ---: | ---: | ---: | ---: | ---: |',
      `| ${count(Action.Create)} | ${count(Action.Update)} | ${count(Action.DeleteThenCreate)} | ${count(Action.Delete)} | ${s.error} |`,
    );
  }
  if (s.error > 0) {
    out.push(
      '',
      '> [!CAUTION]',
      `> ${counted(s.error, 'resource has an error', 'resources have errors')} and will not be touched until resolved.`,
    );
  }
  const since = changedSinceNote(plan);
  if (since) out.push('', `_${escapeText(since.charAt(0).toUpperCase() + since.slice(1))}_`);
  else if (plan.targets.length > 0 || plan.excludes.length > 0) {
    const sel = [
      ...(plan.targets.length > 0 ? [`--target ${plan.targets.map(inlineCode).join(', ')}`] : []),
      ...(plan.excludes.length > 0 ? [`--exclude ${plan.excludes.map(inlineCode).join(', ')}`] : []),
    ];
    out.push('', `_Only the resources selected by ${sel.join(' and ')} were planned._`);
  }
  return `${out.join('\n')}\n\n`;
}

function errorItem(e: PlanError): string {
  const where = e.source ? ` (${escapeText(`${e.source.file}:${e.source.line}:${e.source.column}`)})` : '';
  return `- **${escapeText(errorTitle(e))}**${where}: ${escapeText(e.reason)}.`;
}

export const markdownRenderer: PlanRenderer = {
  format: 'markdown',
  render: (plan, options) => renderMarkdown(plan, options),
};

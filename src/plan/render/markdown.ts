/**
 * The markdown view, for pull-request comments: the summary first, the details folded inside
 * `<details>`, split into parts that each fit in one comment (GitHub refuses bodies over 65,536
 * characters). A part boundary falls between resources where it can; a section cut there is
 * closed and reopened as "(continued)", so every part is well-formed on its own.
 */
import { printable } from '../../util/printable.js';
import { hasChanges } from '../diff.js';
import { managedKeyTest } from '../tags.js';
import { Action, type Plan, type PlanError } from '../types.js';
import { changeLines, errorTitle, type Line } from './blocks.js';
import { changedSinceNote, NO_CHANGES, summaryLine } from './human.js';
import type { PlanRenderer, RenderOptions } from './types.js';

export const DEFAULT_MAX_PART_LENGTH = 65_000;
/** Below this a part cannot hold the summary and one resource. */
const MIN_PART_LENGTH = 2_000;

export function renderMarkdown(plan: Plan, options: Pick<RenderOptions, 'maxPartLength' | 'saved'> = {}): string[] {
  const max = options.maxPartLength ?? DEFAULT_MAX_PART_LENGTH;
  if (!Number.isInteger(max) || max < MIN_PART_LENGTH) {
    throw new RangeError(`maxPartLength must be an integer of at least ${MIN_PART_LENGTH}; got ${max}`);
  }
  const title = (i: number, n: number) => `### cosell plan for stack ${inlineCode(plan.stack)}${n > 1 ? ` (part ${i} of ${n})` : ''}\n\n`;
  const budget = max - title(99_999, 99_999).length;

  const sections: Section[] = [];
  if (plan.errors.length > 0) {
    const label = `${plan.errors.length} error${plan.errors.length === 1 ? '' : 's'}`;
    sections.push({
      open: (more) => `<details><summary>${label}${more ? ' (continued)' : ''}</summary>\n\n`,
      close: '\n</details>\n\n',
      units: plan.errors.map((e) => `${errorItem(e)}\n`),
    });
  }
  const shown = plan.resourceChanges.filter((c) => c.action !== Action.NoOp);
  if (shown.length > 0) {
    const managed = managedKeyTest(plan.ignoreTags);
    const units = shown.map((c) => `${changeLines(c, managed, options.saved).map(diffLine).join('\n')}\n\n`);
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(units) + 1));
    const label = `${shown.length} resource change${shown.length === 1 ? '' : 's'}`;
    sections.push({
      open: (more) => `<details><summary>${label}${more ? ' (continued)' : ''}</summary>\n\n${fence}diff\n`,
      close: `${fence}\n\n</details>\n\n`,
      units,
    });
  }

  const bodies = pack(summary(plan), sections, budget);
  return bodies.map((body, i) => `${title(i + 1, bodies.length)}${body}`.trimEnd() + '\n');
}

interface Section {
  open(continued: boolean): string;
  close: string;
  units: string[];
}

function pack(first: string, sections: Section[], budget: number): string[] {
  const parts: string[] = [];
  let current = first;
  for (const section of sections) {
    const overhead = section.open(true).length + section.close.length;
    const units = section.units.flatMap((u) => splitUnit(u, budget - overhead));
    let opened = false;
    for (const unit of units) {
      const open = opened ? '' : section.open(false);
      if (current.length + open.length + unit.length + section.close.length > budget) {
        if (opened) current += section.close;
        parts.push(current);
        current = section.open(opened);
        opened = true;
      } else if (!opened) {
        current += open;
        opened = true;
      }
      current += unit;
    }
    if (opened) current += section.close;
  }
  parts.push(current);
  return parts;
}

/** A resource longer than a part (200 long tags can be) is cut between its lines. */
function splitUnit(unit: string, room: number): string[] {
  if (unit.length <= room) return [unit];
  const pieces: string[] = [];
  let piece = '';
  for (const line of unit.split(/(?<=\n)/)) {
    if (piece.length + line.length > room && piece !== '') {
      pieces.push(piece);
      piece = '';
    }
    piece += line;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
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
    out.push('', '> [!CAUTION]', `> ${s.error} resource${s.error === 1 ? ' has an error and' : 's have errors and'} will not be touched until resolved.`);
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

/** GitHub's diff highlighting reads column 0: `+` green, `-` red, `!` changed. */
function diffLine(line: Line): string {
  // Values are quoted by str(); notes may still carry the service's or a file's text.
  const text = printable(line.text);
  if (line.comment) return `${' '.repeat(line.depth === 0 ? 2 : line.depth * 4 + 4)}# ${text}`;
  const head = line.sign === '-/+' ? '-/+' : `${line.sign === '~' ? '!' : line.sign || ' '}  `;
  return `${head}${' '.repeat(line.depth * 4 + 1)}${text}`;
}

function longestBacktickRun(texts: string[]): number {
  let longest = 0;
  for (const t of texts) {
    if (!t.includes('`')) continue;
    for (const m of t.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  }
  return longest;
}

function escapeText(s: string): string {
  return printable(s).replace(/[\\`*_{}[\]<>|#]/g, '\\$&');
}

function inlineCode(raw: string): string {
  const s = printable(raw);
  const fence = '`'.repeat(longestBacktickRun([s]) + 1);
  return fence.length > 1 ? `${fence} ${s} ${fence}` : `\`${s}\``;
}

export const markdownRenderer: PlanRenderer = {
  format: 'markdown',
  render: (plan, options) => renderMarkdown(plan, options),
};

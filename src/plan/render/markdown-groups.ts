/**
 * The markdown of grouped changes, and the notice of a plan cut to a number of parts. A group is
 * one statement ("2,998 snapshot jobs will be created on engagement …"), the change its members
 * share, and their names folded in a `<details>` block, one per line, so that a cut can fall
 * between any two of them.
 */
import { printable } from '../../util/printable.js';
import { Action } from '../types.js';
import type { ChangeGroup } from './groups.js';
import { codeFence, count, diffLine, inlineCode } from './markdown-text.js';
import type { Section, Unit } from './parts.js';
import { REASON_WORDS } from './words.js';
import { plural } from '../../util/plural.js';

/**
 * Two sections: the statement with the shared change, then the folded list. Each may be cut
 * between parts like any other; a shared change with 200 long tags can be longer than a part.
 */
export function groupSections(g: ChangeGroup): Section[] {
  const n = g.members.length;
  const verb = REASON_WORDS[g.reason].heading;
  const where = `on engagement ${inlineCode(g.engagement)} in catalog ${inlineCode(g.catalog)} with template ${inlineCode(g.template)}`;
  const how = g.action === Action.Create ? 'each on its own opportunity, as below' : 'each changed as below';
  const what = `${count(n)} snapshot jobs ${verb}`;
  const statement = `${what} ${where}`;
  const shape = `${g.shape.map(diffLine).join('\n')}\n`;
  const shapeFence = codeFence([shape]);

  // Names, not addresses: every member is a snapshotJob, and 12 characters a line are what let 3,000 fit in one comment.
  const columns = g.members.map((c) =>
    [c.name, ...(g.action === Action.Create ? [] : [c.live?.id ?? '']), c.key.opportunity].map(printable),
  );
  const widths = columns[0]?.map((_, i) => Math.max(...columns.map((row) => (row[i] as string).length))) ?? [];
  const units = columns.map(
    (row): Unit => ({
      text: `${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] as number))).join('  ')}\n`,
      kind: 'address',
    }),
  );
  const fence = codeFence(units.map((u) => u.text));
  const listed = g.action === Action.Create ? 'name and opportunity' : 'name, job id and opportunity';
  return [
    {
      open: (more) => `${more ? `_${statement} (continued):_` : `**${what}** ${where}, ${how}:`}\n\n${shapeFence}diff\n`,
      close: `${shapeFence}\n\n`,
      units: [{ text: shape, kind: 'shape' }],
    },
    {
      open: (more) =>
        `<details><summary>${more ? `${statement} (continued)` : `Each one's ${listed} (${count(n)})`}</summary>\n\n${fence}text\n`,
      close: `${fence}\n\n</details>\n\n`,
      units,
    },
  ];
}

/**
 * Says what a plan cut to fit its parts left out, and where the whole plan is: the saved plan,
 * which `cosell show` prints (the example workflows keep it as the run's artifact).
 */
export function cutNotice(leftOut: readonly Unit[], parts: number, planFile?: string): string {
  const tally = (kind: Unit['kind'], one: string, many: string) => {
    const n = leftOut.filter((u) => u.kind === kind).length;
    return n === 0 ? [] : [`${count(n)} ${plural(n, one, many)}`];
  };
  const items = [
    ...tally('change', 'resource change', 'resource changes'),
    ...tally('address', 'address of grouped changes', 'addresses of grouped changes'),
    ...tally('error', 'error', 'errors'),
  ];
  const list = items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) as string}`;
  const where = planFile
    ? `The whole plan is the saved plan ${inlineCode(planFile)}: \`cosell show\` on it prints everything (in cosell's example GitOps workflow, download it from this run's artifacts).`
    : 'For the whole plan, run `cosell plan` without `--max-parts`, or save it with `--out FILE` and print it with `cosell show FILE`.';
  return `> [!WARNING]\n> **This plan is cut to fit in ${count(parts)} ${plural(parts, 'comment')}.** Left out, in whole or in part: ${list}. ${where}\n`;
}

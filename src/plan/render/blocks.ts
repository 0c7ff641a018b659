/**
 * The Terraform-style listing of one change as a list of lines, before any colour or layout:
 * human output lays the sign out in Terraform's columns, markdown moves it to column 0 for a
 * `diff` code block. Both read these lines, so the two views cannot disagree.
 */
import { printable, safeJson } from '../../util/printable.js';
import { emptyTags, tagValue } from '../../util/tags.js';
import type { Tags } from '../../desired/types.js';
import { changeReason } from '../reason.js';
import type { ManagedKeyTest } from '../tags.js';
import {
  Action,
  type JobValues,
  type PlanError,
  type ResourceChange,
  type SnapshotJobChange,
  type TaskChange,
  type TaskValues,
} from '../types.js';
import { REASON_WORDS, symbolOf, type Sign } from './words.js';
import { counted } from '../../util/plural.js';
import { compareStrings } from '../../util/compare.js';

export type { Sign } from './words.js';

export interface Line {
  /** 0 for the resource line, 1 for its attributes, 2 inside a tags map. */
  depth: number;
  sign: Sign;
  text: string;
  /** A `# …` line; at depth 0 the resource's heading. */
  comment?: boolean;
  /** The heading's address, for emphasis. */
  address?: string;
}

/** A quoted string, as Terraform prints it; JSON's escaping only when there is something to escape. */
export function str(v: string): string {
  return NEEDS_ESCAPE.test(v) ? safeJson(JSON.stringify(v)) : `"${v}"`;
}
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

function widest(names: readonly string[], min = 0): number {
  let w = min;
  for (const n of names) if (n.length > w) w = n.length;
  return w;
}

interface Attr {
  name: string;
  sign: Sign;
  value: string;
  note?: string;
}

/**
 * `saved`: the plan comes from a file, so what it says of live jobs was not observed by this
 * run and is shown as the file's claim, never as fact.
 */
export function changeLines(change: ResourceChange, managed: ManagedKeyTest, saved = false): Line[] {
  return change.kind === 'snapshotJob' ? jobLines(change, managed, saved) : taskLines(change, managed, saved);
}

/** Stands for a value that differs between the members of a group; they are listed after it. */
export const EACH = '(each listed below)';

/**
 * A create or in-place update of a job as the shape its group shares: no heading, and the
 * name, the id and the opportunity, which differ from member to member, shown as EACH.
 * Jobs whose shapes are equal line for line make the same change but for those three.
 */
export function jobShapeLines(change: SnapshotJobChange, managed: ManagedKeyTest): Line[] {
  const lines = jobLines(change, managed, false, true);
  return lines.filter((l) => !(l.depth === 0 && l.comment === true && l.address !== undefined));
}

/** The heading (`ADDRESS will be created`) and the note under it, as the change's reason has them. */
function headingLines(change: ResourceChange, saved: boolean): Line[] {
  const words = REASON_WORDS[changeReason(change)];
  const heading: Line = { depth: 0, sign: '', comment: true, text: `${change.address} ${words.heading}`, address: change.address };
  return words.note ? [heading, { depth: 0, sign: '', comment: true, text: `(${words.note(change, saved)})` }] : [heading];
}

function jobLines(c: SnapshotJobChange, managed: ManagedKeyTest, saved: boolean, shape = false): Line[] {
  const fields = ['catalog', 'engagement', 'opportunity', 'template', 'status'] as const;
  const attrs: Attr[] = [];
  let hidden = 0;
  let tags: Line[] = [];
  if (c.action === Action.Create && c.after) {
    attrs.push({ name: 'id', sign: '+', value: '(known after apply)' });
    for (const f of fields) attrs.push({ name: f, sign: '+', value: shape && f === 'opportunity' ? EACH : str(c.after[f]) });
    tags = tagBlock('+', c.after.tags);
  } else if (c.action === Action.Delete && c.before && c.live) {
    attrs.push({ name: 'id', sign: '-', value: `${str(c.live.id)} -> null` });
    for (const f of fields) attrs.push({ name: f, sign: '-', value: `${str(c.before[f])} -> null` });
    tags = tagBlock('-', c.before.tags);
  } else if (c.action === Action.DeleteThenCreate && c.before && c.after && c.live) {
    attrs.push({ name: 'id', sign: '~', value: `${str(c.live.id)} -> (known after apply)` });
    hidden = changedFields(c.before, c.after, fields, attrs, c.replaceFields ?? []);
    tags = tagDiffBlock(c, managed);
  } else if ((c.action === Action.Update || c.action === Action.NoOp) && c.before && c.after) {
    attrs.push({ name: 'id', sign: '', value: shape ? EACH : str(c.live?.id ?? '') });
    hidden = changedFields(c.before, c.after, fields, attrs, []);
    tags = tagDiffBlock(c, managed);
  } else {
    // An edited saved plan can hold a change no diff makes; apply refuses it, and it shows nothing.
    return [];
  }
  const lines = headingLines(c, saved);
  return block(lines, symbolOf(c.action), shape ? EACH : str(c.name), c.kind, attrs, tags, hidden, c.action === Action.Delete);
}

/** Adds the fields that differ; returns how many were equal (hidden, as Terraform does). */
function changedFields(
  before: JobValues,
  after: JobValues,
  fields: ReadonlyArray<keyof Omit<JobValues, 'tags'>>,
  attrs: Attr[],
  forcing: readonly string[],
): number {
  let hidden = 0;
  for (const f of fields) {
    if (before[f] === after[f]) hidden++;
    else {
      const attr: Attr = { name: f, sign: '~', value: `${str(before[f])} -> ${str(after[f])}` };
      if (forcing.includes(f)) attr.note = 'forces replacement';
      attrs.push(attr);
    }
  }
  return hidden;
}

function taskLines(c: TaskChange, managed: ManagedKeyTest, saved: boolean): Line[] {
  const lines = headingLines(c, saved);
  const attrs: Attr[] = [];
  let tags: Line[] = [];
  let hidden = 0;
  const idName = c.kind === 'opportunityEngagement' ? 'opportunity' : 'invitation';
  if (c.action === Action.Create) {
    for (const [name, value] of taskFields(c.after, idName)) attrs.push({ name, sign: '+', value: str(value) });
    tags = tagBlock('+', c.after.tags);
  } else {
    if (c.createdJob) {
      lines.push({
        depth: 0,
        sign: '',
        comment: true,
        text: `(its task ${c.lastTask?.taskId ?? ''} created ${c.createdJob.id}; that job's tags follow this resource)`,
      });
      attrs.push({ name: 'snapshotJob', sign: '', value: str(c.createdJob.id) });
    }
    hidden = taskFields(c.after, idName).length;
    tags = tagDiffBlock(c, managed);
  }
  return block(lines, symbolOf(c.action), str(c.name), c.kind, attrs, tags, hidden, false);
}

function taskFields(v: TaskValues, idName: string): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['catalog', v.catalog],
    [idName, v.identifier],
  ];
  if (v.involvementType !== undefined) out.push(['involvementType', v.involvementType]);
  if (v.visibility !== undefined) out.push(['visibility', v.visibility]);
  return out;
}

/** `label`: the resource's name, quoted, or EACH. */
function block(
  lines: Line[],
  sign: Sign,
  label: string,
  kind: string,
  attrs: Attr[],
  tags: Line[],
  hidden: number,
  toNull: boolean,
): Line[] {
  const width = widest(
    attrs.map((a) => a.name),
    tags.length > 0 ? 4 : 0,
  );
  lines.push({ depth: 0, sign, text: `${kind} ${label} {` });
  for (const a of attrs) {
    lines.push({ depth: 1, sign: a.sign, text: `${a.name.padEnd(width)} = ${a.value}${a.note ? ` # ${a.note}` : ''}` });
  }
  if (tags.length > 0) {
    const [open, ...rest] = tags as [Line, ...Line[]];
    lines.push({ ...open, text: `${'tags'.padEnd(width)} = ${open.text}` });
    lines.push(...rest);
    if (toNull) {
      const close = lines[lines.length - 1] as Line;
      close.text += ' -> null';
    }
  }
  if (hidden > 0) lines.push({ depth: 1, sign: '', comment: true, text: `(${counted(hidden, 'unchanged attribute')} hidden)` });
  lines.push({ depth: 0, sign: '', text: '}' });
  return lines;
}

/** A tags map whose every entry is added or removed. */
function tagBlock(sign: '+' | '-', tags: Tags): Line[] {
  const keys = Object.keys(tags).sort(compareStrings);
  if (keys.length === 0) return [];
  const width = widest(keys.map(str));
  return [
    { depth: 1, sign, text: '{' },
    ...keys.map((k): Line => ({ depth: 2, sign, text: `${str(k).padEnd(width)} = ${str(tags[k] as string)}` })),
    { depth: 1, sign: '', text: '}' },
  ];
}

/**
 * The tag-level diff of an update or replace: removed, then added, then changed (aws-cdk's
 * order), with the unchanged and the ignored counted rather than listed.
 */
function tagDiffBlock(c: ResourceChange, managed: ManagedKeyTest): Line[] {
  const d = c.tagDiff;
  const addKeys = Object.keys(d.add);
  const changeKeys = Object.keys(d.change);
  const entries = d.remove.length + addKeys.length + changeKeys.length;
  if (entries === 0) return [];
  const before = c.before?.tags ?? emptyTags();
  const after = c.after?.tags ?? emptyTags();
  const all = [...d.remove, ...addKeys, ...changeKeys];
  const width = widest(all.map(str));
  const key = (k: string) => str(k).padEnd(width);
  const lines: Line[] = [{ depth: 1, sign: '~', text: '{' }];
  for (const k of d.remove) lines.push({ depth: 2, sign: '-', text: `${key(k)} = ${str(tagValue(before, k) ?? '')} -> null` });
  for (const k of addKeys) lines.push({ depth: 2, sign: '+', text: `${key(k)} = ${str(d.add[k] as string)}` });
  for (const k of changeKeys) {
    const ch = d.change[k] as { before: string; after: string };
    lines.push({ depth: 2, sign: '~', text: `${key(k)} = ${str(ch.before)} -> ${str(ch.after)}` });
  }
  const touched = new Set(all);
  let unchanged = 0;
  let kept = 0;
  for (const k of Object.keys(after)) {
    if (touched.has(k)) continue;
    if (managed(k)) unchanged++;
    else kept++;
  }
  if (unchanged > 0) lines.push({ depth: 2, sign: '', comment: true, text: `(${counted(unchanged, 'unchanged element')} hidden)` });
  if (kept > 0) lines.push({ depth: 2, sign: '', comment: true, text: `(${counted(kept, 'aws: or ignored element')} kept)` });
  lines.push({ depth: 1, sign: '', text: '}' });
  return lines;
}

const ERROR_TITLES: Record<PlanError['code'], string> = {
  'ownership-conflict': 'Ownership conflict',
  'duplicate-live-jobs': 'Duplicate live jobs',
  'duplicate-declaration': 'Duplicate declaration',
  'claimed-by-task': 'Job claimed by a task',
};

export function errorTitle(e: PlanError): string {
  return `${ERROR_TITLES[e.code]} on ${e.address}`;
}

export function errorDetail(e: PlanError): string[] {
  const out = [printable(`${e.reason.charAt(0).toUpperCase()}${e.reason.slice(1)}.`)];
  if (e.source) out.push(printable(`declared at ${e.source.file}:${e.source.line}:${e.source.column}`));
  return out;
}

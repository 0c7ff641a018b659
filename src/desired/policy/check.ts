/**
 * The tag policy against a stack: every effective tag of every resource is evaluated, and each
 * violation is placed where the user fixes it: the resource's own tag, the `defaults.tags`
 * entry it inherits, the `stack` setting for the owner tag, or the resource itself for a
 * missing key. A default that breaks the policy is reported once, not once per resource.
 */
import { join, dirname, isAbsolute } from 'node:path';
import type { Reporter } from '../checked.js';
import type { Diagnostic } from '../diagnostics.js';
import type { LocatedFile } from '../checked.js';
import { OWNER_TAG_KEY, type Tags } from '../types.js';
import type { YamlPath } from '../yaml-path.js';
import { describeViolation, evaluateTags } from './evaluate.js';
import { policyText, type PolicyReader } from './file.js';
import { readTagPolicy } from './read.js';
import type { TagPolicy } from './types.js';

/** Where the settings a tag may come from are written. */
export interface TagSites {
  defaults?: LocatedFile;
  stack?: LocatedFile;
}

export type PolicyCheck = (p: LocatedFile, path: YamlPath, own: Tags, effective: Tags) => void;

/** Reads the policy the `tagPolicy` setting of `setting` names; its problems go to `report`. */
export function loadStackPolicy(
  setting: LocatedFile,
  value: string,
  read: PolicyReader,
  report: Reporter,
): { policy?: TagPolicy; notes: Diagnostic[] } {
  const file = isAbsolute(value) ? value : join(dirname(setting.file), value);
  const bytes = read(file, setting.file);
  if ('error' in bytes) {
    report.at(setting, ['tagPolicy'], 'value', `cannot read the tag policy ${JSON.stringify(file)}: ${bytes.error}`);
    return { notes: [] };
  }
  const text = policyText(bytes.bytes);
  if ('error' in text) {
    report.diagnostics.push({ file, line: text.line, column: text.column, path: '', message: text.error });
    return { notes: [] };
  }
  const read2 = readTagPolicy(file, text.text);
  report.diagnostics.push(...read2.problems);
  return { ...(read2.policy ? { policy: read2.policy } : {}), notes: read2.notes };
}

export function policyChecker(policy: TagPolicy, sites: TagSites, report: Reporter): PolicyCheck {
  const reported = new Set<string>();
  const once = (f: LocatedFile, path: YamlPath, at: 'key' | 'value', message: string): void => {
    const pos = report.position(f, path);
    const id = `${f.file}\u0000${pos.line}\u0000${pos.column}\u0000${at}\u0000${message}`;
    if (reported.has(id)) return;
    reported.add(id);
    report.at(f, path, at, message);
  };
  return (p, path, own, effective) => {
    for (const v of evaluateTags(policy, Object.entries(effective))) {
      const message = describeViolation(v);
      if (v.kind === 'missing') {
        once(p, path, 'key', message);
        continue;
      }
      const at = v.kind === 'key-case' ? 'key' : 'value';
      if (Object.hasOwn(own, v.key)) once(p, [...path, 'tags', v.key], at, message);
      else if (v.key === OWNER_TAG_KEY && sites.stack) once(sites.stack, ['stack'], 'value', message);
      else if (sites.defaults) once(sites.defaults, ['defaults', 'tags', v.key], at, message);
      else once(p, path, 'key', message);
    }
  };
}

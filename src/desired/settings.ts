import { Broken, isRecord, Reporter, where, type CheckedFile, type LocatedFile } from './checked.js';
import { isIgnoredTag, reservedTagKey } from './tags.js';
import { OWNER_TAG_KEY, type Catalog, type IgnoreTags, type Tags } from './types.js';
import type { Position, YamlPath } from './yaml-path.js';
import type { Diagnostic } from './diagnostics.js';
import { loadStackPolicy, policyChecker, type PolicyCheck } from './policy/check.js';
import { readPolicyFile, type PolicyReader } from './policy/file.js';
import type { TagPolicy } from './policy/types.js';

const SETTINGS = ['version', 'stack', 'catalog', 'defaults', 'ignoreTags', 'tagPolicy'] as const;

interface Setting {
  file: LocatedFile;
  value: unknown;
  /** The schema rejected something in it; it has been reported. */
  broken: boolean;
  position: Position;
}

/** The stack's top-level settings, checked and resolved. */
export interface StackSettings {
  /** Undefined when missing or invalid (and reported). */
  stack?: string;
  catalog?: Catalog;
  /** A catalog was written at the top level, valid or not. */
  catalogWritten: boolean;
  /** The value written, even if invalid, so that later checks can still compare resources. */
  catalogText?: string;
  ignoreTags: IgnoreTags;
  /** defaults.tags, already checked. */
  defaultTags: Tags;
  /** Reports reserved and ignored keys among `tags` at `base`. */
  checkTagKeys(f: LocatedFile, base: YamlPath, tags: Tags): void;
  /** The tag policy `tagPolicy` names, when it was read without a problem. */
  tagPolicy?: TagPolicy;
  /** What reading the policy passed over (inheritance operators). */
  notes: Diagnostic[];
  /** Reports a resource's effective tags that break the tag policy, into `policyViolations`; a no-op without one. */
  checkPolicy: PolicyCheck;
  /** What checkPolicy found: kept apart, since they stop plan but not audit or status. */
  policyViolations: Diagnostic[];
  /** Each top-level setting as written, for telling whether two versions of a stack differ there. */
  written: Record<string, unknown>;
}

/**
 * Top-level settings appear once in the stack. `complete` is false when some file could not be
 * parsed: then nothing is called missing, since it may be in that file.
 */
export function resolveSettings(
  files: readonly CheckedFile[],
  complete: boolean,
  report: Reporter,
  readPolicy: PolicyReader = readPolicyFile,
): StackSettings {
  const settings = new Map<string, Setting>();
  for (const f of files) {
    const broken = new Broken(f.errorPaths);
    if (!isRecord(f.parsed.data) || broken.file()) continue;
    for (const key of SETTINGS) {
      if (!(key in f.parsed.data)) continue;
      const first = settings.get(key);
      if (first) {
        report.at(
          f.parsed,
          [key],
          'key',
          `"${key}" is already set in ${where({ file: first.file.file, position: first.position })}; top-level settings appear once in a stack`,
        );
        continue;
      }
      const position = report.position(f.parsed, [key]);
      settings.set(key, { file: f.parsed, value: f.parsed.data[key], broken: broken.under(key), position });
    }
  }

  const first = files[0]?.parsed;
  if (complete && first && files.every((f) => isRecord(f.parsed.data))) {
    if (!settings.has('version')) report.stack(first.file, 'the stack sets no format version; add "version: 1" to one of its files');
    if (!settings.has('stack'))
      report.stack(
        first.file,
        `the stack has no name; add "stack: NAME" to one of its files (NAME becomes the ${OWNER_TAG_KEY} tag on everything the stack creates)`,
      );
  }

  const valid = (key: string): unknown => {
    const s = settings.get(key);
    return s && !s.broken ? s.value : undefined;
  };

  // ignoreTags: cosell's ownership tag must stay visible to it.
  const ignoreRaw = (valid('ignoreTags') ?? {}) as { keys?: string[]; keyPrefixes?: string[] };
  const ignoreTags: IgnoreTags = { keys: [], keyPrefixes: [] };
  const ignoreSetting = settings.get('ignoreTags');
  for (const list of ['keys', 'keyPrefixes'] as const) {
    (ignoreRaw[list] ?? []).forEach((entry, i) => {
      const hidesOwner = list === 'keys' ? entry === OWNER_TAG_KEY : OWNER_TAG_KEY.startsWith(entry);
      if (hidesOwner && ignoreSetting)
        report.at(
          ignoreSetting.file,
          ['ignoreTags', list, i],
          'value',
          `"${entry}" would ignore ${OWNER_TAG_KEY}, the tag by which cosell knows what this stack owns`,
        );
      else ignoreTags[list].push(entry);
    });
  }

  const checkTagKeys = (f: LocatedFile, base: YamlPath, tags: Tags): void => {
    for (const key of Object.keys(tags)) {
      const reserved = reservedTagKey(key);
      if (reserved) report.at(f, [...base, key], 'key', reserved);
      else if (isIgnoredTag(key, ignoreTags))
        report.at(
          f,
          [...base, key],
          'key',
          `tag key "${key}" is ignored (ignoreTags), so cosell would never set it; remove it from one or the other`,
        );
    }
  };

  // defaults.tags: checked once here, not again on every resource.
  const defaultTags = ((valid('defaults') as { tags?: Tags } | undefined)?.tags ?? {}) as Tags;
  const defaults = settings.get('defaults');
  if (defaults) checkTagKeys(defaults.file, ['defaults', 'tags'], defaultTags);

  const policySetting = settings.get('tagPolicy');
  const { policy, notes } =
    policySetting && !policySetting.broken
      ? loadStackPolicy(policySetting.file, policySetting.value as string, readPolicy, report)
      : { policy: undefined, notes: [] };
  const violations = new Reporter();
  const checkPolicy: PolicyCheck = policy
    ? policyChecker(policy, { defaults: defaults?.file, stack: settings.get('stack')?.file }, violations)
    : () => {};

  const catalog = settings.get('catalog');
  return {
    ...(typeof valid('stack') === 'string' ? { stack: valid('stack') as string } : {}),
    ...(valid('catalog') !== undefined ? { catalog: valid('catalog') as Catalog } : {}),
    catalogWritten: catalog !== undefined,
    ...(catalog !== undefined ? { catalogText: String(catalog.value) } : {}),
    ignoreTags,
    defaultTags,
    checkTagKeys,
    ...(policy ? { tagPolicy: policy } : {}),
    notes,
    checkPolicy,
    policyViolations: violations.diagnostics,
    written: Object.fromEntries([...settings].map(([key, s]) => [key, s.value])),
  };
}

import { validateShape } from '../api/model/index.js';
import type { Diagnostic } from './diagnostics.js';
import type { ParsedFile } from './parse.js';
import { effectiveTags, isIgnoredTag, MAX_TAGS, reservedTagKey } from './tags.js';
import {
  OWNER_TAG_KEY,
  type Catalog,
  type DesiredInvitationAcceptance,
  type DesiredOpportunityEngagement,
  type DesiredResource,
  type DesiredSnapshotJob,
  type DesiredState,
  type IgnoreTags,
  type InvolvementType,
  type JobStatus,
  type Tags,
  type Visibility,
} from './types.js';
import { formatPath, locate, type Position, type YamlPath } from './yaml-path.js';

/** A file whose data passed parsing, with where the schema found problems. */
export interface CheckedFile {
  parsed: ParsedFile;
  errorPaths: readonly YamlPath[];
}

const SETTINGS = ['version', 'stack', 'catalog', 'defaults', 'ignoreTags'] as const;

const SECTIONS = [
  { section: 'snapshotJobs', kind: 'snapshotJob' },
  { section: 'opportunityEngagements', kind: 'opportunityEngagement' },
  { section: 'invitationAcceptances', kind: 'invitationAcceptance' },
] as const;

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Which parts of a file the schema rejected: those are reported once and not checked further. */
class Broken {
  private readonly marks = new Set<string>();
  constructor(paths: readonly YamlPath[]) {
    for (const p of paths) {
      if (p.length === 0) this.marks.add('');
      if (p.length >= 1) this.marks.add(`${p[0]}\u0000*`);
      if (p.length === 1) this.marks.add(String(p[0]));
      if (p.length >= 2) this.marks.add(`${p[0]}\u0000${p[1]}`);
    }
  }
  file(): boolean {
    return this.marks.has('');
  }
  /** Anything under a top-level key. */
  under(key: string): boolean {
    return this.marks.has(`${key}\u0000*`);
  }
  /** The top-level key's own value (a section that is not a mapping). */
  at(key: string): boolean {
    return this.marks.has(key);
  }
  resource(section: string, name: string): boolean {
    return this.marks.has(`${section}\u0000${name}`);
  }
}

interface Declared {
  file: string;
  position: Position;
  address: string;
}

function where(d: { file: string; position: Position }): string {
  return `${d.file}:${d.position.line}:${d.position.column}`;
}

export interface ResolveResult {
  state?: DesiredState;
  diagnostics: Diagnostic[];
}

/**
 * The checks a schema cannot express, across all files of a stack, and the DesiredState they
 * yield. `complete` is false when some file could not be parsed: then nothing is called missing.
 */
export function resolveStack(files: readonly CheckedFile[], complete: boolean): ResolveResult {
  const diagnostics: Diagnostic[] = [];
  const report = (f: ParsedFile, path: YamlPath, at: 'key' | 'value', message: string): void => {
    const { line, column } = locate(f.doc, f.lines, path, at);
    diagnostics.push({ file: f.file, line, column, path: formatPath(path), message });
  };
  const position = (f: ParsedFile, path: YamlPath, at: 'key' | 'value'): Position => locate(f.doc, f.lines, path, at);

  // Top-level settings: once in the stack.
  const settings = new Map<string, { file: ParsedFile; value: unknown; broken: boolean; position: Position }>();
  const usable = files.filter((f) => isRecord(f.parsed.data) && !new Broken(f.errorPaths).file());
  const broken = new Map(files.map((f) => [f, new Broken(f.errorPaths)]));
  for (const f of usable) {
    const data = f.parsed.data as Raw;
    for (const key of SETTINGS) {
      if (!(key in data)) continue;
      const here = position(f.parsed, [key], 'key');
      const first = settings.get(key);
      if (first) {
        report(f.parsed, [key], 'key',
          `"${key}" is already set in ${where({ file: first.file.file, position: first.position })}; top-level settings appear once in a stack`);
        continue;
      }
      settings.set(key, { file: f.parsed, value: data[key], broken: broken.get(f)!.under(key), position: here });
    }
  }
  const first = files[0]?.parsed;
  if (complete && first && files.every((f) => isRecord(f.parsed.data))) {
    if (!settings.has('version'))
      diagnostics.push({ file: first.file, line: 1, column: 1, path: '', message: 'the stack sets no format version; add "version: 1" to one of its files' });
    if (!settings.has('stack'))
      diagnostics.push({
        file: first.file,
        line: 1,
        column: 1,
        path: '',
        message: `the stack has no name; add "stack: NAME" to one of its files (NAME becomes the ${OWNER_TAG_KEY} tag on everything the stack creates)`,
      });
  }
  const valid = (key: string): unknown => {
    const s = settings.get(key);
    return s && !s.broken ? s.value : undefined;
  };
  const stack = valid('stack') as string | undefined;
  const catalogSetting = settings.get('catalog');
  const topCatalog = valid('catalog') as Catalog | undefined;

  // ignoreTags: cosell's own ownership tag must stay visible to it.
  const ignoreRaw = (valid('ignoreTags') ?? {}) as { keys?: string[]; keyPrefixes?: string[] };
  const ignoreTags: IgnoreTags = { keys: [], keyPrefixes: [] };
  const ignoreSetting = settings.get('ignoreTags');
  for (const list of ['keys', 'keyPrefixes'] as const) {
    (ignoreRaw[list] ?? []).forEach((entry, i) => {
      const hidesOwner = list === 'keys' ? entry === OWNER_TAG_KEY : OWNER_TAG_KEY.startsWith(entry);
      if (hidesOwner && ignoreSetting)
        report(ignoreSetting.file, ['ignoreTags', list, i], 'value',
          `"${entry}" would ignore ${OWNER_TAG_KEY}, the tag by which cosell knows what this stack owns`);
      else ignoreTags[list].push(entry);
    });
  }

  // defaults.tags: checked once here, not again on every resource.
  const defaultsSetting = settings.get('defaults');
  const defaultTags = ((valid('defaults') as { tags?: Tags } | undefined)?.tags ?? {}) as Tags;
  const checkTagKeys = (f: ParsedFile, base: YamlPath, tags: Tags): void => {
    for (const key of Object.keys(tags)) {
      const reserved = reservedTagKey(key);
      if (reserved) report(f, [...base, key], 'key', reserved);
      else if (isIgnoredTag(key, ignoreTags))
        report(f, [...base, key], 'key', `tag key "${key}" is ignored (ignoreTags), so cosell would never set it; remove it from one or the other`);
    }
  };
  if (defaultsSetting) checkTagKeys(defaultsSetting.file, ['defaults', 'tags'], defaultTags);

  // Resources.
  const names = new Map<string, Declared>();
  const jobKeys = new Map<string, Declared>();
  const engaged = new Map<string, Declared>();
  const snapshotJobs: DesiredSnapshotJob[] = [];
  const opportunityEngagements: DesiredOpportunityEngagement[] = [];
  const invitationAcceptances: DesiredInvitationAcceptance[] = [];
  const catalogs = new Set<Catalog>(topCatalog ? [topCatalog] : []);

  for (const f of usable) {
    const p = f.parsed;
    const data = p.data as Raw;
    const b = broken.get(f)!;
    for (const { section, kind } of SECTIONS) {
      const entries = data[section];
      if (!isRecord(entries) || b.at(section)) continue;
      for (const [name, value] of Object.entries(entries)) {
        const path = [section, name];
        const address = `${kind}.${name}`;
        const here: Declared = { file: p.file, position: position(p, path, 'key'), address };
        const previous = names.get(address);
        if (previous) {
          report(p, path, 'key', `"${name}" is already declared in ${where(previous)}; a logical name names one resource (${address})`);
          continue;
        }
        names.set(address, here);
        if (b.resource(section, name) || !isRecord(value)) continue;

        let catalog = (value['catalog'] as Catalog | undefined) ?? topCatalog;
        if (catalog) catalogs.add(catalog);
        else if (catalogSetting) {
          // The top-level catalog is invalid and reported; check the rest as if it were one.
          catalog = String(catalogSetting.value) as Catalog;
        } else {
          report(p, path, 'key', 'no catalog: set "catalog: AWS" or "catalog: Sandbox" at the top level of the stack or on this resource');
          continue;
        }
        const own = (value['tags'] ?? {}) as Tags;
        checkTagKeys(p, [...path, 'tags'], own);
        const tags = effectiveTags(defaultTags, own, stack ?? '');
        if (Object.keys(tags).length > MAX_TAGS)
          report(p, path, 'key',
            `${Object.keys(tags).length} effective tags (defaults.tags, its own tags and ${OWNER_TAG_KEY}); a resource carries at most ${MAX_TAGS}`);
        const base = { name, address, catalog, tags, source: { file: p.file, ...here.position } };

        if (kind === 'snapshotJob') {
          const job: DesiredSnapshotJob = {
            ...base,
            kind,
            engagement: value['engagement'] as string,
            opportunity: value['opportunity'] as string,
            template: value['template'] as string,
            status: (value['status'] as JobStatus | undefined) ?? 'Running',
          };
          const key = [job.catalog, job.engagement, job.opportunity, job.template].join('\u0000');
          const same = jobKeys.get(key);
          if (same)
            report(p, path, 'key',
              `same natural key as ${same.address} (${where(same)}): catalog ${job.catalog}, engagement ${job.engagement}, ` +
                `opportunity ${job.opportunity}, template ${job.template}; the service allows one job per key`);
          else jobKeys.set(key, here);
          snapshotJobs.push(job);
        } else if (kind === 'opportunityEngagement') {
          const task: DesiredOpportunityEngagement = {
            ...base,
            kind,
            opportunity: value['opportunity'] as string,
            involvementType: value['involvementType'] as InvolvementType,
            ...(value['visibility'] !== undefined ? { visibility: value['visibility'] as Visibility } : {}),
          };
          const key = `opportunity\u0000${catalog}\u0000${task.opportunity}`;
          const same = engaged.get(key);
          if (same)
            report(p, [...path, 'opportunity'], 'value',
              `opportunity ${task.opportunity} (catalog ${catalog}) is already engaged by ${same.address} (${where(same)})`);
          else engaged.set(key, here);
          opportunityEngagements.push(task);
        } else {
          const invitation = value['invitation'] as string;
          // The task's Identifier member has its own pattern; the id must satisfy it too.
          const issues = validateShape('EngagementInvitationArnOrIdentifier', invitation, 'invitation');
          if (issues.length > 0) {
            report(p, [...path, 'invitation'], 'value',
              `"${invitation}" is not a valid invitation id for StartEngagementByAcceptingInvitationTask: ${issues[0]!.Message}`);
            continue;
          }
          const task: DesiredInvitationAcceptance = { ...base, kind, invitation };
          const key = `invitation\u0000${catalog}\u0000${invitation}`;
          const same = engaged.get(key);
          if (same)
            report(p, [...path, 'invitation'], 'value',
              `invitation ${invitation} (catalog ${catalog}) is already accepted by ${same.address} (${where(same)})`);
          else engaged.set(key, here);
          invitationAcceptances.push(task);
        }
      }
    }
  }

  if (diagnostics.length > 0 || stack === undefined) return { diagnostics };
  return {
    diagnostics,
    state: {
      version: 1,
      stack,
      catalogs: [...catalogs].sort(),
      ignoreTags,
      snapshotJobs,
      opportunityEngagements,
      invitationAcceptances,
      files: files.map((f) => f.parsed.file),
    },
  };
}

/** Every resource of a state, in declaration order by kind. */
export function allResources(state: DesiredState): DesiredResource[] {
  return [...state.snapshotJobs, ...state.opportunityEngagements, ...state.invitationAcceptances];
}

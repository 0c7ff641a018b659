/**
 * The files of an imported stack: `stack.yaml` with the settings, and one file per engagement
 * under `snapshot-jobs/` (under `snapshot-jobs/<catalog>/` when the jobs span both catalogs),
 * jobs sorted by name, each under a comment with its live id. Written in the form `cosell fmt`
 * gives, so that a fresh import is already canonical.
 */
import { emptyTags, tagValue } from '../util/tags.js';
import { Document, isMap, isScalar, type Pair } from 'yaml';
import { CANONICAL_YAML, formatStackText } from '../desired/fmt.js';
import type { Catalog, Tags } from '../desired/types.js';
import type { LiveSnapshotJob } from '../live/types.js';
import { serviceValue } from '../live/service-values.js';
import { logicalNames } from './names.js';
import { declarableTags, undeclarableKeys } from '../desired/tags.js';
import type { ImportLayout, StackFile } from './types.js';
import { counted } from '../util/plural.js';
import { compareStrings } from '../util/compare.js';

/** The first line of every file import writes; `import --force` replaces only files that carry it. */
export const IMPORT_MARKER = 'Written by cosell import';

export const SETTINGS_FILE = 'stack.yaml';
export const JOBS_DIR = 'snapshot-jobs';

function sortedTags(tags: Tags): Tags {
  const out = emptyTags();
  for (const k of Object.keys(tags).sort(compareStrings)) out[k] = tags[k] as string;
  return out;
}

/** Tags with the same value on every job: written once, in defaults.tags. Only shared by two or more. */
export function sharedTags(all: readonly Tags[]): Tags {
  if (all.length < 2) return emptyTags();
  const [first, ...rest] = all as [Tags, ...Tags[]];
  const shared = emptyTags();
  for (const [k, v] of Object.entries(first)) if (rest.every((t) => tagValue(t, k) === v)) shared[k] = v;
  return sortedTags(shared);
}

/** The catalog most jobs are in (Sandbox on a tie): the stack's top-level catalog. */
function mainCatalog(jobs: readonly LiveSnapshotJob[]): Catalog {
  const aws = jobs.filter((j) => j.catalog === 'AWS').length;
  return aws > jobs.length - aws ? 'AWS' : 'Sandbox';
}

function render(doc: Document, path: string): StackFile {
  const text = doc.toString(CANONICAL_YAML);
  const canonical = formatStackText(path, text);
  return { path, text: canonical.ok ? canonical.text : text };
}

/** Puts `comment` above the key `name` of the mapping at `section`, after a blank line if `space`. */
function commentKey(doc: Document, section: string, name: string, comment: string, space = false): void {
  const map = doc.get(section, true);
  if (!isMap(map)) return;
  const pair = (map.items as Pair[]).find((p) => (isScalar(p.key) ? p.key.value : p.key) === name);
  if (!pair) return;
  if (!isScalar(pair.key)) pair.key = doc.createNode(pair.key);
  if (isScalar(pair.key)) {
    pair.key.commentBefore = comment;
    if (space) pair.key.spaceBefore = true;
  }
}

/** A job's file, named after its engagement: an id the service gave, so checked again where it becomes a path. */
function jobFile(job: LiveSnapshotJob, bothCatalogs: boolean): string {
  const engagement = serviceValue('GetResourceSnapshotJob', 'EngagementId', 'EngagementIdentifier', job.engagement);
  const catalog = serviceValue('GetResourceSnapshotJob', 'Catalog', 'CatalogIdentifier', job.catalog);
  return bothCatalogs ? `${JOBS_DIR}/${catalog}/${engagement}.yaml` : `${JOBS_DIR}/${engagement}.yaml`;
}

export function layoutStack(stack: string, jobs: readonly LiveSnapshotJob[]): ImportLayout {
  const names = logicalNames(jobs);
  const catalog = mainCatalog(jobs);
  const own = new Map(jobs.map((j) => [j.id, declarableTags(j.tags)]));
  const defaultTags = sharedTags([...own.values()]);
  const ignoredKeys = [...new Set(jobs.flatMap((j) => undeclarableKeys(j.tags)))].sort(compareStrings);

  const settings = new Document({
    version: 1,
    stack,
    catalog,
    ...(Object.keys(defaultTags).length > 0 ? { defaults: { tags: defaultTags } } : {}),
    ...(ignoredKeys.length > 0 ? { ignoreTags: { keys: ignoredKeys } } : {}),
  });
  settings.commentBefore =
    ` ${IMPORT_MARKER} from what is live. The stack's settings; its jobs are in ${JOBS_DIR}/.\n` +
    ` Every job here carries (or, once applied, gains) the tag cosell:stack=${stack}.`;
  if (ignoredKeys.length > 0)
    commentKey(
      settings,
      'ignoreTags',
      'keys',
      ' reserved keys found on live jobs: a stack cannot declare them, so cosell leaves them alone',
    );
  const files: StackFile[] = [render(settings, SETTINGS_FILE)];

  const bothCatalogs = new Set(jobs.map((j) => j.catalog)).size > 1;
  const groups = new Map<string, LiveSnapshotJob[]>();
  for (const job of jobs) {
    const path = jobFile(job, bothCatalogs);
    const list = groups.get(path);
    if (list) list.push(job);
    else groups.set(path, [job]);
  }
  for (const path of [...groups.keys()].sort(compareStrings)) {
    const group = (groups.get(path) as LiveSnapshotJob[])
      .slice()
      .sort((a, b) => compareStrings(names.get(a.id) as string, names.get(b.id) as string));
    const snapshotJobs: Record<string, unknown> = {};
    for (const job of group) {
      const tags = emptyTags();
      for (const [k, v] of Object.entries(own.get(job.id) as Tags)) if (tagValue(defaultTags, k) !== v) tags[k] = v;
      snapshotJobs[names.get(job.id) as string] = {
        engagement: job.engagement,
        opportunity: job.opportunity,
        template: job.template,
        status: job.status,
        ...(job.catalog !== catalog ? { catalog: job.catalog } : {}),
        ...(Object.keys(tags).length > 0 ? { tags: sortedTags(tags) } : {}),
      };
    }
    const doc = new Document({ snapshotJobs });
    const first = group[0] as LiveSnapshotJob;
    doc.commentBefore = ` ${IMPORT_MARKER} from what is live.\n Engagement ${first.engagement} in catalog ${first.catalog}: ${counted(group.length, 'snapshot job')}.`;
    for (const [i, job] of group.entries()) commentKey(doc, 'snapshotJobs', names.get(job.id) as string, ` id: ${job.id}`, i > 0);
    files.push(render(doc, path));
  }
  return { files, catalog, defaultTags, ignoredKeys, names };
}

// The stacks and emulator seeds the benchmarks run on, shared with test/bench (call counts).
// Job i: engagement eng-<i/50>, opportunity O(10000+i), template OpportunitySummaryView.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const STACK = 'bench';
export const CATALOG = 'Sandbox';
export const TEMPLATE = 'OpportunitySummaryView';
export const JOBS_PER_ENGAGEMENT = 50;
export const JOBS_PER_FILE = 100;

/** An engagement id from a number: eng- and 14 of [0-9a-z]. */
export function engagementId(n) {
  return `eng-${String(n).padStart(14, '0')}`;
}

export function opportunityId(i) {
  return `O${10000 + i}`;
}

/** Scenario 1 and 2 mix statuses (odd jobs Stopped); scenario 3 runs every job, so it can delete running ones. */
function statusOf(i, status) {
  if (status === 'mixed') return i % 2 ? 'Stopped' : 'Running';
  return status;
}

/**
 * A job's own tags. `updated` is `base` with one tag changed (tier), one added (owner) and one
 * removed (region): exactly one TagResource and one UntagResource per job.
 */
export function jobTags(i, variant) {
  return variant === 'updated' ? { n: String(i), tier: 'silver', owner: 'alliances-emea' } : { n: String(i), tier: 'gold', region: 'emea' };
}

export const DEFAULT_TAGS = { team: 'alliances' };

/** The tags a job of the stack carries live: defaults, its own, and the owner tag. */
export function effectiveTags(i, variant, stack = STACK) {
  return { ...DEFAULT_TAGS, ...jobTags(i, variant), 'cosell:stack': stack };
}

const yamlMap = (tags) =>
  `{ ${Object.entries(tags)
    .map(([k, v]) => `${k}: "${v}"`)
    .join(', ')} }`;

/**
 * A stack of `n` jobs as files (relative name → YAML text): settings in stack.yaml, the jobs in
 * files of 100. `variant`: base | updated | empty (no jobs: every owned job is to be deleted).
 */
export function stackFiles(n, { variant = 'base', status = 'mixed', stack = STACK } = {}) {
  const files = {
    'stack.yaml': `version: 1\nstack: ${stack}\ncatalog: ${CATALOG}\ndefaults:\n  tags: ${yamlMap(DEFAULT_TAGS)}\n`,
  };
  if (variant === 'empty') return files;
  for (let f = 0; f * JOBS_PER_FILE < n; f++) {
    const lines = ['snapshotJobs:'];
    for (let i = f * JOBS_PER_FILE; i < Math.min(n, (f + 1) * JOBS_PER_FILE); i++) {
      lines.push(
        `  job-${i}:`,
        `    engagement: ${engagementId(Math.floor(i / JOBS_PER_ENGAGEMENT))}`,
        `    opportunity: ${opportunityId(i)}`,
        `    template: ${TEMPLATE}`,
        `    status: ${statusOf(i, status)}`,
        `    tags: ${yamlMap(jobTags(i, variant))}`,
      );
    }
    files[`jobs/jobs-${String(f).padStart(4, '0')}.yaml`] = `${lines.join('\n')}\n`;
  }
  return files;
}

/** Writes a stack's files into `dir`; returns `dir`. */
export async function writeStack(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

/**
 * The emulator's seed for `n` jobs: their engagements and opportunities, and with `jobs` the jobs
 * themselves as an apply of stackFiles(n, { variant, status }) leaves them.
 */
export function seedFor(n, { jobs = true, variant = 'base', status = 'mixed', stack = STACK } = {}) {
  const engagements = Array.from({ length: Math.ceil(n / JOBS_PER_ENGAGEMENT) }, (_, e) => engagementId(e));
  const opportunities = Array.from({ length: n }, (_, i) => opportunityId(i));
  const catalog = { engagements, opportunities, invitations: [] };
  if (jobs) {
    catalog.snapshotJobs = opportunities.map((opportunity, i) => ({
      engagement: engagementId(Math.floor(i / JOBS_PER_ENGAGEMENT)),
      opportunity,
      template: TEMPLATE,
      status: statusOf(i, status),
      tags: effectiveTags(i, variant, stack),
    }));
  }
  return { catalogs: { [CATALOG]: catalog } };
}

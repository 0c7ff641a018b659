// One pass of scenario 4 in a fresh process, as a CLI run meets it (nothing warmed up):
//   node bench/scenarios/offline-pass.mjs DIR cosell   load + validate, diff against a live state
//                                                      with no changes, render (human, then JSON)
//   node bench/scenarios/offline-pass.mjs DIR yaml     parse the same files with `yaml` alone
// Prints one JSON line of times (ms) and the process's peak RSS (MB).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { argv, resourceUsage } from 'node:process';

const [dir, mode] = argv.slice(2);
const peakMb = () => resourceUsage().maxRSS / 1024;

if (mode === 'yaml') {
  const { parse } = await import('yaml');
  const t = performance.now();
  const files = readdirSync(dir, { recursive: true })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  for (const f of files) parse(readFileSync(join(dir, f), 'utf8'));
  console.log(JSON.stringify({ yamlMs: performance.now() - t, files: files.length, peakMb: peakMb() }));
} else {
  const { loadStack } = await import('../../dist/desired/index.js');
  const { diff, hasChanges, render } = await import('../../dist/plan/index.js');
  const t0 = performance.now();
  const load = await loadStack(dir);
  const t1 = performance.now();
  if (!load.state) throw new Error(`bench stack invalid: ${load.diagnostics[0]?.message}`);
  const desired = load.state;
  // The live state an apply of this stack leaves: every job there, as declared.
  const live = {
    catalogs: [...desired.catalogs],
    snapshotJobs: desired.snapshotJobs.map((d, i) => {
      const id = `job-${i.toString(36).padStart(13, '0')}`;
      return {
        id,
        arn: `arn:aws:partnercentral:us-east-1:123456789012:catalog/${d.catalog}/resource-snapshot-job/${id}`,
        catalog: d.catalog,
        engagement: d.engagement,
        opportunity: d.opportunity,
        template: d.template,
        status: d.status,
        tags: { ...d.tags },
      };
    }),
    tasks: [],
  };
  const t2 = performance.now();
  const plan = diff(desired, live);
  const t3 = performance.now();
  const human = render(plan, 'human', { color: false }).join('');
  const t4 = performance.now();
  const json = render(plan, 'json').join('');
  const t5 = performance.now();
  if (hasChanges(plan)) throw new Error('the plan of an unchanged stack has changes');
  console.log(
    JSON.stringify({
      jobs: load.resourceCount,
      files: load.files.length,
      validateMs: t1 - t0,
      diffMs: t3 - t2,
      renderHumanMs: t4 - t3,
      renderJsonMs: t5 - t4,
      humanBytes: human.length,
      jsonBytes: json.length,
      peakMb: peakMb(),
    }),
  );
}

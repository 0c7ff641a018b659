// The baseline: what a partner writes today, following AWS's own samples, with the official SDK
// (@aws-sdk/client-partnercentral-selling). List every page of snapshot jobs, then read each
// job (GetResourceSnapshotJob) and its tags (ListTagsForResource), one call after another.
// It only reads: comparing with the YAML files would come on top, so the comparison favours it.
//
//   node bench/naive.mjs --endpoint URL [--catalog Sandbox]
// Credentials and region come from the SDK's default chain (AWS_ACCESS_KEY_ID, …). Prints one
// JSON line: { jobs, calls, ms }.
import {
  GetResourceSnapshotJobCommand,
  ListTagsForResourceCommand,
  paginateListResourceSnapshotJobs,
  PartnerCentralSellingClient,
} from '@aws-sdk/client-partnercentral-selling';
import { argv } from 'node:process';
import { fileURLToPath } from 'node:url';

/** Reads every job of a catalog with its details and tags; returns them and the calls made. */
export async function naiveRead({ endpoint, catalog = 'Sandbox', region = 'us-east-1', credentials }) {
  const client = new PartnerCentralSellingClient({ endpoint, region, ...(credentials ? { credentials } : {}) });
  let calls = 0;
  const jobs = [];
  try {
    const summaries = [];
    for await (const page of paginateListResourceSnapshotJobs({ client, pageSize: 100 }, { Catalog: catalog })) {
      calls++;
      summaries.push(...(page.ResourceSnapshotJobSummaries ?? []));
    }
    for (const summary of summaries) {
      const job = await client.send(new GetResourceSnapshotJobCommand({ Catalog: catalog, ResourceSnapshotJobIdentifier: summary.Id }));
      const { Tags } = await client.send(new ListTagsForResourceCommand({ ResourceArn: summary.Arn }));
      calls += 2;
      jobs.push({ ...job, Tags });
    }
  } finally {
    client.destroy();
  }
  return { jobs, calls };
}

if (argv[1] && fileURLToPath(import.meta.url) === argv[1]) {
  const arg = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  const endpoint = arg('--endpoint');
  if (!endpoint) {
    console.error('usage: node bench/naive.mjs --endpoint URL [--catalog Sandbox]');
    process.exit(1);
  }
  const started = performance.now();
  const { jobs, calls } = await naiveRead({ endpoint, catalog: arg('--catalog', 'Sandbox') });
  console.log(JSON.stringify({ jobs: jobs.length, calls, ms: Math.round(performance.now() - started) }));
}

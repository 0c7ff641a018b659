import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/index.js';
import { startListing } from '../../src/live/listing.js';
import { observe } from '../../src/live/observe.js';
import type { Emulator } from '../../src/emulator/index.js';
import { EXAMPLE_KEY } from '../support/emulator.js';
import { bigSeed, bigStack, emulator, stackFrom } from './support.js';

// plan starts the account's listing before the stack is checked (src/live/listing.ts); observe
// then reads its pages instead of listing again.
describe('a listing started before observe', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator(bigSeed(250));
  });
  afterAll(() => emu.close());

  const client = () => createClient({ endpoint: emu.url, credentials: EXAMPLE_KEY, rates: { read: 10_000 } });

  it('gives observe the same live state for the same calls: every page is asked for once', async () => {
    const { desired } = await stackFrom({ 'stack.yaml': bigStack(250) });
    emu.resetStats();
    const alone = await observe(desired, client());
    const callsAlone = { ...emu.stats().calls };
    emu.resetStats();
    const c = client();
    const listing = startListing(c);
    const early = await observe(desired, c, { listing });
    expect(early).toEqual(alone);
    expect(emu.stats().calls).toEqual(callsAlone);
    // 250 jobs in the Sandbox catalog: three pages of 100, and one (empty) page of AWS.
    expect(emu.stats().calls.ListResourceSnapshotJobs).toBe(4);
  });

  it('stopped at once (the stack failed its checks): no page after the first of each catalog, nothing unhandled', async () => {
    emu.resetStats();
    const listing = startListing(client());
    listing.stop();
    const pages = [];
    for await (const page of listing.pages('Sandbox')) pages.push(page);
    for await (const page of listing.pages('AWS')) pages.push(page);
    expect(pages).toHaveLength(2);
    expect(emu.stats().calls).toEqual({ ListResourceSnapshotJobs: 2 });
  });

  it('stopped once its first page is in: only reads, and no more of them than the pool had sent', async () => {
    emu.resetStats();
    const listing = startListing(client(), { parallelism: 10 });
    for await (const _ of listing.pages('Sandbox')) {
      listing.stop();
      break;
    }
    // Let whatever was already sent come back.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const calls = emu.stats().calls;
    expect(
      Object.keys(calls).filter((op) => !['ListResourceSnapshotJobs', 'ListTagsForResource', 'GetResourceSnapshotJob'].includes(op)),
    ).toEqual([]);
    expect(calls.ListResourceSnapshotJobs).toBeLessThanOrEqual(3);
    expect((calls.ListTagsForResource ?? 0) + (calls.GetResourceSnapshotJob ?? 0)).toBeLessThanOrEqual(10);
  });

  it("keeps the listing's error for observe, which throws it", async () => {
    const { desired } = await stackFrom({ 'stack.yaml': bigStack(3) });
    const bad = createClient({ endpoint: emu.url, credentials: { accessKeyId: 'AKIDNOTKNOWN', secretAccessKey: 'x' }, maxAttempts: 1 });
    const listing = startListing(bad);
    await expect(observe(desired, bad, { listing })).rejects.toThrow();
  });
});

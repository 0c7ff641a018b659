import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, ServiceError } from '../../src/api/index.js';
import { observe } from '../../src/live/observe.js';
import { bigSeed, bigStack, emulator, stackFrom } from './support.js';
import { EXAMPLE_KEY } from '../support/emulator.js';
import type { Emulator } from '../../src/emulator/index.js';

// A read that fails while more pages are still being listed must come back as the plan's
// error, not as an unhandled rejection that ends the process with a stack trace (vitest fails
// a run on any unhandled rejection).
describe('observe under failing reads', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator(bigSeed(300), { failRate: 0.05, faultSeed: 7 });
  });
  afterAll(() => emu.close());

  it('rejects with the service error and leaves nothing unhandled', async () => {
    const { desired } = await stackFrom({ 'stack.yaml': bigStack(300) });
    const client = createClient({ endpoint: emu.url, credentials: EXAMPLE_KEY, maxAttempts: 1, rates: { read: 10_000 } });
    const outcomes = await Promise.allSettled([1, 2, 3].map(() => observe(desired, client)));
    expect(outcomes.some((o) => o.status === 'rejected')).toBe(true);
    for (const o of outcomes) {
      if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ServiceError);
      if (o.status === 'rejected') expect((o.reason as ServiceError).name).toBe('InternalServerException');
    }
  });

  it('retries make the same reads succeed', async () => {
    const { desired } = await stackFrom({ 'stack.yaml': bigStack(300) });
    const client = createClient({ endpoint: emu.url, credentials: EXAMPLE_KEY, rates: { read: 10_000 }, backoff: { baseMs: 1, capMs: 5 } });
    expect((await observe(desired, client)).snapshotJobs).toHaveLength(300);
  });
});

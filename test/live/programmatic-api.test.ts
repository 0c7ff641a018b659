import { describe, expect, it } from 'vitest';
import * as cosell from '../../src/index.js';
import { EXAMPLE_KEY } from '../support/emulator.js';

describe('the programmatic API at the package root', () => {
  it('runs the README example: load → observe → diff → render → apply → plan again', async () => {
    const emulator = await cosell.startEmulator({ seed: 'examples/emulator-seed.yaml', taskDelayMs: 10 });
    try {
      const client = cosell.createClient({
        endpoint: emulator.url,
        credentials: EXAMPLE_KEY,
        rates: { write: 100 },
      });
      const desired = await cosell.loadDesiredState('examples/stack');
      const plan = cosell.diff(desired, await cosell.observe(desired, client));
      expect(cosell.render(plan, 'human')[0]).toContain('Plan: 6 to add, 0 to change, 0 to destroy.');
      const result = await cosell.apply(plan, desired, client, { pollMs: { initial: 5, max: 20 } });
      expect(result).toMatchObject({ ok: true, summary: { add: 6, change: 0, destroy: 0, failed: 0 } });
      const again = cosell.diff(desired, await cosell.observe(desired, client));
      expect(cosell.hasChanges(again)).toBe(false);
    } finally {
      await emulator.close();
    }
  });
});

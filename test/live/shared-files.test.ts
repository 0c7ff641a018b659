/** The job cache and the token journal, shared by runs that save at the same time, lose nothing. */
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fileJournal } from '../../src/apply/journal.js';
import { JobFactsCache, type JobFacts } from '../../src/live/cache.js';
import { tempDir } from './support.js';

const ACCOUNT = '123456789012';
const facts = (n: number): JobFacts => ({
  arn: `arn:aws:partnercentral:us-east-1:${ACCOUNT}:catalog/Sandbox/resource-snapshot-job/job-${n}`,
  catalog: 'Sandbox',
  engagement: 'eng-acmemigration1',
  opportunity: `O${n}`,
  template: 'OpportunitySummaryView',
});

describe('files shared between runs', () => {
  it("two caches saving at once keep both runs' entries, and what one run forgot stays forgotten", async () => {
    const dir = await tempDir();
    const seed = new JobFactsCache(dir, 'http://emulator');
    await seed.load(ACCOUNT);
    seed.set('job-1', facts(1));
    seed.set('job-2', facts(2));
    await seed.save();

    const a = new JobFactsCache(dir, 'http://emulator');
    const b = new JobFactsCache(dir, 'http://emulator');
    await Promise.all([a.load(ACCOUNT), b.load(ACCOUNT)]);
    a.set('job-10', facts(10));
    a.retainOnly(new Set(['job-2', 'job-10']), ['Sandbox']); // job-1 is gone
    b.set('job-20', facts(20));
    await Promise.all([a.save(), b.save()]);

    const after = new JobFactsCache(dir, 'http://emulator');
    await after.load(ACCOUNT);
    expect([1, 2, 10, 20].map((n) => after.get(`job-${n}`, facts(n).arn) !== undefined)).toEqual([false, true, true, true]);
    expect((await readdir(dir)).length).toBe(1);
  });

  it("two journals writing at once keep both runs' tokens; a token known spent stays spent", async () => {
    const dir = await tempDir();
    const a = await fileJournal(dir, 'http://emulator');
    const b = await fileJournal(dir, 'http://emulator');
    a.set('token-a', { id: 'job-a', arn: 'arn-a' });
    a.set('token-shared', { id: 'job-s', arn: 'arn-s', gone: true });
    b.set('token-b', { id: 'job-b', arn: 'arn-b' });
    await Promise.all([a.flush(), b.flush()]);
    b.set('token-shared', { id: 'job-s', arn: 'arn-s' });
    await b.flush();

    const after = await fileJournal(dir, 'http://emulator');
    expect(after.get('token-a')).toEqual({ id: 'job-a', arn: 'arn-a' });
    expect(after.get('token-b')).toEqual({ id: 'job-b', arn: 'arn-b' });
    expect(after.get('token-shared')).toEqual({ id: 'job-s', arn: 'arn-s', gone: true });
    expect((await readdir(dir)).length).toBe(1);
  });
});

/**
 * What cosell finds planted where it keeps its files (.cosell/): a FIFO must not hang the run, a
 * link to /dev/zero must not read without end, a directory must not give a raw EISDIR, and a link
 * to a secrets file must not be read nor echoed.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileJournal } from '../../src/apply/journal.js';
import { loadState } from '../../src/emulator/persist.js';
import { JobFactsCache } from '../../src/live/cache.js';
import { readBounded, readBoundedSync } from '../../src/util/bounded-read.js';
import { acquireLock } from '../../src/util/lock.js';

const SECRET = 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
let dir: string;
let secrets: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cosell-planted-'));
  secrets = join(dir, 'secrets.ini');
  await writeFile(secrets, SECRET);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Plant = (path: string) => Promise<void>;
const PLANTS: [string, Plant, RegExp][] = [
  ['a FIFO', async (p) => void execFileSync('mkfifo', [p]), /a FIFO \(named pipe\), not a regular file/],
  ['a link to /dev/zero', (p) => symlink('/dev/zero', p), /a symbolic link, which cosell does not follow here/],
  ['a directory', (p) => mkdir(p), /a directory, not a regular file/],
  ['a link to a secrets file', (p) => symlink(secrets, p), /a symbolic link, which cosell does not follow here/],
];

describe('the bounded reader', () => {
  it('reads a regular file up to its cap, and refuses one that reads on past it', async () => {
    expect((await readBounded(secrets, 1000)).toString()).toBe(SECRET);
    await expect(readBounded(secrets, 10)).rejects.toThrow(/larger than 10 bytes/);
    expect(() => readBoundedSync('/proc/self/pagemap', 1024)).toThrow(/symbolic link|larger than 1024 bytes/);
  });
});

describe.each(PLANTS)('%s planted in the cache dir', (_what, plant, why) => {
  it('as a lock file: a clear error naming the lock and saying to delete it', async () => {
    const file = join(dir, 'emulator-state.json');
    await plant(`${file}.lock`);
    const err = await acquireLock(file, { waitMs: 0 }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(why);
    expect(err?.message).toContain(`Delete ${file}.lock`);
    expect(err?.message).not.toContain('wJalr');
  });

  it('as the emulator state', async () => {
    const file = join(dir, 'emulator-state.json');
    await plant(file);
    const err = await loadState(file).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(why);
    expect(err?.message).toContain(`cannot read the emulator state ${file}`);
    expect(err?.message).toContain(`Delete ${file}`);
  });

  it('as the token journal', async () => {
    const warnings: string[] = [];
    // The file's name comes from the endpoint, as the journal names it.
    const name = `tokens-${createHash('sha256').update('http://127.0.0.1:1').digest('hex').slice(0, 16)}.json`;
    await plant(join(dir, name));
    const err = await fileJournal(dir, 'http://127.0.0.1:1', (w) => warnings.push(w)).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(why);
    expect(err?.message).toContain(`cannot read the token journal ${join(dir, name)}`);
    expect(warnings.join('\n')).not.toContain('wJalr');
  });

  it('as the job cache', async () => {
    const cache = new JobFactsCache(dir, 'http://127.0.0.1:1');
    await cache.load('123456789012');
    cache.set('job-1', { arn: 'arn:x', catalog: 'Sandbox', engagement: 'e', opportunity: 'o', template: 't' });
    await cache.save();
    const name = (await readdir(dir)).find((n) => n.startsWith('jobs-') && n.endsWith('.json'))!;
    await rm(join(dir, name));
    await plant(join(dir, name));
    const err = await new JobFactsCache(dir, 'http://127.0.0.1:1').load('123456789012').then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(why);
    expect(err?.message).toContain(`cannot read the job cache ${join(dir, name)}`);
  });
});

it('a corrupt job cache is discarded without echoing its content', async () => {
  const cache = new JobFactsCache(dir, 'http://127.0.0.1:1');
  await cache.load('123456789012');
  cache.set('job-1', { arn: 'arn:x', catalog: 'Sandbox', engagement: 'e', opportunity: 'o', template: 't' });
  await cache.save();
  const name = (await readdir(dir)).find((n) => n.startsWith('jobs-') && n.endsWith('.json'))!;
  await writeFile(join(dir, name), SECRET);
  const warnings: string[] = [];
  await new JobFactsCache(dir, 'http://127.0.0.1:1', (w) => warnings.push(w)).load('123456789012');
  expect(warnings).toEqual([`Warning: the job cache ${join(dir, name)} is corrupt (not valid JSON); discarding it.`]);
});

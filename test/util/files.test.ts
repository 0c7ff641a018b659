import { spawnSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/util/atomic-write.js';
import { acquireLock, withLock } from '../../src/util/lock.js';
import { updateSharedFile } from '../../src/util/shared-file.js';
import { sleep } from '../../src/util/lists.js';

const SHARED = { what: 'the list', cap: 1024 * 1024 };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cosell-files-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('writeFileAtomic', () => {
  it('replaces the content and leaves nothing else behind', async () => {
    const file = join(dir, 'a.json');
    await writeFile(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('sets the mode exactly when asked', async () => {
    const file = join(dir, 'state.json');
    await writeFileAtomic(file, '{}', { mode: 0o600 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('replaces a symbolic link itself, never the file it points to', async () => {
    const target = join(dir, 'target');
    await writeFile(target, 'keep');
    await symlink(target, join(dir, 'link'));
    await writeFileAtomic(join(dir, 'link'), 'new');
    expect(await readFile(target, 'utf8')).toBe('keep');
    expect((await lstat(join(dir, 'link'))).isFile()).toBe(true);
  });

  it('removes its temp file when the rename fails, and leaves the target as it was', async () => {
    await mkdir(join(dir, 'busy'));
    await writeFile(join(dir, 'busy', 'x'), 'inside');
    await expect(writeFileAtomic(join(dir, 'busy'), 'text')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['busy']);
    expect(await readdir(join(dir, 'busy'))).toEqual(['x']);
  });
});

describe('the lock', () => {
  it('makes a second holder wait until the first releases', async () => {
    const file = join(dir, 'shared.json');
    const order: string[] = [];
    const first = await acquireLock(file);
    let waited = false;
    const second = withLock(file, async () => void order.push('second'), { onWait: () => (waited = true) });
    await sleep(100);
    order.push('first');
    await first.release();
    await second;
    expect(order).toEqual(['first', 'second']);
    expect(waited).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it('breaks a lock left by a process that died', async () => {
    const file = join(dir, 'shared.json');
    await writeFile(`${file}.lock`, JSON.stringify({ pid: deadPid(), host: hostname(), since: '2026-01-01T00:00:00Z', token: 'x' }));
    const lock = await acquireLock(file, { waitMs: 1000 });
    const holder = JSON.parse(await readFile(lock.file, 'utf8')) as { pid: number };
    expect(holder.pid).toBe(process.pid);
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over a lock from another machine that has not been refreshed for a minute, and honours a fresh one', async () => {
    const file = join(dir, 'shared.json');
    const foreign = JSON.stringify({ pid: 1, host: 'another-runner', since: '2026-01-01T00:00:00Z', token: 'x' });
    await writeFile(`${file}.lock`, foreign);
    await expect(acquireLock(file, { waitMs: 100 })).rejects.toThrow(/pid 1 on another-runner/);
    const old = new Date(Date.now() - 120_000);
    await utimes(`${file}.lock`, old, old);
    const lock = await acquireLock(file, { waitMs: 100 });
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('gives up on a live holder after the wait, naming the lock file and the holder', async () => {
    const file = join(dir, 'shared.json');
    const held = await acquireLock(file);
    await expect(acquireLock(file, { waitMs: 200 })).rejects.toThrow(
      new RegExp(
        `^.*shared\\.json is in use by another cosell process \\(pid ${process.pid} on .*\\); waited 1 s for it\\. If no such process is running, delete .*shared\\.json\\.lock$`,
      ),
    );
    await held.release();
  });

  it('honours a lock being written (no holder yet) until it is old', async () => {
    const file = join(dir, 'shared.json');
    await writeFile(`${file}.lock`, '');
    await expect(acquireLock(file, { waitMs: 150 })).rejects.toThrow(/a process that has not written its name yet/);
  });
});

describe('updateSharedFile', () => {
  it('loses no update when many writers run at once', async () => {
    const file = join(dir, 'sub', 'list.json');
    const add = (n: number) =>
      updateSharedFile(file, (current) => JSON.stringify([...(current ? (JSON.parse(current) as number[]) : []), n]), SHARED);
    await Promise.all(Array.from({ length: 25 }, (_, i) => add(i)));
    const list = JSON.parse(await readFile(file, 'utf8')) as number[];
    expect(list.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(await readdir(join(dir, 'sub'))).toEqual(['list.json']);
  });

  it('loses no update across processes', async () => {
    const file = join(dir, 'list.json');
    const script = `
      import { updateSharedFile } from ${JSON.stringify(new URL('../../dist/util/shared-file.js', import.meta.url).href)};
      const [file, who] = process.argv.slice(1);
      for (let i = 0; i < 20; i++)
        await updateSharedFile(file, (c) => JSON.stringify([...(c ? JSON.parse(c) : []), who + i]), ${JSON.stringify(SHARED)}, { waitMs: 60000 });`;
    const { spawn } = await import('node:child_process');
    const run = (who: string) =>
      new Promise<number | null>((resolve) =>
        spawn(process.execPath, ['--input-type=module', '-e', script, file, who], { stdio: 'inherit' }).on('close', resolve),
      );
    expect(await Promise.all([run('a'), run('b'), run('c')])).toEqual([0, 0, 0]);
    const list = JSON.parse(await readFile(file, 'utf8')) as string[];
    expect(list).toHaveLength(60);
  });
});

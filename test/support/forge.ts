/** What an attacker with write access to a saved plan can do, and servers a test closes after itself. */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach } from 'vitest';

type Json = Record<string, unknown>;

/** Rewrites the saved plan, then recomputes its (unkeyed) checksum, as anyone can. */
export async function forge(file: string, edit: (saved: Json) => void | Promise<void>): Promise<void> {
  const saved = JSON.parse(await readFile(file, 'utf8')) as Json;
  await edit(saved);
  const { kind, format_version, created_at, stack_path, target, desired, plan } = saved;
  saved.checksum = createHash('sha256')
    .update(JSON.stringify({ kind, format_version, created_at, stack_path, target, desired, plan }))
    .digest('hex');
  await writeFile(file, JSON.stringify(saved, null, 2));
}

interface Closable {
  close(): Promise<void>;
}

/**
 * Closes, after each test of the file that calls it, what the test passed to the returned
 * function (last opened, first closed: a proxy before the emulator behind it).
 */
export function closedAfterEach(): <T extends Closable>(server: T) => T {
  const open: Closable[] = [];
  afterEach(async () => {
    for (const s of open.splice(0).reverse()) await s.close();
  });
  return (server) => {
    open.push(server);
    return server;
  };
}

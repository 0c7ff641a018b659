/**
 * The token journal: which job each ClientToken created, kept beside the job cache. It is a
 * hint, not a state file: nothing is matched by it (live jobs are matched by natural key), and
 * losing it costs at most a wasted create. It lets apply learn that a token is spent before
 * using it again. This matters for a job declared Stopped: nothing follows its create, so a
 * token that the service answers with a long-deleted job would otherwise go unnoticed
 * (tokens.ts).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface JournalEntry {
  /** The job the token created. */
  id: string;
  arn: string;
  /** Set once the job is known to be deleted: the token is spent for good. */
  gone?: boolean;
}

export interface TokenJournal {
  get(token: string): JournalEntry | undefined;
  set(token: string, entry: JournalEntry): void;
  /** Writes what changed; never throws (a journal that cannot be written costs calls only). */
  flush(): Promise<void>;
}

/** A journal that lives as long as the process: tests, and the programmatic API's default. */
export function memoryJournal(): TokenJournal {
  const entries = new Map<string, JournalEntry>();
  return {
    get: (token) => entries.get(token),
    set: (token, entry) => void entries.set(token, entry),
    flush: async () => {},
  };
}

interface JournalFile {
  version: 1;
  endpoint: string;
  tokens: Record<string, JournalEntry>;
}

/** The most entries kept; the oldest go first (a token's worth fades as the service forgets it). */
const MAX_ENTRIES = 50_000;

/**
 * A journal in `dir` (the cache dir, `.cosell/` by default), one file per endpoint. Each change
 * is written soon after it happens (writes coalesce), so a `kill -9` loses little.
 */
export async function fileJournal(dir: string, endpoint: string, warn: (line: string) => void = () => {}): Promise<TokenJournal> {
  const key = createHash('sha256').update(endpoint).digest('hex').slice(0, 16);
  const file = join(dir, `tokens-${key}.json`);
  const entries = new Map<string, JournalEntry>();
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<JournalFile>;
    if (parsed.version === 1 && parsed.tokens && typeof parsed.tokens === 'object') {
      for (const [token, e] of Object.entries(parsed.tokens)) {
        if (e && typeof e.id === 'string' && typeof e.arn === 'string') entries.set(token, { id: e.id, arn: e.arn, ...(e.gone ? { gone: true } : {}) });
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`Warning: ignoring the token journal ${file}: ${(err as Error).message}`);
  }

  let writing: Promise<void> | undefined;
  let dirty = false;
  const write = async (): Promise<void> => {
    while (dirty) {
      dirty = false;
      while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      const body: JournalFile = { version: 1, endpoint, tokens: Object.fromEntries(entries) };
      try {
        await mkdir(dir, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify(body));
        await rename(tmp, file);
      } catch (err) {
        warn(`Warning: could not write the token journal ${file}: ${(err as Error).message}`);
        return;
      }
    }
  };
  const schedule = (): Promise<void> => {
    dirty = true;
    writing ??= write().finally(() => {
      writing = undefined;
      // A change that came in as the last write finished still needs writing.
      if (dirty) void schedule();
    });
    return writing;
  };

  return {
    get: (token) => entries.get(token),
    set(token, entry) {
      entries.delete(token);
      entries.set(token, entry);
      void schedule();
    },
    async flush() {
      while (writing) await writing;
      if (dirty) await schedule();
    },
  };
}

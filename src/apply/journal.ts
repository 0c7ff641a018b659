/**
 * The token journal: which job each ClientToken created, kept beside the job cache. It is a
 * hint, not a state file: nothing is matched by it (live jobs are matched by natural key), and
 * losing it costs at most a wasted create. It lets apply learn that a token is spent before
 * using it again. This matters for a job declared Stopped: nothing follows its create, so a
 * token that the service answers with a long-deleted job would otherwise go unnoticed
 * (tokens.ts).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CAP, corruptReason, readStateFile } from '../util/bounded-read.js';
import { updateSharedFile } from '../util/shared-file.js';

const SHARED = { what: 'the token journal', cap: CAP.tokenJournal };

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

/** The entries of a journal file's text; throws on text that is not JSON. */
function parseJournal(text: string): Map<string, JournalEntry> {
  const entries = new Map<string, JournalEntry>();
  const parsed = JSON.parse(text) as Partial<JournalFile>;
  if (parsed.version === 1 && parsed.tokens && typeof parsed.tokens === 'object') {
    for (const [token, e] of Object.entries(parsed.tokens)) {
      if (e && typeof e.id === 'string' && typeof e.arn === 'string')
        entries.set(token, { id: e.id, arn: e.arn, ...(e.gone ? { gone: true } : {}) });
    }
  }
  return entries;
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
  let entries = new Map<string, JournalEntry>();
  const text = await readStateFile(file, SHARED.cap, SHARED.what);
  try {
    if (text !== undefined) entries = parseJournal(text);
  } catch (err) {
    warn(`Warning: ignoring the token journal ${file}: ${corruptReason(err)}`);
  }
  // What this run learnt: merged into the file as it is when written, so that two runs sharing
  // the journal keep each other's tokens.
  const learnt = new Set<string>();
  const merge = (current: string | undefined): string => {
    let merged = new Map<string, JournalEntry>();
    try {
      if (current !== undefined) merged = parseJournal(current);
    } catch {
      // a corrupt journal was reported when it was read; this run's entries replace it
    }
    for (const token of learnt) {
      const ours = entries.get(token)!;
      const theirs = merged.get(token);
      merged.delete(token);
      // Once a token's job is known to be deleted, it stays spent.
      merged.set(token, theirs?.gone && theirs.id === ours.id ? { ...ours, gone: true } : ours);
    }
    while (merged.size > MAX_ENTRIES) merged.delete(merged.keys().next().value as string);
    const body: JournalFile = { version: 1, endpoint, tokens: Object.fromEntries(merged) };
    return JSON.stringify(body);
  };

  let writing: Promise<void> | undefined;
  let dirty = false;
  const write = async (): Promise<void> => {
    while (dirty) {
      dirty = false;
      try {
        await updateSharedFile(file, merge, SHARED);
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
      learnt.add(token);
      while (entries.size > MAX_ENTRIES) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
        learnt.delete(oldest);
      }
      void schedule();
    },
    async flush() {
      while (writing) await writing;
      if (dirty) await schedule();
    },
  };
}

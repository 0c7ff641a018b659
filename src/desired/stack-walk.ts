/**
 * Finding the files of a stack directory. Every entry that could hold stack files and cannot be
 * read is a problem, never skipped: a file left out looks undeclared, and the jobs it declared
 * would be planned for deletion.
 */
import type { Dirent, Stats } from 'node:fs';
import { kindOf } from '../util/bounded-read.js';
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import { compareStrings } from '../util/compare.js';

export { kindOf };

/** A stack file found: the path to show, and the path to open (the real path of a link). */
export interface FoundFile {
  file: string;
  open: string;
}

export interface StackListing {
  files: FoundFile[];
  problems: Diagnostic[];
}

export const YAML_FILE = /\.ya?ml$/i;

export function problem(file: string, message: string): Diagnostic {
  return { file, line: null, column: null, path: '', message };
}

export function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  return err instanceof Error ? err.message : String(err);
}

class Walk {
  readonly files: FoundFile[] = [];
  readonly problems: Diagnostic[] = [];
  private readonly walked = new Set<string>();

  constructor(private readonly root: string) {}

  private inside(real: string): boolean {
    return real === this.root || real.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep);
  }

  async directory(dir: string): Promise<void> {
    let real: string;
    let entries: Dirent[];
    try {
      real = await realpath(dir);
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      this.problems.push(problem(dir, `cannot list the directory: ${reason(err)}`));
      return;
    }
    if (this.walked.has(real)) return; // a link loop, or a directory reached twice
    this.walked.add(real);
    // In sorted order, so that a directory reached by two paths is always read by the same one.
    for (const entry of entries.sort((a, b) => compareStrings(a.name, b.name))) {
      if (entry.name.startsWith('.')) continue; // .git, .cosell, editors' and cosell's temp files
      await this.entry(join(dir, entry.name), entry.name, entry);
    }
  }

  private async entry(full: string, name: string, entry: Dirent | Stats): Promise<void> {
    if (entry.isDirectory()) return this.directory(full);
    if (entry.isFile()) {
      if (YAML_FILE.test(name)) this.files.push({ file: full, open: full });
      return;
    }
    if (entry.isSymbolicLink()) return this.link(full, name);
    if (!entry.isFIFO() && !entry.isSocket() && !entry.isCharacterDevice() && !entry.isBlockDevice()) {
      // The file system did not say what the entry is: ask.
      const info = await lstat(full).catch((err: unknown) => err);
      if (info instanceof Error) {
        if (YAML_FILE.test(name)) this.problems.push(problem(full, `cannot read the file: ${reason(info)}`));
        return;
      }
      return this.entry(full, name, info as Stats);
    }
    if (YAML_FILE.test(name))
      this.problems.push(problem(full, `${kindOf(entry)}, not a regular file: a stack file must be a regular file`));
  }

  private async link(full: string, name: string): Promise<void> {
    let real: string;
    let info: Stats;
    try {
      real = await realpath(full);
      info = await stat(real);
    } catch (err) {
      // Whatever its name: a link that cannot be followed may have been a directory of stack files
      // (jobs.d -> .store/jobs after the store moved), and skipping it would plan their deletion.
      const to = await readlink(full).catch(() => undefined);
      const code = (err as NodeJS.ErrnoException).code;
      const what = code === 'ENOENT' ? 'which does not exist' : `which cannot be followed: ${reason(err)}`;
      this.problems.push(
        problem(full, `a symbolic link to ${to ?? 'an unknown target'}, ${what}; a stack file that cannot be read stops the run`),
      );
      return;
    }
    if (info.isDirectory()) {
      if (this.inside(real)) return this.directory(full);
      this.problems.push(
        problem(
          full,
          `a symbolic link to the directory ${real}, outside the stack directory ${this.root}: it is not read (move or copy those files into the stack)`,
        ),
      );
      return;
    }
    if (!YAML_FILE.test(name)) return;
    if (!this.inside(real))
      this.problems.push(
        problem(
          full,
          `a symbolic link to ${real}, outside the stack directory ${this.root}: it is not read (copy the file into the stack)`,
        ),
      );
    else if (!info.isFile())
      this.problems.push(problem(full, `a symbolic link to ${kindOf(info)}, not a regular file: a stack file must be a regular file`));
    else this.files.push({ file: full, open: real });
  }
}

/** The stack files under `dir`, in sorted order of their paths, and every entry that could not be followed. */
export async function listStack(dir: string): Promise<StackListing> {
  let root: string;
  try {
    root = await realpath(dir);
  } catch (err) {
    return { files: [], problems: [problem(dir, `cannot list the directory: ${reason(err)}`)] };
  }
  const walk = new Walk(root);
  await walk.directory(dir);
  const files = walk.files.sort((a, b) => compareStrings(a.file, b.file));
  return { files, problems: walk.problems.sort((a, b) => compareStrings(a.file, b.file)) };
}

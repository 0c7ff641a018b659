/**
 * A stack as it was at a git revision, for `plan --changed-since`: the same files the working
 * tree walk would read (YAML files, no dot-named entries), as bytes, so that they go through the
 * same checks as the working tree's. git is run with execFile, never through a shell.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CosellError } from '../util/errors.js';
import type { Diagnostic } from './diagnostics.js';
import type { StackSource } from './files.js';
import { MAX_FILE_BYTES, MAX_STACK_BYTES, megabytes } from './stack-limits.js';
import { problem, YAML_FILE } from './stack-walk.js';
import { compareStrings } from '../util/compare.js';

export interface StackAtRevision {
  /** The commit the revision names. */
  commit: string;
  sources: StackSource[];
  diagnostics: Diagnostic[];
  /**
   * Why the stack at the revision cannot be compared file for file (a link or a submodule in
   * it, or no stack there at all); the caller then plans in full.
   */
  incomparable?: string;
}

const GIT_OUTPUT_MAX = MAX_STACK_BYTES * 2 + 16 * 1024 * 1024;

function git(cwd: string, args: readonly string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...args],
      { cwd, encoding: 'buffer', maxBuffer: GIT_OUTPUT_MAX, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } },
      (err, stdout, stderr) => {
        if (err) reject(Object.assign(err, { stderr: stderr.toString('utf8') }));
        else resolve(stdout);
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

function gitFailure(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { stderr?: string };
  if (e.code === 'ENOENT') return 'git is not installed (or not on PATH)';
  return (e.stderr ?? e.message).trim().split('\n')[0] ?? 'git failed';
}

/** The commit a revision names, checked: a revision is never taken for an option. */
async function commitOf(cwd: string, revision: string, where: string): Promise<string> {
  if (revision === '' || revision.startsWith('-') || /[\0\n]/.test(revision)) {
    throw new CosellError(`--changed-since needs a git revision such as origin/main or HEAD~1, not ${JSON.stringify(revision)}`);
  }
  try {
    await git(cwd, ['rev-parse', '--is-inside-work-tree']);
  } catch (err) {
    const why = gitFailure(err);
    throw new CosellError(
      /not a git repository/i.test(why)
        ? `--changed-since needs a git repository, and ${where} is not in one`
        : `--changed-since cannot use git in ${where}: ${why}`,
    );
  }
  try {
    return (await git(cwd, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`])).toString('utf8').trim();
  } catch {
    throw new CosellError(
      `--changed-since ${revision}: the git repository of ${where} has no such revision (in CI, fetch it first: e.g. actions/checkout with fetch-depth: 0)`,
    );
  }
}

interface TreeEntry {
  mode: string;
  type: string;
  object: string;
  size: number;
  path: string;
}

function parseTree(out: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of out.toString('utf8').split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode = '', type = '', object = '', size = ''] = record.slice(0, tab).split(/ +/);
    entries.push({ mode, type, object, size: Number(size), path: record.slice(tab + 1) });
  }
  return entries;
}

/** Splits `git cat-file --batch` output: for each object, a header line, its bytes, a newline. */
function parseBatch(out: Buffer, count: number): Buffer[] {
  const blobs: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const eol = out.indexOf(0x0a, at);
    const header = out.subarray(at, eol).toString('utf8').split(' ');
    if (header[1] !== 'blob') throw new CosellError(`git could not read ${header[0] ?? 'an object'} of the stack at the revision`);
    const size = Number(header[2]);
    blobs.push(out.subarray(eol + 1, eol + 1 + size));
    at = eol + 1 + size + 1;
  }
  return blobs;
}

/**
 * The stack at `path` as it was at `revision`. Refuses (CosellError) when `path` is not in a git
 * repository or the revision is unknown there.
 */
export async function readStackAt(path: string, revision: string): Promise<StackAtRevision> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new CosellError(`--changed-since: there is no stack at ${path}`);
  }
  const isDir = info.isDirectory();
  const cwd = isDir ? path : dirname(path);
  const commit = await commitOf(cwd, revision, path);
  const prefix = (await git(cwd, ['rev-parse', '--show-prefix'])).toString('utf8').replace(/\n$/, '');
  const root = isDir ? prefix : `${prefix}${basename(path)}`;
  const args = ['--literal-pathspecs', 'ls-tree', '-r', '-z', '-l', '--full-tree', commit];
  if (root !== '') args.push('--', isDir ? root.replace(/\/$/, '') : root);
  const entries = parseTree(await git(cwd, args));
  const files: Array<TreeEntry & { file: string }> = [];
  const diagnostics: Diagnostic[] = [];
  for (const e of entries) {
    const rel = isDir ? e.path.slice(root.length) : '';
    if (isDir && !e.path.startsWith(root)) continue;
    if (rel.split('/').some((part) => part.startsWith('.'))) continue; // as the walk skips .git, .cosell…
    const file = isDir ? join(path, rel) : path;
    if (e.type === 'commit')
      return { commit, sources: [], diagnostics: [], incomparable: `the stack at ${revision} holds a git submodule (${e.path})` };
    // A link the walk might follow (a YAML name, or no extension: a directory, maybe): what it
    // leads to at the revision is not read here.
    if (e.mode === '120000' && (YAML_FILE.test(basename(e.path)) || !basename(e.path).includes('.')))
      return { commit, sources: [], diagnostics: [], incomparable: `the stack at ${revision} holds a symbolic link (${e.path})` };
    if (e.type !== 'blob' || e.mode === '120000' || !(isDir ? YAML_FILE.test(basename(rel)) : true)) continue;
    if (e.size > MAX_FILE_BYTES)
      diagnostics.push(
        problem(file, `the file is ${megabytes(e.size)} at ${revision}; a stack file may be at most ${megabytes(MAX_FILE_BYTES)}`),
      );
    else files.push({ ...e, file });
  }
  if (files.length === 0 && diagnostics.length === 0)
    return { commit, sources: [], diagnostics: [], incomparable: `there is no stack at ${path} in ${revision}` };
  files.sort((a, b) => compareStrings(a.file, b.file));
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total > MAX_STACK_BYTES) {
    diagnostics.push(
      problem(path, `the stack is ${megabytes(total)} at ${revision}; a stack may be at most ${megabytes(MAX_STACK_BYTES)}`),
    );
    return { commit, sources: [], diagnostics };
  }
  const blobs = files.length
    ? parseBatch(await git(cwd, ['cat-file', '--batch'], files.map((f) => `${f.object}\n`).join('')), files.length)
    : [];
  return { commit, sources: files.map((f, i) => ({ file: f.file, bytes: blobs[i] as Buffer })), diagnostics };
}

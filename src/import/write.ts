/**
 * Where an import writes: a new or empty directory, or with `--force` one that holds an earlier
 * import. `--force` replaces the files an import wrote (they carry its marker) and removes those
 * of engagements that no longer have jobs; it never touches a file a person wrote.
 */
import { lstat, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { CosellError } from '../util/errors.js';
import { IMPORT_MARKER } from './layout.js';
import type { StackFile } from './types.js';
import { plural } from '../util/plural.js';

export interface OutDir {
  dir: string;
  /** The directory exists and is not empty (only possible with --force). */
  existing: boolean;
}

/**
 * Checks the output directory before anything is read from the service, so that a refusal costs
 * no API call.
 */
export async function checkOutDir(dir: string, force: boolean): Promise<OutDir> {
  let info;
  try {
    info = await stat(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { dir, existing: false };
    throw new CosellError(`cannot use --out ${dir}: ${(err as Error).message}`);
  }
  if (!info.isDirectory()) throw new CosellError(`--out ${dir} is a file; cosell import writes a stack directory`);
  const entries = (await readdir(dir)).sort();
  if (entries.length === 0) return { dir, existing: false };
  if (!force) {
    const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? `, and ${entries.length - 3} more` : '');
    throw new CosellError(
      `${dir} is not empty (${shown}); cosell import overwrites nothing: choose a new directory with --out DIR, ` +
        'or add --force to replace the files an earlier import wrote there',
    );
  }
  return { dir, existing: true };
}

/**
 * Every file stays inside `dir`: its path is built from ids the service gave, so a path that
 * climbs out, is absolute or is not a plain `a/b.yaml` is refused before anything is written.
 */
export function checkStackPaths(dir: string, files: readonly StackFile[]): void {
  const root = resolve(dir);
  for (const f of files) {
    const segments = f.path.split('/');
    const plain =
      !isAbsolute(f.path) && !f.path.includes('\\') && segments.every((s) => s !== '' && s !== '.' && s !== '..' && !/\p{Cc}/u.test(s));
    const inside = resolve(root, f.path).startsWith(root + sep);
    if (!plain || !inside || !/\.ya?ml$/.test(f.path))
      throw new CosellError(
        `cosell import would write ${JSON.stringify(f.path)}, which is not a YAML file inside ${dir}: ` +
          'the path is built from what the service answered, and nothing was written',
      );
  }
}

async function yamlFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await yamlFiles(full, base)));
    else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) out.push(relative(base, full));
  }
  return out;
}

async function writtenByImport(file: string): Promise<boolean> {
  const head = (await readFile(file, 'utf8')).slice(0, 200);
  return head.startsWith(`# ${IMPORT_MARKER}`);
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  if ((await lstat(file).catch(() => undefined))?.isDirectory()) throw new CosellError(`cannot write ${file}: a directory is in the way`);
  await writeFileAtomic(file, text);
}

/**
 * A directory under `dir` that is a symbolic link would carry the writes (and --force's removals)
 * wherever it points: refused before anything is written, whatever it points to.
 */
async function refuseLinkedDirectories(dir: string, files: readonly StackFile[]): Promise<void> {
  const seen = new Set<string>();
  for (const f of files) {
    const segments = f.path.split('/').slice(0, -1);
    for (let i = 1; i <= segments.length; i++) {
      const rel = segments.slice(0, i).join('/');
      if (seen.has(rel)) continue;
      seen.add(rel);
      const info = await lstat(join(dir, rel)).catch(() => undefined);
      if (info?.isSymbolicLink())
        throw new CosellError(
          `cannot write into ${join(dir, rel)}: it is a symbolic link, and cosell import writes only into real directories under --out; ` +
            'nothing was written. Remove the link, or choose another --out DIR',
        );
    }
  }
}

export interface WriteReport {
  written: string[];
  /** Files of an earlier import that this one no longer has (their engagements have no jobs). */
  removed: string[];
  /** YAML files a person wrote, left in place: they are part of the stack too. */
  kept: string[];
}

/** Writes the stack's files into `out`, as checked by checkOutDir. */
export async function writeStack(out: OutDir, files: readonly StackFile[]): Promise<WriteReport> {
  checkStackPaths(out.dir, files);
  await refuseLinkedDirectories(out.dir, files);
  const report: WriteReport = { written: [], removed: [], kept: [] };
  const ours = new Set(files.map((f) => f.path));
  if (out.existing) {
    // Checked before anything is written or removed, so a refusal loses nothing.
    const theirs: string[] = [];
    for (const f of files) {
      const file = join(out.dir, f.path);
      if ((await lstat(file).catch(() => undefined))?.isFile() && !(await writtenByImport(file))) theirs.push(f.path);
    }
    if (theirs.length > 0)
      throw new CosellError(
        `--force replaces only files an earlier import wrote, and ${theirs.join(', ')} in ${out.dir} ` +
          `${plural(theirs.length, 'was', 'were')} not: nothing was written. Move ${plural(theirs.length, 'it', 'them')} away, or choose another --out DIR`,
      );
    for (const rel of await yamlFiles(out.dir)) {
      if (ours.has(rel)) continue;
      if (await writtenByImport(join(out.dir, rel))) {
        await rm(join(out.dir, rel));
        report.removed.push(rel);
      } else report.kept.push(rel);
    }
  }
  await mkdir(out.dir, { recursive: true });
  for (const f of files) {
    await writeAtomically(join(out.dir, f.path), f.text);
    report.written.push(f.path);
  }
  return report;
}

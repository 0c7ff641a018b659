import { readFile, stat } from 'node:fs/promises';
import { formatDiagnostic, type Diagnostic } from '../util/diagnostic.js';
import { CosellError } from '../util/errors.js';
import { indexPositions, locate } from '../util/yaml-path.js';
import { readYaml, type YamlFileKind } from '../util/yaml-read.js';
import { checkSeed } from './seed-check.js';
import type { EmulatorSeed } from './seed.js';

const MAX_SEED_BYTES = 5 * 1024 * 1024;

/** An empty seed is allowed: the defaults. */
const SEED_FILE: YamlFileKind = { name: 'an emulator seed' };

async function seedText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    // The size first, so that a huge file is refused without being read.
    if ((await stat(file)).size > MAX_SEED_BYTES) throw new CosellError(`emulator seed ${file} is larger than ${MAX_SEED_BYTES} bytes`);
    bytes = await readFile(file);
  } catch (err) {
    if (err instanceof CosellError) throw err;
    throw new CosellError(`cannot read emulator seed ${file}: ${(err as Error).message}`);
  }
  // It may have grown between the two, or be a special file whose size says nothing.
  if (bytes.length > MAX_SEED_BYTES) throw new CosellError(`emulator seed ${file} is larger than ${MAX_SEED_BYTES} bytes`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CosellError(`emulator seed ${file} is not UTF-8 text`);
  }
}

/**
 * Reads and checks a YAML seed file with the stack's YAML-with-positions reader; a bad one is a
 * CosellError whose details are `FILE:LINE:COL: message` lines, in file order.
 */
export async function loadSeedFile(file: string, uniqueJobs = true): Promise<EmulatorSeed> {
  const parsed = readYaml(file, await seedText(file), SEED_FILE);
  if (parsed.diagnostics.length > 0)
    throw new CosellError(`emulator seed ${file} is not valid YAML`, parsed.diagnostics.map(formatDiagnostic));
  const problems = checkSeed(parsed.data, uniqueJobs);
  if (problems.length > 0) {
    const positions = indexPositions(parsed.doc, parsed.lines);
    const placed: Diagnostic[] = problems.map((p) => {
      const { line, column } = locate(positions, p.path, p.atKey ? 'key' : 'value');
      // The message names its path already (as an in-process seed's do).
      return { file, line, column, path: '', message: p.message };
    });
    placed.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    throw new CosellError(`emulator seed ${file} is invalid`, placed.map(formatDiagnostic));
  }
  return (parsed.data ?? {}) as EmulatorSeed;
}

import { isCatalogName } from '../model/index.js';
import type { Catalog } from './types.js';
import type { StackSource } from './files.js';

/**
 * The catalog a stack's files most likely name, read from their bytes before they are parsed:
 * a top-level `catalog: X` line. Only a hint, for which catalog the account's listing asks for
 * first (at the service's 10 reads a second the second catalog's first page comes 0.1 s later, and
 * the stack's jobs are read as their pages arrive); both catalogs are listed whatever it says, and
 * the stack's real setting comes from the parser.
 */
export function catalogHint(sources: readonly StackSource[]): Catalog | undefined {
  const decoder = new TextDecoder();
  for (const { bytes } of sources) {
    const found = LINE.exec(decoder.decode(bytes))?.[1];
    if (isCatalogName(found)) return found;
  }
  return undefined;
}

const LINE = /^catalog:[ \t]*["']?([A-Za-z]+)["']?[ \t]*(?:#.*)?$/m;

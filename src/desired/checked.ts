import type { Diagnostic } from './diagnostics.js';
import { formatPath, locate, type Position, type Positions, type YamlPath } from './yaml-path.js';

/** A file whose data passed parsing: its data, and where each node stood (the document is gone). */
export interface LocatedFile {
  file: string;
  data: unknown;
  positions: Positions;
}

/** A file whose data passed parsing, with where the schema found problems. */
export interface CheckedFile {
  parsed: LocatedFile;
  errorPaths: readonly YamlPath[];
}

export type Raw = Record<string, unknown>;

export function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Which parts of a file the schema rejected: those are reported once and not checked further. */
export class Broken {
  private readonly marks = new Set<string>();
  constructor(paths: readonly YamlPath[]) {
    for (const p of paths) {
      if (p.length === 0) this.marks.add('');
      if (p.length >= 1) this.marks.add(`${p[0]}\u0000*`);
      if (p.length === 1) this.marks.add(String(p[0]));
      if (p.length >= 2) this.marks.add(`${p[0]}\u0000${p[1]}`);
    }
  }
  /** The file as a whole (it is not a mapping). */
  file(): boolean {
    return this.marks.has('');
  }
  /** Anything under a top-level key. */
  under(key: string): boolean {
    return this.marks.has(`${key}\u0000*`);
  }
  /** The top-level key's own value (a section that is not a mapping). */
  at(key: string): boolean {
    return this.marks.has(key);
  }
  resource(section: string, name: string): boolean {
    return this.marks.has(`${section}\u0000${name}`);
  }
}

/** Where something was declared, to name it in a message about a later declaration. */
export interface Declared {
  file: string;
  position: Position;
  address: string;
}

export function where(d: { file: string; position: Position }): string {
  return `${d.file}:${d.position.line}:${d.position.column}`;
}

/** Collects diagnostics placed at a path of a parsed file. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  at(f: LocatedFile, path: YamlPath, at: 'key' | 'value', message: string): void {
    const { line, column } = locate(f.positions, path, at);
    this.diagnostics.push({ file: f.file, line, column, path: formatPath(path), message });
  }

  /** A problem of the stack as a whole, reported at the top of its first file. */
  stack(file: string, message: string): void {
    this.diagnostics.push({ file, line: 1, column: 1, path: '', message });
  }

  position(f: LocatedFile, path: YamlPath): Position {
    return locate(f.positions, path, 'key');
  }
}

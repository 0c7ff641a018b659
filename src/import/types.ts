/** What `cosell import` reads, decides and writes. Plain data. */
import type { Catalog, Tags } from '../desired/types.js';
import type { LiveSnapshotJob } from '../live/types.js';

export interface ImportOptions {
  /** The catalogs to read; default both. */
  catalogs: Catalog[];
  /** The stack to import; default: the one stack that owns live jobs. Required with `all`. */
  stack?: string;
  /** Also import the jobs that carry no owner tag (apply then adopts them). */
  all: boolean;
}

/** A live job left out of the import, and why. */
export interface SkippedJob {
  job: LiveSnapshotJob;
  reason: string;
}

/** The live jobs an import covers. */
export interface ImportSelection {
  stack: string;
  jobs: LiveSnapshotJob[];
  /** Jobs `--all` could not import (owned by another stack, too many tags to adopt). */
  skipped: SkippedJob[];
  /** Things the user should know about the jobs imported (several live jobs on one key). */
  notes: string[];
}

/** One file of the written stack: its path relative to the output directory, and its text. */
export interface StackFile {
  path: string;
  text: string;
}

export interface ImportLayout {
  files: StackFile[];
  /** The stack's top-level catalog. */
  catalog: Catalog;
  /** Tags every imported job carries, written once in defaults.tags. */
  defaultTags: Tags;
  /** Live tag keys that cannot be declared (reserved), written to ignoreTags.keys. */
  ignoredKeys: string[];
  /** Job id → logical name. */
  names: Map<string, string>;
}

export interface ImportResult extends ImportSelection, ImportLayout {
  /** Jobs imported that carry no owner tag yet: apply adopts them. */
  unowned: number;
}

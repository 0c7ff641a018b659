/** Addresses, and the --target/--exclude globs over addresses. */
import { CosellError } from '../util/errors.js';
import type { ResourceKind } from './types.js';

export function addressOf(kind: ResourceKind, name: string): string {
  return `${kind}.${name}`;
}

export type AddressFilter = (address: string) => boolean;

/**
 * Turns --target and --exclude globs into one predicate. `*` matches any run of characters,
 * `?` one character; everything else is literal. With no targets every address is in.
 */
export function addressFilter(targets: readonly string[] = [], excludes: readonly string[] = []): AddressFilter {
  const t = targets.map((g) => globToRegExp(g, '--target'));
  const x = excludes.map((g) => globToRegExp(g, '--exclude'));
  if (t.length === 0 && x.length === 0) return () => true;
  return (address) => (t.length === 0 || t.some((r) => r.test(address))) && !x.some((r) => r.test(address));
}

/** The addresses a plan covers: with `onlyTargets`, none when it has no targets. */
export function planFilter(targets: readonly string[] = [], excludes: readonly string[] = [], onlyTargets = false): AddressFilter {
  if (onlyTargets && targets.length === 0) return () => false;
  return addressFilter(targets, excludes);
}

export function globToRegExp(glob: string, flag = 'address'): RegExp {
  if (glob.trim() === '')
    throw new CosellError(`${flag} needs an address such as snapshotJob.NAME, or a glob such as 'snapshotJob.acme-*'; got an empty string`);
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'su');
}

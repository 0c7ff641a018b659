// The one way the build scripts write a generated source file: written only when its text
// changed (so tsc and the editors see no change otherwise); with `--check`, nothing is written
// and a stale file is reported, for the tests that keep the committed files current.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Whether the script was run directly (not imported by a test). */
export function isMain(url) {
  return Boolean(process.argv[1]) && new URL(`file://${process.argv[1]}`).href === url;
}

/** Writes `code` to `target` (a URL) when it differs; returns false when `--check` found it stale. */
export function writeGenerated(target, code, staleMessage) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current === code) return true;
  if (process.argv.includes('--check')) {
    console.error(staleMessage);
    return false;
  }
  writeFileSync(target, code);
  return true;
}

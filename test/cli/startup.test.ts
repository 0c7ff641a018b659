/**
 * Starting fast: `--version` and `--help` register every command without loading what the
 * commands do, and the stack schema's validator is compiled at build time. What loads is asserted,
 * never how long it takes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXECUTION_INTERVAL_MS as EXECUTIONS_DEFAULT } from '../../src/emulator/executions.js';
import * as emulator from '../../src/emulator/index.js';
import * as defaults from '../../src/emulator/defaults.js';
import { PLAN_FORMATS } from '../../src/plan/render/formats.js';
import { RENDERERS } from '../../src/plan/render/index.js';
import { COSELL } from '../support/cli.js';

const ROOT = resolve(import.meta.dirname, '../..');

// Prints the URL of every module the child loads, from a loader hook.
const HOOK = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent("export async function load(u, c, next) { if (!u.startsWith('node:')) process.stderr.write('LOADED ' + u + '\\\\n'); return next(u, c); }"));`,
)}`;

function filesLoadedBy(args: string[]): string[] {
  const run = spawnSync(process.execPath, ['--import', HOOK, COSELL, ...args], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status).toBe(0);
  return run.stderr.split('\n').flatMap((l) => (l.startsWith('LOADED ') ? [l.slice(7).replace(`file://${ROOT}/`, '')] : []));
}

/**
 * The modules inside the files a run loaded. The command line is bundled (scripts/bundle-cli.mjs):
 * each file holds several modules, each after a comment naming it (`// dist/api/client.js`).
 */
function loadedBy(args: string[]): string[] {
  return filesLoadedBy(args).flatMap((file) =>
    file.startsWith('file:') ? [file] : [...readFileSync(resolve(ROOT, file), 'utf8').matchAll(MODULE_COMMENT)].map((m) => m[1]!),
  );
}
const MODULE_COMMENT = /^\s*\/\/ ((?:dist|node_modules)\/\S+\.(?:m?js|cjs|json))$/gm;

// What a command needs only once it runs.
const HEAVY = [
  /^dist\/api\/client\.js$/,
  /^dist\/desired\/index\.js$/,
  /^dist\/emulator\/emulator\.js$/,
  /^dist\/plan\/diff\.js$/,
  /^dist\/apply\/apply\.js$/,
  /^dist\/live\//,
  /node_modules\/(yaml|ajv|@aws-sdk|@smithy|diff|jsonc-parser)\//,
];

describe('startup', () => {
  for (const args of [['--version'], ['--help'], ['plan', '--help']]) {
    it(`cosell ${args.join(' ')} loads none of what the commands do`, () => {
      const loaded = loadedBy(args);
      expect(filesLoadedBy(args)).toContain('dist/cli/main.js');
      expect(loaded).toContain('dist/cli/main.js');
      expect(loaded.filter((m) => HEAVY.some((re) => re.test(m)))).toEqual([]);
      expect(loaded.length).toBeLessThan(50);
      expect(filesLoadedBy(args).length).toBeLessThan(20);
    });
  }

  it('sees the modules a command does load: validate loads the stack loader and the YAML parser, bundled', () => {
    const loaded = loadedBy(['validate', 'examples/stack']);
    expect(loaded).toContain('dist/desired/load.js');
    expect(loaded.some((m) => m.startsWith('node_modules/yaml/'))).toBe(true);
    // A handful of files hold them all: the command line is bundled.
    expect(filesLoadedBy(['validate', 'examples/stack']).length).toBeLessThan(loaded.length / 5);
  });

  it('the light copies of the plan formats and emulator defaults say what the heavy modules say', () => {
    expect([...PLAN_FORMATS].sort()).toEqual(Object.keys(RENDERERS).sort());
    expect(emulator.DEFAULT_HOST).toBe(defaults.DEFAULT_HOST);
    expect(emulator.DEFAULT_PORT).toBe(defaults.DEFAULT_PORT);
    expect(emulator.DEFAULT_TASK_DELAY_MS).toBe(defaults.DEFAULT_TASK_DELAY_MS);
    expect(EXECUTIONS_DEFAULT).toBe(defaults.DEFAULT_EXECUTION_INTERVAL_MS);
  });

  it('the precompiled stack validator is up to date with schemas/stack.schema.json', () => {
    // Exits 1 with a message when the schema changed and the build did not run.
    expect(() =>
      execFileSync(process.execPath, ['scripts/build-stack-validator.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' }),
    ).not.toThrow();
  });
});

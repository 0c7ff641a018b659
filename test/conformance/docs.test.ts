/**
 * The emulator's fidelity table against the operations cosell uses and the suite's steps; the
 * troubleshooting page and the README against the runner.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/model/index.js';
import { STEPS } from '../../src/conformance/steps.js';

const EMULATOR = readFileSync('docs/emulator.md', 'utf8');
const TROUBLE = readFileSync('docs/troubleshooting.md', 'utf8');
const README = readFileSync('README.md', 'utf8');

/** The rows of the first table under a `## ` heading, as cells. */
function table(md: string, heading: string): string[][] {
  const at = md.indexOf(`\n## ${heading}\n`);
  expect(at, `no "## ${heading}"`).toBeGreaterThan(0);
  const rest = md.slice(at + heading.length + 5);
  const section = rest.slice(0, rest.search(/\n## |$(?![\s\S])/) + 1 || undefined);
  return section
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
    .slice(1)
    .map((l) => l.slice(2, -2).split(' | '));
}

const STEP_NAMES = new Set(STEPS.map((s) => s.name));
const stepsIn = (cell: string): string[] => [...cell.matchAll(/`([a-z][a-z0-9-]*)`/g)].map((m) => m[1]!);

describe('the fidelity table in docs/emulator.md', () => {
  const rows = table(EMULATOR, 'Fidelity: where each behaviour comes from');

  it('has four cells a row and names a source in each', () => {
    expect(rows.length).toBeGreaterThan(30);
    for (const row of rows) {
      expect(row, row.join(' | ')).toHaveLength(4);
      expect(row[2], row[1]).toMatch(/\bmodel\b|reference: |\*assumption\*/);
    }
  });

  it('covers every operation cosell uses, by name', () => {
    for (const op of OPERATIONS)
      expect(
        rows.some((r) => r[0]!.split(', ').includes(op)),
        `no row of its own for ${op}`,
      ).toBe(true);
  });

  it('marks every assumption with the step that checks it, or says why none can', () => {
    for (const [, behaviour, source, step] of rows)
      if (source!.includes('*assumption*'))
        expect(stepsIn(step!).length > 0 || step!.startsWith('none: '), `${behaviour}: no step`).toBe(true);
  });

  it('names only steps the suite has, and every step the suite has', () => {
    const named = new Set(rows.flatMap((r) => stepsIn(r[3]!)));
    for (const name of named) expect(STEP_NAMES.has(name), `the table names ${name}, which is no step`).toBe(true);
    for (const name of STEP_NAMES) expect(named.has(name), `step ${name} is in no row of the table`).toBe(true);
  });
});

describe('docs/troubleshooting.md and the README', () => {
  const rows = table(TROUBLE, 'Running the conformance suite');

  it('documents every flag of the runner, and no other', () => {
    const source = readFileSync('src/conformance/main.ts', 'utf8');
    const flags = new Set([...source.matchAll(/\.option\('(--[a-z-]+)/g)].map((m) => m[1]!));
    expect(flags.size).toBeGreaterThan(8);
    const documented = new Set(rows.flatMap((r) => [...r[0]!.matchAll(/`(--[a-z-]+)/g)].map((m) => m[1]!)));
    for (const flag of flags) if (flag !== '--i-know-this-is-production') expect(documented.has(flag), flag).toBe(true);
    for (const flag of documented) expect(flags.has(flag), flag).toBe(true);
    expect(TROUBLE).toContain('--i-know-this-is-production');
  });

  it('tells how to run it and where to report a difference, and the README says it exists', () => {
    expect(TROUBLE).toContain('npm run conformance -- \\\n  --catalog Sandbox --engagement');
    expect(TROUBLE).toContain('**Report a difference**');
    expect(README).toContain('npm run conformance -- --catalog Sandbox');
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string>; files: string[] };
    expect(pkg.scripts.conformance).toBe('npm run build --silent && node dist/conformance/main.js');
    // A repository tool: the published package leaves it out, with the SDK it needs.
    expect(pkg.files).toContain('!dist/conformance');
  });
});

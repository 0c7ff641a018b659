import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatStackText } from '../../src/desired/fmt.js';
import { stackSchema } from '../../src/desired/schema.js';
import { comments, data, expectGolden, GOLDEN_DIR } from './support.js';

function fmt(text: string): string {
  const r = formatStackText('f.yaml', text);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.text;
}

describe('cosell fmt: the canonical form', () => {
  const messy = readFileSync(join(GOLDEN_DIR, 'messy.yaml'), 'utf8');

  it('matches the golden file, and formatting that again changes nothing (idempotent)', () => {
    const once = fmt(messy);
    expectGolden('messy.canonical.yaml', once);
    expect(formatStackText('f.yaml', once)).toEqual({ ok: true, text: once, changed: false });
  });

  it('keeps every comment, in order, and the data unchanged', () => {
    const once = fmt(messy);
    expect(comments(once).sort()).toEqual(comments(messy).sort());
    expect(data(once)).toEqual(data(messy));
  });

  it('keeps each comment with the entry it describes and the header on top', () => {
    const once = fmt(messy).split('\n');
    expect(once.slice(0, 3)).toEqual([
      '# yaml-language-server: $schema=../../../schemas/stack.schema.json',
      '# A stack file written by hand, in no particular order.',
      'version: 1',
    ]);
    const at = (line: string) => once.indexOf(line);
    expect(at('# The settings, written after the jobs.') + 1).toBe(at('stack: emea-alliances # the owner'));
    expect(at('    # the engagement comes first in canonical form') + 1).toBe(at('    engagement: eng-acmemigration1'));
    expect(at('snapshotJobs:                  # the jobs, by logical name')).toBeGreaterThan(0);
    expect(once.at(-2)).toBe('# Trailing notes stay at the end.');
  });

  it('orders known keys as the schema does; free-form maps (names, tags) keep their order', () => {
    const schema = stackSchema() as { properties: Record<string, unknown>; $defs: Record<string, { properties: Record<string, unknown> }> };
    const doc = data(fmt(messy)) as Record<string, Record<string, Record<string, unknown>>>;
    const present = (keys: string[], obj: object) => keys.filter((k) => k in obj);
    expect(Object.keys(doc)).toEqual(present(Object.keys(schema.properties), doc));
    for (const job of Object.values(doc.snapshotJobs ?? {}))
      expect(Object.keys(job)).toEqual(present(Object.keys(schema.$defs.snapshotJob!.properties), job));
    expect(Object.keys(doc.snapshotJobs ?? {})).toEqual(['acme-migration', 'acme-expansion']);
    expect(Object.keys(doc.snapshotJobs?.['acme-expansion']?.tags as object)).toEqual(['priority', 'cost-center', 'note', 'account']);
  });

  it('quotes strings only where YAML needs it, always with double quotes', () => {
    const out = fmt(
      "stack: 'emea'\ndefaults:\n  tags:\n    a: '4411'\n    b: 'true'\n    c: 'it''s'\n    d: ''\n    e: 'x: y'\n    f: \"plain\"\n",
    );
    expect(out).toBe(
      'stack: emea\ndefaults:\n  tags:\n    a: "4411"\n    b: "true"\n    c: it\'s\n    d: ""\n    e: "x: y"\n    f: plain\n',
    );
  });

  it('never folds a long value and indents by two spaces', () => {
    const long = `${'x'.repeat(50)} ${'y'.repeat(50)}`;
    expect(fmt(`defaults:\n    tags:\n        note: ${long}\n`)).toBe(`defaults:\n  tags:\n    note: ${long}\n`);
  });

  it('leaves a file already in canonical form byte for byte alone', () => {
    for (const f of ['stack.yaml', 'engagements.yaml', 'snapshot-jobs/acme.yaml', 'snapshot-jobs/retail-and-cloud.yaml']) {
      const text = readFileSync(join('examples/stack', f), 'utf8');
      expect(formatStackText(f, text), f).toEqual({ ok: true, text, changed: false });
    }
  });

  it('keeps a trailing comment at the column it was lined up at, where the line is unchanged', () => {
    const text = 'version: 1          # one\nstack: emea-alliances  # two\ncatalog: Sandbox\n';
    expect(fmt(text)).toBe(text);
    // The content changed (quotes dropped): the comment follows it after one space.
    expect(fmt("stack: 'emea'   # x\n")).toBe('stack: emea # x\n');
  });

  it('moves a comment written above an outer key back out of the nested block before it', () => {
    const text = 'snapshotJobs:\n  a:\n    engagement: eng-acmemigration1\n    tags:\n      k: v\n# about the settings\nversion: 1\n';
    const out = fmt(text);
    expect(out).toBe(
      'version: 1\nsnapshotJobs:\n  a:\n    engagement: eng-acmemigration1\n    tags:\n      k: v\n'.replace(
        'version: 1\n',
        '# about the settings\nversion: 1\n',
      ),
    );
  });

  it('keeps anchors, aliases and merge keys, merged defaults first', () => {
    const text =
      'snapshotJobs:\n  a:\n    opportunity: O1\n    tags: &shared {team: x}\n    engagement: eng-acmemigration1\n  b:\n    opportunity: O2\n    <<: {template: T1}\n    tags: *shared\n';
    const out = fmt(text);
    expect(out).toBe(
      'snapshotJobs:\n  a:\n    engagement: eng-acmemigration1\n    opportunity: O1\n    tags: &shared {team: x}\n  b:\n    <<: {template: T1}\n    opportunity: O2\n    tags: *shared\n',
    );
    expect(data(out)).toEqual(data(text));
  });

  it('keeps the written key order of a file where reordering would put an alias above its anchor', () => {
    const text = "snapshotJobs:\n  a:\n    tags: &t {k: v}\n    engagement: 'eng-acmemigration1'\ndefaults:\n  tags: *t\n";
    // Quoting is still made canonical; only the order is left alone.
    expect(fmt(text)).toBe(text.replace("'eng-acmemigration1'", 'eng-acmemigration1'));
  });

  it('leaves an empty file or a file of comments alone', () => {
    expect(formatStackText('e.yaml', '')).toEqual({ ok: true, text: '', changed: false });
    expect(fmt('# nothing yet\n')).toBe('# nothing yet\n');
  });

  it('refuses a file that is not YAML, saying where', () => {
    const r = formatStackText('bad.yaml', 'version: 1\nstack: [unclosed\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics[0]).toMatchObject({ file: 'bad.yaml', line: 3 });
    expect(r.diagnostics[0]?.message).toMatch(/^invalid YAML: /);
  });
});

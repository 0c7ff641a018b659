/**
 * fmt over many generated stack files, written every way a person might: keys in any order,
 * any quoting, full-line and trailing comments, blank lines, flow and block maps. Each must come
 * out idempotent, with its data and its comments unchanged.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatStackText } from '../../src/desired/fmt.js';
import { comments, data } from './support.js';
import { seededRandom } from '../../src/util/random.js';

function generate(seed: number): string {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const shuffle = <T>(xs: T[]): T[] =>
    xs
      .map((x) => ({ x, r: rnd() }))
      .sort((a, b) => a.r - b.r)
      .map((e) => e.x);
  const quote = (s: string): string => pick([s, `'${s.replace(/'/g, "''")}'`, JSON.stringify(s)]);
  const value = (s: string): string => (/^[0-9]+$|^(true|false|null)$|: |^$/.test(s) ? pick([`'${s}'`, JSON.stringify(s)]) : quote(s));
  let n = 0;
  const trailing = (): string => (rnd() < 0.3 ? `${' '.repeat(1 + Math.floor(rnd() * 6))}# note ${++n}` : '');
  const full = (indent: string): string[] => (rnd() < 0.25 ? [`${indent}# about what follows ${++n}`] : []);
  const blank = (): string[] => (rnd() < 0.2 ? [''] : []);
  const tagValues = ['alliances', '4411', 'Acme Corp', 'true', '', 'x: y', "it's", 'crm:id', 'éàü'];

  const tags = (indent: string): string[] => {
    const keys = shuffle(['team', 'cost-center', 'priority', 'note', 'crm:id']).slice(0, 1 + Math.floor(rnd() * 4));
    if (rnd() < 0.3)
      return [`${indent.slice(2)}tags: {${keys.map((k) => `${quote(k)}: ${value(pick(tagValues))}`).join(', ')}}${trailing()}`];
    return [
      `${indent.slice(2)}tags:${trailing()}`,
      ...keys.flatMap((k) => [...full(indent), `${indent}${quote(k)}: ${value(pick(tagValues))}${trailing()}`]),
    ];
  };
  const job = (i: number): string[] => {
    const fields: string[][] = shuffle([
      [`      engagement: ${quote('eng-acmemigration1')}${trailing()}`],
      [`      opportunity: ${quote(`O${1000 + i}`)}${trailing()}`],
      [`      template: ${quote('OpportunitySummaryView')}${trailing()}`],
      [`      status: ${quote(pick(['Running', 'Stopped']))}${trailing()}`],
      ...(rnd() < 0.5 ? [tags('        ')] : []),
      ...(rnd() < 0.2 ? [[`      catalog: Sandbox${trailing()}`]] : []),
    ]);
    return [...blank(), ...full('  '), `  job-${i}:${trailing()}`, ...fields.flatMap((f) => [...full('      '), ...f])];
  };
  const sections: string[][] = shuffle([
    [`version: 1${trailing()}`],
    [`stack: ${quote('emea-alliances')}${trailing()}`],
    [`catalog: ${quote('Sandbox')}${trailing()}`],
    [`defaults:${trailing()}`, ...tags('    ')],
    [`ignoreTags:${trailing()}`, `  keys: [${quote('crm-sync-id')}]${trailing()}`, `  keyPrefixes:`, `    - ${quote('crm:')}${trailing()}`],
    [`snapshotJobs:${trailing()}`, ...Array.from({ length: 1 + Math.floor(rnd() * 4) }, (_, i) => job(i)).flat()],
  ]);
  const lines = [...(rnd() < 0.5 ? ['# header'] : []), ...sections.flatMap((s) => [...blank(), ...full(''), ...s])];
  if (rnd() < 0.3) lines.push('# the end');
  return `${lines.join('\n')}\n`;
}

function check(name: string, text: string): void {
  const once = formatStackText(name, text);
  expect(once.ok, name).toBe(true);
  if (!once.ok) return;
  const twice = formatStackText(name, once.text);
  expect(twice, `${name}: formatting twice changed it\n${once.text}`).toEqual({ ok: true, text: once.text, changed: false });
  expect(data(once.text), `${name}: data changed\n${text}\n---\n${once.text}`).toEqual(data(text));
  expect(comments(once.text).sort(), `${name}: comments changed\n${text}\n---\n${once.text}`).toEqual(comments(text).sort());
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = join(dir, e);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(e) ? [full] : [];
  });
}

describe('cosell fmt on every way of writing a stack file', () => {
  // FMT_SEEDS=FROM-TO explores further (with a longer --testTimeout); the suite runs 1-300.
  const [from, to] = (process.env.FMT_SEEDS ?? '1-300').split('-').map(Number) as [number, number];
  it(`is idempotent and keeps data and comments on generated files (seeds ${from}-${to})`, () => {
    for (let seed = from; seed <= to; seed++) check(`seed ${seed}`, generate(seed));
  });

  it('is idempotent and keeps data and comments on every YAML file of the repository', () => {
    const files = [...yamlFiles('examples'), ...yamlFiles('test/fmt/golden')];
    expect(files.length).toBeGreaterThan(4);
    for (const f of files) check(f, readFileSync(f, 'utf8'));
  });
});

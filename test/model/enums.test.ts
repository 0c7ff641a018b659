import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGS, DEFAULT_TEMPLATE, enumValues, serviceModel, templateIsModelled } from '../../src/model/index.js';
import * as generated from '../../src/model/enums.generated.js';

const ROOT = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.generated.ts') ? [join(dir, e.name)] : [],
  );
}

describe('enumerations from the model', () => {
  it('src/model/enums.generated.ts is up to date with model/', () => {
    // Regenerates in memory and compares; exits 1 with a message when the build did not run.
    expect(() => execFileSync(process.execPath, ['scripts/build-model-enums.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('holds every enum shape of the model, with its values in order', () => {
    const names = Object.entries(serviceModel().shapes)
      .filter(([, s]) => s.type === 'enum')
      .map(([id]) => id.split('#')[1]!);
    expect(names.length).toBeGreaterThan(40);
    const values = generated as unknown as Record<string, readonly string[]>;
    for (const name of names) expect(values[`${name}Values`], name).toEqual(enumValues(name));
  });

  it('the catalogs are the two the model documents for every Catalog member', () => {
    const docs = Object.values(serviceModel().shapes).flatMap((s) =>
      Object.entries(s.members ?? {})
        .filter(([name, m]) => name === 'Catalog' && m.target.endsWith('#CatalogIdentifier'))
        .map(([, m]) => String(m.traits?.['smithy.api#documentation'] ?? '')),
    );
    expect(docs.length).toBeGreaterThan(10);
    const documented = docs.filter((d) => /\bAWS\b/.test(d) && /\bSandbox\b/.test(d));
    expect(documented.length).toBeGreaterThan(docs.length / 2);
    expect([...CATALOGS]).toEqual(['AWS', 'Sandbox']);
    expect(templateIsModelled(DEFAULT_TEMPLATE)).toBe(true);
  });

  it('no source file spells out a model enum by hand', () => {
    const enums = Object.entries(generated as unknown as Record<string, unknown>)
      .filter(([, v]) => Array.isArray(v) && v.length >= 2)
      .map(([, v]) => v as string[]);
    const quoted = (v: string) => `['"]${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]`;
    // Two values of one enum in a row, as a union type or a list literal.
    const patterns = enums.flatMap((values) =>
      values.slice(1).map((v, i) => new RegExp(`${quoted(values[i]!)}\\s*(\\||,)\\s*${quoted(v)}`)),
    );
    const found: string[] = [];
    for (const file of [...sources(join(ROOT, 'src'))]) {
      const text = readFileSync(file, 'utf8');
      for (const re of patterns) if (re.test(text)) found.push(`${file.slice(ROOT.length + 1)}: ${re.source}`);
    }
    expect(found).toEqual([]);
  });

  it('every enum in schemas/ that lists model values lists exactly one model enum (or the catalogs)', () => {
    const model = [
      ...Object.values(generated as unknown as Record<string, unknown>).filter((v): v is string[] => Array.isArray(v)),
      [...CATALOGS],
    ];
    const enums: { file: string; values: string[] }[] = [];
    const walk = (node: unknown, file: string): void => {
      if (Array.isArray(node)) for (const item of node) walk(item, file);
      else if (node !== null && typeof node === 'object')
        for (const [key, value] of Object.entries(node)) {
          if (key === 'enum' && Array.isArray(value)) enums.push({ file, values: value.map(String) });
          else walk(value, file);
        }
    };
    const dir = join(ROOT, 'schemas');
    for (const name of readdirSync(dir)) walk(JSON.parse(readFileSync(join(dir, name), 'utf8')), name);
    expect(enums.length).toBeGreaterThan(10);
    const sorted = (values: readonly string[]) => [...values].sort().join('\u0000');
    const off: string[] = [];
    for (const { file, values } of enums) {
      const overlapping = model.filter((m) => values.filter((v) => m.includes(v)).length >= Math.min(2, values.length));
      if (overlapping.length > 0 && !overlapping.some((m) => sorted(m) === sorted(values))) off.push(`${file}: ${values.join(', ')}`);
    }
    expect(off).toEqual([]);
  });
});

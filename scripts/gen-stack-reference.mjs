// Writes docs/stack-reference.md from schemas/stack.schema.json, so that the reference of the
// stack format cannot drift from the schema the loader checks with.
//   node scripts/gen-stack-reference.mjs           write the reference
//   node scripts/gen-stack-reference.mjs --check   exit 1 if the committed reference is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SCHEMA = fileURLToPath(new URL('../schemas/stack.schema.json', import.meta.url));
const TARGET = fileURLToPath(new URL('../docs/stack-reference.md', import.meta.url));

const code = (text) => {
  const s = String(text);
  const fence = s.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${s}${fence.length > 1 ? ' ' : ''}${fence}`;
};
// Markdown table cells: no pipes or line breaks.
const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n+/g, ' ');
const anchor = (name) => `def-${name.toLowerCase()}`;
const defName = (ref) => (/^#\/\$defs\/(.+)$/.exec(ref ?? '') ?? [])[1];

/** One line saying what values a schema node accepts, linking to named types. */
function describeType(node, defs) {
  if (!node) return 'anything';
  const ref = defName(node.$ref);
  if (ref) return `[${defs[ref]?.title ?? ref}](#${anchor(ref)})`;
  if ('const' in node) return `the value ${code(JSON.stringify(node.const))}`;
  if (node.enum) return `one of ${node.enum.map((v) => code(v)).join(', ')}`;
  const types = [node.type].flat().filter(Boolean);
  const parts = [];
  const objectLike = types.includes('object');
  if (objectLike && node.additionalProperties && typeof node.additionalProperties === 'object') {
    const keys = node.propertyNames ? describeType(node.propertyNames, defs) : 'string';
    parts.push(`a map of ${keys} to ${describeType(node.additionalProperties, defs)}`);
  } else if (objectLike) parts.push('a mapping (see below)');
  if (types.includes('array')) {
    const items = node.items ?? {};
    const limits = items.$ref ? [] : constraints(items);
    parts.push(`a list, each ${describeType(items, defs)}${limits.length ? ` (${limits.join('; ')})` : ''}`);
  }
  if (types.includes('string')) parts.push('a string');
  if (types.includes('integer')) parts.push('a whole number');
  if (types.includes('number')) parts.push('a number');
  if (types.includes('boolean')) parts.push('true or false');
  if (types.includes('null')) parts.push('empty');
  return parts.join(', or ') || 'anything';
}

/** The limits of a node: pattern, lengths, counts. */
function constraints(node) {
  const out = [];
  if (node.minLength !== undefined && node.maxLength !== undefined) out.push(`${node.minLength} to ${node.maxLength} characters`);
  else if (node.maxLength !== undefined) out.push(`at most ${node.maxLength} characters`);
  else if (node.minLength !== undefined) out.push(`at least ${node.minLength} character${node.minLength === 1 ? '' : 's'}`);
  if (node.pattern) out.push(`matches ${code(node.pattern)}`);
  if (node.maxProperties !== undefined) out.push(`at most ${node.maxProperties} entries`);
  if (node.uniqueItems) out.push('no duplicates');
  if (node.default !== undefined) out.push(`default ${code(node.default)}`);
  return out;
}

function propertyTable(node, defs) {
  const required = new Set(node.required ?? []);
  const rows = ['| key | value | required | description |', '| --- | --- | --- | --- |'];
  for (const [key, prop] of Object.entries(node.properties ?? {})) {
    const ref = defName(prop.$ref);
    const target = ref ? defs[ref] : prop;
    let description = prop.description ?? target?.description ?? prop.title ?? '';
    // An inline node's title names it (e.g. "stack name"): say it, unless it only repeats the key.
    if (!ref && prop.title && prop.description && prop.title !== key)
      description = `${prop.title[0].toUpperCase()}${prop.title.slice(1)}. ${description}`;
    const limits = ref ? [] : constraints(prop);
    const value = [describeType(prop, defs), ...limits].join('; ');
    rows.push(`| ${code(key)} | ${cell(value)} | ${required.has(key) ? 'yes' : 'no'} | ${cell(description)} |`);
  }
  return rows.join('\n');
}

export function renderReference(schema) {
  const defs = schema.$defs ?? {};
  const out = [];
  out.push(
    '<!-- Generated from schemas/stack.schema.json by scripts/gen-stack-reference.mjs. Do not edit: change the schema and rerun the script. -->',
  );
  out.push('');
  out.push(`# Stack format reference: ${schema.title}`);
  out.push('');
  out.push(schema.description);
  out.push('');
  out.push('Every structural rule below is checked by `cosell validate` (and by every command that loads a stack), and editors that');
  out.push(
    'understand JSON Schema complete and check stack files with `# yaml-language-server: $schema=<path to schemas/stack.schema.json>`.',
  );
  out.push('For how the pieces fit together (ownership, tags, tasks), see the [README](../README.md) and [commands.md](commands.md).');
  out.push('');
  out.push('## Top-level keys');
  out.push('');
  out.push(
    'Any file of a stack may hold any of these keys. The settings (`version`, `stack`, `catalog`, `defaults`, `ignoreTags`, `tagPolicy`)',
  );
  out.push('appear once in the whole stack, and `version` and `stack` must appear; resources may be spread over any of the files.');
  out.push('');
  out.push(propertyTable(schema, defs));
  out.push('');

  // Inline mappings at the top level (defaults, ignoreTags) get their own sections.
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (prop.properties) {
      out.push(`## ${code(key)}`);
      out.push('');
      if (prop.description) out.push(prop.description, '');
      out.push(propertyTable(prop, defs));
      out.push('');
    }
  }

  // Resource sections: a map of logical name to a resource type.
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const ref = defName(prop.additionalProperties?.$ref);
    if (!ref || !defs[ref]?.properties) continue;
    const def = defs[ref];
    out.push(`## ${code(`${key}.NAME`)}: ${def.title}`, '');
    out.push(`<a id="${anchor(ref)}"></a>`, '');
    if (prop.description) out.push(prop.description, '');
    if (def.description) out.push(def.description, '');
    out.push(propertyTable(def, defs));
    out.push('');
  }

  out.push('## Value types', '');
  for (const [name, def] of Object.entries(defs)) {
    if (def.properties) continue;
    out.push(`### ${def.title ?? name}`, '');
    out.push(`<a id="${anchor(name)}"></a>`, '');
    if (def.description) out.push(def.description, '');
    const facts = [describeType({ ...def, $ref: undefined }, defs), ...constraints(def)];
    out.push(`- Value: ${facts.join('; ')}`);
    if (def.examples?.length) out.push(`- Example: ${def.examples.map((e) => code(e)).join(', ')}`);
    out.push('');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const text = renderReference(JSON.parse(readFileSync(SCHEMA, 'utf8')));
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(TARGET, 'utf8');
    } catch {}
    if (current !== text) {
      process.stderr.write('docs/stack-reference.md is stale: run node scripts/gen-stack-reference.mjs\n');
      process.exit(1);
    }
  } else {
    writeFileSync(TARGET, text);
    process.stdout.write('wrote docs/stack-reference.md\n');
  }
}

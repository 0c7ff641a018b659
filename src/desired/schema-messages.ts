import type { ErrorObject } from 'ajv/dist/2020.js';
import { compilePattern } from '../model/index.js';
import { allowedPunctuation } from './pattern-text.js';
import { closest } from './suggest.js';

/** The parts of a schema node that the messages use (titles and examples are in the schema). */
export interface SchemaNode {
  title?: string;
  description?: string;
  examples?: unknown[];
  pattern?: string;
  properties?: Record<string, unknown>;
  minLength?: number;
  maxLength?: number;
}

export interface DescribedError {
  message: string;
  /** Path segments below the error's instance path that the message is about (a key, an item). */
  extra: (string | number)[];
  /** Point at the key (unknown keys, bad names, missing members) or at the value. */
  at: 'key' | 'value';
  /** For an unknown key: the known key it is probably a typo of. */
  suggestion?: string;
}

function yamlType(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  return `a ${typeof value}`;
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  null: 'nothing',
};

function expectedType(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => TYPE_NAMES[String(t)] ?? String(t)).join(' or ');
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 64 ? `${text.slice(0, 60)}…"` : text;
}

function characters(s: string): number {
  return [...s].length;
}

function example(schema: SchemaNode | undefined): string {
  const first = schema?.examples?.[0];
  return first === undefined ? '' : `, e.g. ${String(first)}`;
}

/**
 * For a string that fails its pattern: the first character the pattern rejects on its own. Tag
 * keys and values are sets of allowed characters, so that character is the one to fix.
 */
function firstForbidden(value: string, pattern: string): string | undefined {
  const re = compilePattern(pattern);
  return [...value].find((ch) => !re.test(ch));
}

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function patternMessage(value: unknown, schema: SchemaNode | undefined, pattern: string): string {
  const what = schema?.title ?? 'value';
  const text = String(value);
  const bad = /^tag |stack name/.test(what) ? firstForbidden(text, pattern) : undefined;
  if (bad !== undefined) {
    const shown = /\s|\p{C}/u.test(bad) ? codePoint(bad) : `"${bad}" (${codePoint(bad)})`;
    return `${quote(text)} is not a valid ${what}: it contains ${shown}; allowed are letters, numbers, spaces and ${allowedPunctuation(pattern)}`;
  }
  return `${quote(text)} is not a valid ${what}: expected a match for ${pattern}${example(schema)}`;
}

/**
 * What a schema error means, in the user's terms. `defs` are the schema's `$defs`, to name a
 * missing member by the title of what it refers to.
 */
export function describeSchemaError(
  error: ErrorObject,
  schema: SchemaNode | undefined,
  defs: Record<string, SchemaNode> = {},
): DescribedError {
  const params = error.params as Record<string, unknown>;
  const what = error.instancePath === '' ? 'a stack file' : (schema?.title ?? 'value');
  const name = (error as ErrorObject & { propertyName?: string }).propertyName;
  // A rule on a mapping's keys (propertyNames): the message is about the key itself.
  const onKey = name !== undefined;
  const value = onKey ? name : error.data;
  const extra = onKey ? [name] : [];
  const at = onKey ? 'key' : 'value';

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys(schema?.properties ?? {});
      const guess = closest(key, known);
      const hint = guess
        ? `did you mean "${guess}"?`
        : known.length > 0
          ? `expected one of: ${known.join(', ')}`
          : 'no keys are allowed here';
      return { message: `unknown key "${key}" in ${what}; ${hint}`, extra: [key], at: 'key', ...(guess ? { suggestion: guess } : {}) };
    }
    case 'required': {
      const key = String(params.missingProperty);
      const member = (schema?.properties?.[key] ?? {}) as SchemaNode & { $ref?: string };
      const target = member.$ref ? defs[member.$ref.replace('#/$defs/', '')] : member;
      const hint = target?.title ? ` (${target.title}${example(target)})` : '';
      return { message: `${what} is missing the required key "${key}"${hint}`, extra: [], at: 'key' };
    }
    case 'type': {
      const quoted =
        params.type === 'string' && (typeof value === 'number' || typeof value === 'boolean') ? ` (quote it: "${String(value)}")` : '';
      return { message: `expected ${expectedType(params.type)} for ${what}, got ${yamlType(value)}${quoted}`, extra, at };
    }
    case 'const':
      if (what === 'format version')
        return {
          message: `unsupported format version ${quote(value)}; this cosell reads version ${quote(params.allowedValue)}`,
          extra,
          at,
        };
      return { message: `expected ${quote(params.allowedValue)}, got ${quote(value)}`, extra, at };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const guess = typeof value === 'string' ? closest(value, allowed) : undefined;
      const hint = guess ? `; did you mean "${guess}"?` : '';
      return { message: `${quote(value)} is not a valid ${what}: expected one of ${allowed.join(', ')}${hint}`, extra, at };
    }
    case 'pattern':
      return { message: patternMessage(value, schema, String(params.pattern)), extra, at };
    case 'maxLength':
      return {
        message: `${what} ${quote(value)} is ${characters(String(value))} characters long; at most ${String(params.limit)} are allowed`,
        extra,
        at,
      };
    case 'minLength':
      return { message: `${what} must not be empty`, extra, at };
    case 'maxProperties':
      return {
        message: `${Object.keys(value as object).length} ${what}; at most ${String(params.limit)} are allowed on a resource`,
        extra,
        at,
      };
    case 'uniqueItems': {
      const items = value as unknown[];
      const later = Number(params.i);
      return { message: `${quote(items[later])} is listed twice in ${what}`, extra: [later], at: 'value' };
    }
    default:
      return { message: `${what}: ${error.message ?? 'is not valid'}`, extra, at };
  }
}

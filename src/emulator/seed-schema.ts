import type { ErrorObject } from 'ajv';
import { formatPath, pointerToPath, type YamlPath } from '../util/yaml-path.js';
import { validateSeed } from './seed-validator.generated.js';

/** One thing wrong with a seed: where (a path into its data) and what, the path already named. */
export interface SeedProblem {
  path: YamlPath;
  message: string;
  /** The problem is the key at the end of `path` itself (an unknown key), not its value. */
  atKey: boolean;
}

/** A path as the messages name it: `catalogs.Sandbox.engagements[1]`; the root is "the seed". */
export function where(path: YamlPath): string {
  return formatPath(path) || 'the seed';
}

/** The parts of a node of schemas/seed.schema.json that the messages use. */
interface SeedSchemaNode {
  title?: string;
  properties?: Record<string, unknown>;
  /** cosell's annotation: the message for any broken keyword of the node, or one per keyword. */
  'x-message'?: string | Record<string, string>;
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'nothing',
};

function described(error: ErrorObject): { message: string; below: string[]; atKey: boolean } {
  const node = (error.parentSchema ?? {}) as SeedSchemaNode;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys(node.properties ?? {}).join(', ');
      return { message: `unknown key "${key}" (expected one of: ${known})`, below: [key], atKey: true };
    }
    case 'required': {
      const key = String(params.missingProperty);
      return { message: `needs ${/^[aeiou]/i.test(key) ? 'an' : 'a'} ${key}`, below: [], atKey: false };
    }
    case 'dependentRequired':
      return { message: `needs ${String(params.missingProperty)}`, below: [String(params.property)], atKey: false };
  }
  const own = node['x-message'];
  const custom = typeof own === 'string' ? own : own?.[error.keyword];
  if (custom !== undefined) return { message: custom, below: [], atKey: false };
  if (error.keyword === 'type') {
    const types = String(params.type).split(',');
    return { message: `must be ${types.map((t) => TYPE_NAMES[t] ?? t).join(' or ')}`, below: [], atKey: false };
  }
  if (error.keyword === 'enum') {
    const allowed = (params.allowedValues as unknown[]).map(String).join(', ');
    return { message: `must be ${node.title ?? 'a known value'}, one of: ${allowed}`, below: [], atKey: false };
  }
  return { message: error.message ?? 'is not valid', below: [], atKey: false };
}

/** Every way the seed breaks schemas/seed.schema.json (its structure, types and enums). */
export function schemaProblems(seed: unknown): SeedProblem[] {
  if (validateSeed(seed)) return [];
  const problems: SeedProblem[] = [];
  const said = new Set<string>();
  for (const error of validateSeed.errors ?? []) {
    const { message, below, atKey } = described(error);
    const path = [...pointerToPath(error.instancePath, seed), ...below];
    const text = `${where(path)}: ${message}`;
    if (said.has(text)) continue;
    said.add(text);
    problems.push({ path, message: text, atKey });
  }
  return problems;
}

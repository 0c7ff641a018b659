import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MODEL_RULES_JSON } from './rules.generated.js';

/**
 * The service's own Smithy model, shipped in `model/`. Everything that checks an input
 * (the emulator, the client, the stack schema's tests) reads its rules from here, so a
 * pattern or limit is never written twice.
 */
export const NAMESPACE = 'com.amazonaws.partnercentralselling#';

export interface SmithyMember {
  target: string;
  traits?: Record<string, unknown>;
}

export interface SmithyShape {
  type: string;
  members?: Record<string, SmithyMember>;
  member?: SmithyMember;
  key?: SmithyMember;
  value?: SmithyMember;
  input?: { target: string };
  output?: { target: string };
  errors?: { target: string }[];
  traits?: Record<string, unknown>;
}

export interface SmithyModel {
  shapes: Record<string, SmithyShape>;
}

// Same relative depth from src/model and dist/model.
const MODEL_URL = new URL('../../model/partnercentral-selling-2022-07-26.json', import.meta.url);

let loaded: SmithyModel | undefined;

/** The whole model, with its documentation: for the build and the tests that read what it says. */
export function serviceModel(): SmithyModel {
  loaded ??= JSON.parse(readFileSync(fileURLToPath(MODEL_URL), 'utf8')) as SmithyModel;
  return loaded;
}

let rulesLoaded: SmithyModel | undefined;

/**
 * The model as the client and the emulator read it: the shapes their operations reach, each
 * with every member and trait but the documentation and examples (src/model/rules.generated.ts,
 * written from model/ at build time). shape() reads any other shape from the whole model.
 */
export function modelRules(): SmithyModel {
  rulesLoaded ??= JSON.parse(MODEL_RULES_JSON) as SmithyModel;
  return rulesLoaded;
}

/** A shape by id; bare names are taken to be in the service's namespace. */
export function shape(id: string): SmithyShape | undefined {
  const full = id.includes('#') ? id : NAMESPACE + id;
  if (full.startsWith('smithy.api#')) return preludeShape(full);
  // Another operation's shape (the build, the tests) is read from the whole model, on first use.
  return modelRules().shapes[full] ?? serviceModel().shapes[full];
}

const PRELUDE: Record<string, string> = {
  'smithy.api#String': 'string',
  'smithy.api#Integer': 'integer',
  'smithy.api#Long': 'long',
  'smithy.api#Boolean': 'boolean',
  'smithy.api#Timestamp': 'timestamp',
  'smithy.api#Unit': 'structure',
  'smithy.api#Document': 'document',
};

function preludeShape(id: string): SmithyShape | undefined {
  const type = PRELUDE[id];
  return type === undefined ? undefined : { type, members: type === 'structure' ? {} : undefined };
}

export function shortName(id: string): string {
  const hash = id.indexOf('#');
  return hash < 0 ? id : id.slice(hash + 1);
}

/** The pattern of a string shape, compiled the way the service means it (Unicode classes). */
export function compilePattern(pattern: string): RegExp {
  // Smithy patterns are ECMA 262 but may open with an inline dotAll flag, which JS lacks.
  let flags = 'u';
  let source = pattern;
  if (source.startsWith('^(?s)')) {
    source = `^${source.slice(5)}`;
    flags += 's';
  } else if (source.startsWith('(?s)')) {
    source = source.slice(4);
    flags += 's';
  }
  return new RegExp(source, flags);
}

/** The raw pattern string of a named string shape, e.g. `TagKey`. */
export function shapePattern(name: string): string {
  const s = shape(name);
  const pattern = s?.traits?.['smithy.api#pattern'];
  if (typeof pattern !== 'string') throw new Error(`model: shape ${name} has no pattern`);
  return pattern;
}

/** The `length` limits of a named shape, e.g. `TagList` → {min: 1, max: 200}. */
export function shapeLength(name: string): { min?: number; max?: number } {
  const s = shape(name);
  const length = s?.traits?.['smithy.api#length'] as { min?: number; max?: number } | undefined;
  if (!length) throw new Error(`model: shape ${name} has no length`);
  return length;
}

/** The values of a named enum shape, e.g. `SalesInvolvementType`. */
export function enumValues(name: string): string[] {
  const s = shape(name);
  if (s?.type !== 'enum' || !s.members) throw new Error(`model: shape ${name} is not an enum`);
  return Object.values(s.members).map((m) => String(m.traits?.['smithy.api#enumValue']));
}

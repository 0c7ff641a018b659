import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from './diagnostics.js';
import type { LocatedFile } from './checked.js';
import { describeSchemaError, type SchemaNode } from './schema-messages.js';
import { validateStack } from './stack-validator.generated.js';
import { formatPath, locate, pointerToPath, type YamlPath } from './yaml-path.js';

// Same relative depth from src/desired and dist/desired.
const SCHEMA_URL = new URL('../../schemas/stack.schema.json', import.meta.url);

let compiled: { validate: ValidateFunction; defs: Record<string, SchemaNode> } | undefined;

/** The stack schema: the one source of the format's structural rules, shipped in `schemas/`. */
export function stackSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(fileURLToPath(SCHEMA_URL), 'utf8')) as Record<string, unknown>;
}

function validator(): { validate: ValidateFunction; defs: Record<string, SchemaNode> } {
  if (!compiled) {
    // Compiled at build time (scripts/build-stack-validator.mjs): compiling at every start cost
    // more than the rest of loading a stack.
    compiled = { validate: validateStack, defs: (stackSchema().$defs ?? {}) as Record<string, SchemaNode> };
  }
  return compiled;
}

/** ajv also reports a wrapper error for each bad property name; the inner one says why. */
function isWrapper(error: ErrorObject): boolean {
  return error.keyword === 'propertyNames';
}

// The keyword that explains a bad value best, when ajv reports several for one place.
const PRIORITY: Record<string, number> = { type: 0, const: 1, enum: 1, minLength: 2, maxLength: 2, pattern: 3 };

export interface SchemaCheck {
  diagnostics: Diagnostic[];
  /** Where the problems are, so that later checks leave those parts alone. */
  errorPaths: YamlPath[];
}

/** Every way the file's data breaks the schema, one diagnostic per place. */
export function checkSchema(parsed: LocatedFile): SchemaCheck {
  const { validate, defs } = validator();
  if (validate(parsed.data)) return { diagnostics: [], errorPaths: [] };
  const byPlace = new Map<string, { rank: number; diagnostic: Diagnostic; path: YamlPath }>();
  const errors = (validate.errors ?? [])
    .filter((error) => !isWrapper(error))
    .map((error) => ({ error, described: describeSchemaError(error, error.parentSchema as SchemaNode | undefined, defs) }));
  // A missing key that an unknown key on the same mapping is a typo of is said once, by the typo.
  const typos = new Set(errors.filter((e) => e.described.suggestion).map((e) => `${e.error.instancePath}\u0000${e.described.suggestion}`));
  for (const { error, described } of errors) {
    if (error.keyword === 'required' && typos.has(`${error.instancePath}\u0000${String(error.params.missingProperty)}`)) continue;
    const base = pointerToPath(error.instancePath, parsed.data);
    const path = [...base, ...described.extra];
    const { line, column } = locate(parsed.positions, path, described.at);
    const diagnostic: Diagnostic = { file: parsed.file, line, column, path: formatPath(path), message: described.message };
    const missing = error.keyword === 'required' ? String(error.params.missingProperty) : '';
    const place = `${diagnostic.path}\u0000${described.at}\u0000${missing}`;
    const rank = PRIORITY[error.keyword] ?? 9;
    const previous = byPlace.get(place);
    if (!previous || rank < previous.rank) byPlace.set(place, { rank, diagnostic, path });
  }
  const found = [...byPlace.values()];
  return { diagnostics: found.map((v) => v.diagnostic), errorPaths: found.map((v) => v.path) };
}

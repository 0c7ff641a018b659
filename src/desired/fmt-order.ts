/**
 * The canonical key order of a stack file, read from the stack schema so that the two cannot
 * drift: a mapping's known keys come in the order of the schema's `properties`.
 */
import { stackSchema } from './schema.js';

/** The part of a JSON Schema node that decides key order. */
export interface OrderNode {
  properties?: Record<string, OrderNode>;
  additionalProperties?: OrderNode | boolean;
  $ref?: string;
}

/** Where a mapping's keys go, and what schema each value has. */
export interface KeyOrder {
  /** Known keys in schema order; undefined for a free-form map (names, tags): keep the user's order. */
  keys?: readonly string[];
  child(key: string): KeyOrder | undefined;
}

function resolveRef(root: OrderNode & { $defs?: Record<string, OrderNode> }, node: OrderNode | undefined): OrderNode | undefined {
  let n = node;
  // $refs in the stack schema are local (`#/$defs/NAME`); follow a few to be safe.
  for (let i = 0; i < 8 && n?.$ref; i++) {
    const m = /^#\/\$defs\/(.+)$/.exec(n.$ref);
    n = m ? root.$defs?.[m[1] as string] : undefined;
  }
  return n;
}

function orderOf(root: OrderNode & { $defs?: Record<string, OrderNode> }, node: OrderNode | undefined): KeyOrder | undefined {
  const n = resolveRef(root, node);
  if (!n) return undefined;
  const properties = n.properties;
  const additional = typeof n.additionalProperties === 'object' ? n.additionalProperties : undefined;
  if (!properties && !additional) return undefined;
  return {
    keys: properties ? Object.keys(properties) : undefined,
    child: (key) => orderOf(root, properties?.[key] ?? additional),
  };
}

let cached: KeyOrder | undefined;

/** The key order of a whole stack file. */
export function stackKeyOrder(): KeyOrder {
  if (!cached) {
    const schema = stackSchema() as OrderNode;
    cached = orderOf(schema, schema) ?? { child: () => undefined };
  }
  return cached;
}

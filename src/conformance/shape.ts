/**
 * The shape of an answer: its member names and JSON types, never its values. Two services that
 * answer alike give the same shape whatever ids, dates or messages they put in it.
 */
export type Shape =
  | { kind: 'none' }
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'null' }
  /** `items` is absent for an empty list: it says nothing about what a list holds. */
  | { kind: 'list'; items?: Shape }
  | { kind: 'structure'; members: ReadonlyMap<string, Shape>; optional?: ReadonlySet<string> };

const scalar = <K extends 'none' | 'string' | 'number' | 'boolean' | 'null'>(kind: K): { kind: K } => ({ kind });

/** Builders for the expectations. */
export const S = {
  none: scalar('none'),
  string: scalar('string'),
  number: scalar('number'),
  boolean: scalar('boolean'),
  list: (items?: Shape): Shape => ({ kind: 'list', items }),
  /** A structure; members in `optional` may be absent. */
  struct: (members: Record<string, Shape>, optional: Record<string, Shape> = {}): Shape => ({
    kind: 'structure',
    members: new Map([...Object.entries(members), ...Object.entries(optional)]),
    optional: new Set(Object.keys(optional)),
  }),
};

/** The shape of a parsed JSON value (`undefined`: no body at all). */
export function shapeOf(value: unknown): Shape {
  if (value === undefined) return S.none;
  if (value === null) return scalar('null');
  if (Array.isArray(value)) return value.reduce<Shape>((acc, item) => mergeItems(acc, shapeOf(item)), { kind: 'list' });
  switch (typeof value) {
    case 'string':
      return S.string;
    case 'number':
      return S.number;
    case 'boolean':
      return S.boolean;
    case 'object':
      return { kind: 'structure', members: new Map(Object.entries(value as object).map(([k, v]) => [k, shapeOf(v)])) };
    default:
      return S.string;
  }
}

/** A list's item shape grows to cover every item: structures gain the members any item has. */
function mergeItems(list: Shape, item: Shape): Shape {
  if (list.kind !== 'list') return list;
  return { kind: 'list', items: list.items ? merge(list.items, item) : item };
}

function merge(a: Shape, b: Shape): Shape {
  if (a.kind === 'structure' && b.kind === 'structure') {
    const members = new Map(a.members);
    for (const [k, v] of b.members) members.set(k, members.has(k) ? merge(members.get(k)!, v) : v);
    return { kind: 'structure', members };
  }
  if (a.kind === 'list' && b.kind === 'list')
    return { kind: 'list', items: a.items && b.items ? merge(a.items, b.items) : (a.items ?? b.items) };
  return a;
}

/** A member name as shown: quoted (control characters escaped) unless it is plain. */
export function memberName(name: string): string {
  return /^[A-Za-z0-9_$-]+$/.test(name) ? name : JSON.stringify(name);
}

/** `{Arn: string, Id: string}`, `[{Key: string, Value: string}]`, `[]`, `none`; members sorted, optional ones marked `?`. */
export function renderShape(shape: Shape): string {
  switch (shape.kind) {
    case 'list':
      return shape.items ? `[${renderShape(shape.items)}]` : '[]';
    case 'structure': {
      const names = [...shape.members.keys()].sort();
      return `{${names.map((n) => `${memberName(n)}${shape.optional?.has(n) ? '?' : ''}: ${renderShape(shape.members.get(n)!)}`).join(', ')}}`;
    }
    default:
      return shape.kind;
  }
}

/**
 * How `actual` differs from `expected`, one line per difference, each naming the member's path.
 * With `extraAllowed`, members the expectation does not name are not differences (used for
 * errors, whose bodies carry free-form members besides the modelled ones).
 */
export function shapeDifferences(expected: Shape, actual: Shape, extraAllowed = false, path = ''): string[] {
  const where = path || 'the answer';
  if (expected.kind !== actual.kind) return [`${where}: expected ${renderShape(expected)}, got ${renderShape(actual)}`];
  if (expected.kind === 'list' && actual.kind === 'list') {
    if (!expected.items || !actual.items) return [];
    return shapeDifferences(expected.items, actual.items, extraAllowed, `${path}[]`);
  }
  if (expected.kind !== 'structure' || actual.kind !== 'structure') return [];
  const out: string[] = [];
  const at = (name: string): string => (path ? `${path}.${memberName(name)}` : memberName(name));
  for (const [name, shape] of expected.members) {
    const got = actual.members.get(name);
    if (got) out.push(...shapeDifferences(shape, got, extraAllowed, at(name)));
    else if (!expected.optional?.has(name)) out.push(`${at(name)}: missing (expected ${renderShape(shape)})`);
  }
  if (!extraAllowed)
    for (const [name, shape] of actual.members)
      if (!expected.members.has(name)) out.push(`${at(name)}: not expected (got ${renderShape(shape)})`);
  return out;
}

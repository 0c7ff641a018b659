/**
 * Reads an AWS Organizations tag policy document: `tags.<policy key>` with `tag_key`,
 * `tag_value`, `enforced_for` and `report_required_tag_for`, each set with `@@assign`. The
 * inheritance operators only matter in an organization tree, so they are passed over with a
 * note. Anything else is a problem at its own line and column. Pure.
 */
import type { Diagnostic } from '../diagnostics.js';
import { closest } from '../suggest.js';
import { describeType, LineIndex, parseJson, properties, type JsonNode } from './json.js';
import { PARTNER_CENTRAL_TYPES, type PolicyRule, type TagPolicy } from './types.js';

const FIELDS = ['tag_key', 'tag_value', 'enforced_for', 'report_required_tag_for'] as const;
type Field = (typeof FIELDS)[number];
const ASSIGN = '@@assign';
const INHERITANCE = ['@@append', '@@remove', '@@operators_allowed_for_child_policies'];

export interface PolicyRead {
  /** Present only when the document has no problem. */
  policy?: TagPolicy;
  problems: Diagnostic[];
  notes: Diagnostic[];
}

/** Reads the policy document `text` of `file`. */
export function readTagPolicy(file: string, text: string): PolicyRead {
  const lines = new LineIndex(text);
  const problems: Diagnostic[] = [];
  const notes: Diagnostic[] = [];
  const at = (node: JsonNode | number, path: string, message: string, into = problems): void => {
    const { line, column } = lines.at(typeof node === 'number' ? node : node.offset);
    into.push({ file, line, column, path, message });
  };
  const where = (node: JsonNode): string => {
    const { line, column } = lines.at(node.offset);
    return `${file}:${line}:${column}`;
  };

  const parsed = parseJson(text);
  for (const p of parsed.problems) at(p.offset, '', p.message);
  const root = parsed.root;
  if (!root) return { problems, notes };
  if (root.type !== 'object') {
    at(root, '', `a tag policy is a JSON object starting with "tags", not ${describeType(root)}`);
    return { problems, notes };
  }
  let tags: JsonNode | undefined;
  for (const { key, keyNode, value } of properties(root)) {
    if (key === 'tags') tags = value;
    else at(keyNode, key, `unknown key ${JSON.stringify(key)}: a tag policy holds only "tags"`);
  }
  if (!tags) {
    at(root, '', 'a tag policy starts with "tags": { "<policy key>": { "tag_key": { "@@assign": "<Key>" } } }');
    return { problems, notes };
  }
  if (tags.type !== 'object') {
    at(tags, 'tags', `"tags" must be an object of policy keys, not ${describeType(tags)}`);
    return { problems, notes };
  }

  const rules: PolicyRule[] = [];
  const byLower = new Map<string, string>();
  for (const { key: policyKey, keyNode, value: statement } of properties(tags)) {
    const base = `tags.${policyKey}`;
    const earlier = byLower.get(policyKey.toLowerCase());
    if (earlier !== undefined) {
      at(keyNode, base, `policy key ${JSON.stringify(policyKey)} repeats ${JSON.stringify(earlier)}: policy keys are not case sensitive`);
      continue;
    }
    byLower.set(policyKey.toLowerCase(), policyKey);
    if (statement.type !== 'object') {
      at(statement, base, `a policy statement must be an object, not ${describeType(statement)}`);
      continue;
    }
    const assigned = new Map<Field, JsonNode>();
    for (const { key: field, keyNode: fieldNode, value: ops } of properties(statement)) {
      const path = `${base}.${field}`;
      if (!(FIELDS as readonly string[]).includes(field)) {
        const hint = closest(field, FIELDS);
        at(
          fieldNode,
          path,
          `unknown field ${JSON.stringify(field)}${hint ? `; did you mean "${hint}"?` : ` (expected one of: ${FIELDS.join(', ')})`}`,
        );
        continue;
      }
      if (ops.type !== 'object') {
        at(ops, path, `${field} must be an object of operators such as {"@@assign": …}, not ${describeType(ops)}`);
        continue;
      }
      for (const { key: op, keyNode: opNode, value } of properties(ops)) {
        if (op === ASSIGN) assigned.set(field as Field, value);
        else if (INHERITANCE.includes(op))
          at(
            opNode,
            `${path}.${op}`,
            `${op} is ignored: inheritance operators only matter where policies are combined in an organization tree`,
            notes,
          );
        else {
          const hint = closest(op, [ASSIGN, ...INHERITANCE]);
          at(opNode, `${path}.${op}`, `unknown operator ${JSON.stringify(op)}${hint ? `; did you mean "${hint}"?` : ''}`);
        }
      }
    }
    const rule = statementRule(policyKey, base, assigned, where(keyNode), at);
    if (rule) rules.push(rule);
  }
  return problems.length > 0 ? { problems, notes } : { policy: { file, rules }, problems, notes };
}

type At = (node: JsonNode, path: string, message: string) => void;

function stringList(node: JsonNode, path: string, at: At): string[] | undefined {
  if (node.type !== 'array') {
    at(node, path, `"@@assign" must be a list of strings here, not ${describeType(node)}`);
    return undefined;
  }
  const out: string[] = [];
  let ok = true;
  for (const item of node.children ?? []) {
    if (item.type === 'string') out.push(item.value as string);
    else {
      at(item, path, `expected a string, not ${describeType(item)}`);
      ok = false;
    }
  }
  return ok ? out : undefined;
}

function statementRule(policyKey: string, base: string, assigned: Map<Field, JsonNode>, at0: string, at: At): PolicyRule | undefined {
  let tagKey = policyKey.toLowerCase();
  let ok = true;
  const key = assigned.get('tag_key');
  if (key) {
    if (key.type !== 'string') {
      at(key, `${base}.tag_key`, `"@@assign" must be the tag key as a string, not ${describeType(key)}`);
      ok = false;
    } else if ((key.value as string).toLowerCase() !== policyKey.toLowerCase()) {
      at(
        key,
        `${base}.tag_key`,
        `tag key ${JSON.stringify(key.value)} must match the policy key ${JSON.stringify(policyKey)} but for capitalization`,
      );
      ok = false;
    } else tagKey = key.value as string;
  }
  let values: string[] | null = null;
  const valueNode = assigned.get('tag_value');
  if (valueNode) {
    const list = stringList(valueNode, `${base}.tag_value`, at);
    if (!list) ok = false;
    else {
      list.forEach((v, i) => {
        if (v.indexOf('*') !== v.lastIndexOf('*')) {
          at(
            valueNode.children![i]!,
            `${base}.tag_value`,
            `${JSON.stringify(v)} has more than one "*"; a tag policy allows one wildcard a value`,
          );
          ok = false;
        }
      });
      values = list;
    }
  }
  const names = (field: Field): boolean => {
    const node = assigned.get(field);
    if (!node) return false;
    const list = stringList(node, `${base}.${field}`, at);
    if (!list) {
      ok = false;
      return false;
    }
    return list.some((t) => PARTNER_CENTRAL_TYPES.includes(t));
  };
  const required = names('report_required_tag_for');
  const enforced = names('enforced_for');
  return ok ? { policyKey, tagKey, values, required, enforced, at: at0 } : undefined;
}

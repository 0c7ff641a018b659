/**
 * Tag policy evaluation, as Organizations' compliance report does it: a tag whose key matches a
 * policy key but not its capitalization is noncompliant; so is a value the policy does not
 * list; a key the policy requires for resource snapshot jobs must be there. Keys the policy
 * does not name are not evaluated. Pure.
 */
import type { PolicyRule, TagPolicy, Violation } from './types.js';

/** Whether `value` matches an allowed value with at most one `*` (any run of characters). */
export function matchesAllowed(allowed: string, value: string): boolean {
  const star = allowed.indexOf('*');
  if (star < 0) return allowed === value;
  const prefix = allowed.slice(0, star);
  const suffix = allowed.slice(star + 1);
  return value.length >= prefix.length + suffix.length && value.startsWith(prefix) && value.endsWith(suffix);
}

export function allowsValue(rule: PolicyRule, value: string): boolean {
  return rule.values === null || rule.values.some((allowed) => matchesAllowed(allowed, value));
}

// Built once per policy: audit evaluates thousands of jobs against one.
const indexes = new WeakMap<TagPolicy, Map<string, PolicyRule>>();

function ruleIndex(policy: TagPolicy): Map<string, PolicyRule> {
  let index = indexes.get(policy);
  if (!index) {
    index = new Map(policy.rules.map((r) => [r.tagKey.toLowerCase(), r]));
    indexes.set(policy, index);
  }
  return index;
}

/** Every way `tags` (key, value pairs) break `policy`, in tag order, then missing keys in policy order. */
export function evaluateTags(policy: TagPolicy, tags: Iterable<readonly [string, string]>): Violation[] {
  const index = ruleIndex(policy);
  const out: Violation[] = [];
  const present = new Set<PolicyRule>();
  for (const [key, value] of tags) {
    const rule = index.get(key.toLowerCase());
    if (!rule) continue;
    present.add(rule);
    if (key !== rule.tagKey) out.push({ kind: 'key-case', key, value, rule });
    if (!allowsValue(rule, value)) out.push({ kind: 'value', key, value, rule });
  }
  for (const rule of policy.rules) if (rule.required && !present.has(rule)) out.push({ kind: 'missing', rule });
  return out;
}

const quote = (s: string): string => JSON.stringify(s);

function allowedList(rule: PolicyRule): string {
  const values = rule.values ?? [];
  return values.length === 0 ? 'the policy allows no value' : `allowed: ${values.map(quote).join(', ')}`;
}

/** One sentence for the user; text from files is quoted, so control characters are escaped. */
export function describeViolation(v: Violation): string {
  const where = `(tag policy ${quote(v.rule.policyKey)} at ${v.rule.at}${v.rule.enforced ? ', enforced' : ''})`;
  if (v.kind === 'key-case') return `tag key ${quote(v.key)} must be written ${quote(v.rule.tagKey)} ${where}`;
  if (v.kind === 'value')
    return `tag ${quote(v.key)} has value ${quote(v.value)}, which the tag policy does not allow; ${allowedList(v.rule)} ${where}`;
  const values = v.rule.values === null ? '' : `; ${allowedList(v.rule)}`;
  return `the tag policy requires tag ${quote(v.rule.tagKey)} on resource snapshot jobs${values} ${where}`;
}

import { compilePattern, NAMESPACE, shape, type SmithyMember, type SmithyShape } from './model.js';
import type { ValidationExceptionErrorCode } from './enums.generated.js';
import { operationInfo, type OperationName } from './operations.js';

/** The codes the service puts in a ValidationException's ErrorList. */
export type ValidationErrorCode = ValidationExceptionErrorCode;

/** One item of a ValidationException's ErrorList, spelled as the service spells it. */
export interface ValidationIssue {
  FieldName?: string;
  Message: string;
  Code: ValidationErrorCode;
}

interface Constraints {
  pattern?: string;
  length?: { min?: number; max?: number };
  range?: { min?: number; max?: number };
}

const patternCache = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    re = compilePattern(pattern);
    patternCache.set(pattern, re);
  }
  return re;
}

// Smithy: a trait on a member overrides the same trait on its target.
function constraintsOf(target: SmithyShape, member?: SmithyMember): Constraints {
  const t = { ...(target.traits ?? {}), ...(member?.traits ?? {}) };
  return {
    pattern: t['smithy.api#pattern'] as string | undefined,
    length: t['smithy.api#length'] as Constraints['length'],
    range: t['smithy.api#range'] as Constraints['range'],
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function checkValue(value: unknown, member: SmithyMember, path: string, out: ValidationIssue[]): void {
  const target = shape(member.target);
  if (!target) return;
  const c = constraintsOf(target, member);
  const field = path || undefined;
  const bad = (Code: ValidationErrorCode, Message: string): void => {
    out.push({ FieldName: field, Message, Code });
  };
  switch (target.type) {
    case 'string': {
      if (typeof value !== 'string') return bad('INVALID_VALUE', `${path} must be a string, not ${describe(value)}.`);
      const len = [...value].length;
      if (c.length?.min !== undefined && len < c.length.min)
        return bad('NOT_ENOUGH_VALUES', `${path} must be at least ${c.length.min} characters long.`);
      if (c.length?.max !== undefined && len > c.length.max)
        return bad('TOO_MANY_VALUES', `${path} must be at most ${c.length.max} characters long.`);
      if (c.pattern !== undefined && !regex(c.pattern).test(value))
        return bad('INVALID_STRING_FORMAT', `${path} must match the pattern ${c.pattern}.`);
      return;
    }
    case 'enum': {
      const allowed = Object.values(target.members ?? {}).map((m) => String(m.traits?.['smithy.api#enumValue']));
      if (typeof value !== 'string' || !allowed.includes(value))
        return bad('INVALID_ENUM_VALUE', `${path} must be one of: ${allowed.join(', ')}.`);
      return;
    }
    case 'integer':
    case 'long': {
      if (typeof value !== 'number' || !Number.isInteger(value))
        return bad('INVALID_VALUE', `${path} must be an integer, not ${describe(value)}.`);
      if ((c.range?.min !== undefined && value < c.range.min) || (c.range?.max !== undefined && value > c.range.max))
        return bad('VALUE_OUT_OF_RANGE', `${path} must be between ${c.range?.min ?? '-∞'} and ${c.range?.max ?? '∞'}.`);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') bad('INVALID_VALUE', `${path} must be a boolean, not ${describe(value)}.`);
      return;
    case 'timestamp':
      if (typeof value !== 'number' && typeof value !== 'string')
        bad('INVALID_VALUE', `${path} must be a timestamp, not ${describe(value)}.`);
      return;
    case 'list': {
      if (!Array.isArray(value)) return bad('INVALID_VALUE', `${path} must be a list, not ${describe(value)}.`);
      if (c.length?.min !== undefined && value.length < c.length.min)
        return bad('NOT_ENOUGH_VALUES', `${path} must have at least ${c.length.min} item(s).`);
      if (c.length?.max !== undefined && value.length > c.length.max)
        return bad('TOO_MANY_VALUES', `${path} must have at most ${c.length.max} item(s), not ${value.length}.`);
      for (const [i, item] of value.entries()) checkValue(item, target.member!, `${path}[${i}]`, out);
      return;
    }
    case 'map': {
      if (!isPlainObject(value)) return bad('INVALID_VALUE', `${path} must be an object, not ${describe(value)}.`);
      for (const [k, v] of Object.entries(value)) {
        checkValue(k, target.key!, `${path}.${k}`, out);
        checkValue(v, target.value!, `${path}.${k}`, out);
      }
      return;
    }
    case 'structure':
    case 'union':
      return checkStructure(value, target, path, out);
    default:
      return;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkStructure(value: unknown, target: SmithyShape, path: string, out: ValidationIssue[]): void {
  const label = path || 'The request body';
  if (!isPlainObject(value)) {
    out.push({ FieldName: path || undefined, Message: `${label} must be an object, not ${describe(value)}.`, Code: 'INVALID_VALUE' });
    return;
  }
  const members = target.members ?? {};
  const join = (name: string): string => (path ? `${path}.${name}` : name);
  for (const [name, member] of Object.entries(members)) {
    const v = value[name];
    if (v === undefined || v === null) {
      if (member.traits?.['smithy.api#required'] !== undefined)
        out.push({ FieldName: join(name), Message: `${join(name)} is required.`, Code: 'REQUIRED_FIELD_MISSING' });
      continue;
    }
    checkValue(v, member, join(name), out);
  }
  for (const name of Object.keys(value)) {
    if (!Object.hasOwn(members, name))
      out.push({ FieldName: join(name), Message: `${join(name)} is not a known field.`, Code: 'INVALID_VALUE' });
  }
}

/**
 * Every way `input` breaks the model's rules for `operation`: required members, types,
 * patterns (Unicode classes), lengths, ranges, enums and unknown members. Empty when valid.
 */
export function validateInput(operation: OperationName, input: unknown): ValidationIssue[] {
  const info = operationInfo(operation);
  const target = shape(info.inputShape);
  if (!target) throw new Error(`model: no input shape for ${operation}`);
  const out: ValidationIssue[] = [];
  checkStructure(input, target, '', out);
  return out;
}

/** Checks one value against a named shape, e.g. `TagKey`; for checks outside a request. */
export function validateShape(shapeName: string, value: unknown, fieldName: string): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  checkValue(value, { target: shapeName.includes('#') ? shapeName : NAMESPACE + shapeName }, fieldName, out);
  return out;
}

/**
 * The service's answers are input like any other. An id or ARN read from a List or Get answer
 * becomes a file path (import), a cache key and part of a plan, so each is checked against the
 * model's pattern before it is used; an answer that breaks it stops the run, naming the value.
 */
import { shapePattern, validateShape } from '../model/index.js';
import { CosellError } from '../util/errors.js';

const MAX_SHOWN = 300;

/** A value as the message shows it: quoted, control and invisible characters escaped, long ones cut. */
export function shownValue(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const cut = [...text].length > MAX_SHOWN ? `${[...text].slice(0, MAX_SHOWN).join('')}…` : text;
  const quoted = JSON.stringify(cut).replace(/\p{C}/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
  return [...text].length > MAX_SHOWN ? `${quoted} (${[...text].length} characters)` : quoted;
}

/**
 * `value` as a string of the model's shape `shapeName`, or a CosellError that names the
 * operation, the field and the value the service gave.
 */
export function serviceValue(operation: string, field: string, shapeName: string, value: unknown): string {
  // Some of the model's patterns are anchored at one end only (`^arn:.*`): control characters are refused besides.
  if (typeof value === 'string' && validateShape(shapeName, value, field).length === 0 && !/\p{Cc}/u.test(value)) return value;
  throw new CosellError(
    `the service answered ${operation} with ${field} ${shownValue(value)}, which the service model does not allow ` +
      `(${describeShape(shapeName)}); cosell does not use such a value in a file, a cache or a plan, so it stopped here`,
  );
}

/** Like serviceValue, for a member the model lets the service leave out. */
export function optionalServiceValue(operation: string, field: string, shapeName: string, value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : serviceValue(operation, field, shapeName, value);
}

function describeShape(shapeName: string): string {
  try {
    return `it must match ${shapePattern(shapeName)}, with no control characters`;
  } catch {
    return `it must be a ${shapeName}`;
  }
}

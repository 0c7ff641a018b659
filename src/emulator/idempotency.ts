import type { OperationName } from '../model/index.js';
import { conflict } from './errors.js';
import type { Handler, HandlerContext, HandlerResult, Input } from './handlers/context.js';

/** JSON with object keys sorted, so that two equal inputs give one string. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * ClientToken semantics: the same token with the same parameters returns the first result and
 * changes nothing; the same token with other parameters is a ConflictException.
 */
export function withClientToken(operation: OperationName, tokenMember: string, handler: Handler): Handler {
  return (ctx: HandlerContext, input: Input): HandlerResult => {
    const token = input[tokenMember] as string;
    const { [tokenMember]: _omit, ...params } = input;
    const key = `${operation} ${String(input.Catalog)} ${token}`;
    const fingerprint = canonical(params);
    const first = ctx.world.clientTokens.get(key);
    if (first) {
      if (first.fingerprint !== fingerprint)
        throw conflict(`ClientToken ${token} was already used with different parameters for ${operation}.`);
      return { output: first.output, changed: false };
    }
    const result = handler(ctx, input);
    ctx.world.clientTokens.set(key, { fingerprint, output: result.output });
    return { output: result.output, changed: true };
  };
}

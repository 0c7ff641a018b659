/** Every page of a paginated operation, following NextToken, and never round a loop. */
import { CosellError } from '../util/errors.js';
import type { OperationName } from '../model/index.js';
import type { Input, Output, PaginatedOperation } from './client-api.js';

type Send = <O extends OperationName>(operation: O, input: Input<O>) => Promise<Output<O>>;

/** Every page from the given NextToken (or the first); refuses a token the service already gave. */
export async function* paginate<O extends PaginatedOperation>(send: Send, operation: O, input: Input<O>): AsyncGenerator<Output<O>> {
  const seen = new Set<string>();
  let token = input.NextToken;
  for (;;) {
    const page: Output<O> = await send(operation, { ...input, NextToken: token });
    yield page;
    token = page.NextToken || undefined;
    if (token === undefined) return;
    if (seen.has(token)) {
      throw new CosellError(`${operation}: the service returned the same NextToken twice; stopped paging to avoid a loop`);
    }
    seen.add(token);
  }
}

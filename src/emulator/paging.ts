import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SortOrder } from '../model/index.js';
import { validationError } from './errors.js';

/**
 * Opaque, unforgeable NextTokens. A token names the last item of the page it ends (its sort
 * key), so the next page starts right after it even when items were added or removed meanwhile;
 * it is bound to the operation, catalog and filters it was issued for, and signed with a secret
 * of this process.
 */
export interface Cursor {
  /** Creation time (epoch ms) and sequence number of the last item returned. */
  at: number;
  seq: number;
}

interface TokenPayload extends Cursor {
  q: string;
}

export class Paginator {
  private readonly secret = randomBytes(32);

  /** A digest of what a token is valid for: the operation and every filter. */
  static query(operation: string, filters: unknown): string {
    return createHash('sha256').update(operation).update('\0').update(JSON.stringify(filters)).digest('base64url').slice(0, 22);
  }

  issue(query: string, cursor: Cursor): string {
    const payload = Buffer.from(JSON.stringify({ q: query, at: cursor.at, seq: cursor.seq } satisfies TokenPayload)).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The cursor of a token; a forged, altered or foreign one is a ValidationException. */
  read(token: string, query: string): Cursor {
    const dot = token.indexOf('.');
    const payload = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1));
    const wanted = Buffer.from(this.mac(payload));
    let parsed: TokenPayload | undefined;
    if (dot > 0 && given.length === wanted.length && timingSafeEqual(given, wanted)) {
      try {
        parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenPayload;
      } catch {
        parsed = undefined;
      }
    }
    if (!parsed || parsed.q !== query || typeof parsed.at !== 'number' || typeof parsed.seq !== 'number')
      throw validationError('REQUEST_VALIDATION_FAILED', [
        {
          FieldName: 'NextToken',
          Message: 'NextToken is invalid: it was not issued by this service for this request, or has expired.',
          Code: 'INVALID_VALUE',
        },
      ]);
    return { at: parsed.at, seq: parsed.seq };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

export interface Sortable {
  seq: number;
}

/**
 * One page of `items` (already filtered), sorted by `time` then creation order, starting after
 * the token's cursor.
 */
export function page<T extends Sortable>(
  items: T[],
  time: (item: T) => number,
  order: SortOrder,
  size: number,
  after: Cursor | undefined,
): { items: T[]; last?: Cursor } {
  const dir = order === 'DESCENDING' ? -1 : 1;
  const cmp = (a: Cursor, b: Cursor): number => dir * (a.at - b.at || a.seq - b.seq);
  const key = (item: T): Cursor => ({ at: time(item), seq: item.seq });
  const sorted = items.slice().sort((a, b) => cmp(key(a), key(b)));
  const start = after ? sorted.findIndex((item) => cmp(key(item), after) > 0) : 0;
  const from = start < 0 ? sorted.length : start;
  const slice = sorted.slice(from, from + size);
  const more = from + size < sorted.length;
  const lastItem = slice[slice.length - 1];
  return { items: slice, last: more && lastItem ? key(lastItem) : undefined };
}

import type { ValidationIssue } from '../../model/index.js';
import { isServiceTag, MAX_TAGS } from '../../desired/tags.js';
import { validationError } from '../errors.js';
import type { Paginator } from '../paging.js';
import { isCatalogName, type CatalogName, type CatalogWorld, type Tag, type World } from '../state.js';

/** What an operation's handler works on: the world, the clock and the emulator's switches. */
export interface HandlerContext {
  world: World;
  /** Epoch milliseconds of this request. */
  now: number;
  uniqueJobs: boolean;
  taskDelayMs: number;
  paginator: Paginator;
}

/** A handler's answer: the output members, and whether the world changed (and must be saved). */
export interface HandlerResult {
  output: Record<string, unknown>;
  changed: boolean;
}

/** Inputs reach handlers only after validateInput has checked them against the model. */
export type Input = Record<string, unknown>;

export type Handler = (ctx: HandlerContext, input: Input) => HandlerResult;

export function catalogOf(ctx: HandlerContext, name: unknown): { name: CatalogName; catalog: CatalogWorld } {
  const catalog = typeof name === 'string' && isCatalogName(name) ? ctx.world.catalogs.get(name) : undefined;
  if (!catalog)
    throw validationError('REQUEST_VALIDATION_FAILED', [
      { FieldName: 'Catalog', Message: `Catalog must be AWS or Sandbox, not ${JSON.stringify(name)}.`, Code: 'INVALID_VALUE' },
    ]);
  return { name: name as CatalogName, catalog };
}

export { MAX_TAGS };

/** The service's own rules on tags, beyond the model: reserved `aws:` keys, no key twice. */
export function checkTagRules(tags: Tag[] | undefined, field: string): void {
  if (!tags) return;
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  tags.forEach((t, i) => {
    if (isServiceTag(t.Key))
      issues.push({
        FieldName: `${field}[${i}].Key`,
        Message: `Tag key ${t.Key} is reserved: keys starting with aws: belong to AWS.`,
        Code: 'INVALID_VALUE',
      });
    else if (seen.has(t.Key))
      issues.push({ FieldName: `${field}[${i}].Key`, Message: `Tag key ${t.Key} appears more than once.`, Code: 'DUPLICATE_KEY_VALUE' });
    seen.add(t.Key);
  });
  if (issues.length > 0) throw validationError('BUSINESS_VALIDATION_FAILED', issues);
}

export function copyTags(tags: Tag[] | undefined): Tag[] {
  return (tags ?? []).map(({ Key, Value }) => ({ Key, Value }));
}

export function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** The page size: MaxResults (the model bounds it), at most `cap`, `cap` by default. */
export function pageSize(maxResults: unknown, cap: number): number {
  return typeof maxResults === 'number' ? Math.min(maxResults, cap) : cap;
}

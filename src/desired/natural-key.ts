/**
 * A snapshot job's natural key: the service allows one job per (catalog, engagement,
 * opportunity, template), so declared and live jobs are matched on it. Desired, live and plan
 * all key jobs by it; this module is its one home: the typed value, the string it is looked up
 * by, and the way it is printed.
 *
 * The lookup string joins the fields with `/`. The model's patterns keep `/` (and `%`) out of
 * every field, so for real keys it is exactly the fields joined; a field that holds either is
 * percent-escaped, so that two different keys never share a string, whatever a stack or an
 * edited plan holds.
 */
import { isCatalogName } from '../model/index.js';
import type { Catalog } from './types.js';

export function isCatalog(value: unknown): value is Catalog {
  return isCatalogName(value);
}

export interface NaturalKey {
  readonly catalog: Catalog;
  readonly engagement: string;
  readonly opportunity: string;
  readonly template: string;
}

/** The key of anything that has one (a declared job, a live job), as a record of its own. */
export function naturalKey(k: NaturalKey): NaturalKey {
  return { catalog: k.catalog, engagement: k.engagement, opportunity: k.opportunity, template: k.template };
}

/** The string a natural key is looked up by: equal strings, equal keys. */
export function naturalKeyId(k: NaturalKey): string {
  return joinKeyParts([k.catalog, k.engagement, k.opportunity, k.template]);
}

/** The key's catalog, engagement and opportunity: replacements are paired within one. */
export function opportunityId(k: Omit<NaturalKey, 'template'>): string {
  return joinKeyParts([k.catalog, k.engagement, k.opportunity]);
}

/** The key for people: `CATALOG/ENGAGEMENT/OPPORTUNITY/TEMPLATE`. */
export function showNaturalKey(k: NaturalKey): string {
  return `${k.catalog}/${k.engagement}/${k.opportunity}/${k.template}`;
}

const ESCAPED = /[%/]/;

/** Joins fields on `/`, each `%` and `/` inside a field escaped; splitKeyParts undoes it. */
export function joinKeyParts(parts: readonly string[]): string {
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as string;
    if (i > 0) out += '/';
    out += ESCAPED.test(p) ? p.replace(/%/g, '%25').replace(/\//g, '%2F') : p;
  }
  return out;
}

/** The fields joinKeyParts joined; undefined when the text is not such a join. */
export function splitKeyParts(text: string): string[] | undefined {
  const parts = text.split('/');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as string;
    if (!p.includes('%')) continue;
    if (/%(?!25|2F)/.test(p)) return undefined;
    parts[i] = p.replace(/%(25|2F)/g, (_m, code: string) => (code === '25' ? '%' : '/'));
  }
  return parts;
}

import { shape } from './model.js';

/**
 * The catalogs the service accepts. The model types a catalog as a free string
 * (CatalogIdentifier, ^[a-zA-Z]+$) and names the two values only in its documentation ("Accepted
 * values: [AWS, Sandbox]"), so they are written here once; test/model/enums.test.ts checks that
 * the documentation still names exactly these.
 */
export const CATALOGS = ['AWS', 'Sandbox'] as const;
export type CatalogName = (typeof CATALOGS)[number];

export function isCatalogName(value: unknown): value is CatalogName {
  return typeof value === 'string' && (CATALOGS as readonly string[]).includes(value);
}

/**
 * The snapshot template every account has: the model's OpportunitySummaryView structure, which a
 * template name (ResourceTemplateName, a free string) selects. No other template is modelled.
 */
export const DEFAULT_TEMPLATE = 'OpportunitySummaryView';

/** Whether the model still holds the structure DEFAULT_TEMPLATE names (checked by a test). */
export function templateIsModelled(name: string): boolean {
  return shape(name)?.type === 'structure';
}

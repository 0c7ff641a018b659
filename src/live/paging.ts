import type { Catalog } from '../desired/types.js';
import { CATALOGS } from '../model/index.js';

// Apart from observe: the account's listing (listing.ts) starts before observe's module is needed.

/** Every catalog there is: owned jobs are found (and deleted) even in one the stack no longer names. */
export const ALL_CATALOGS: readonly Catalog[] = CATALOGS;

/** The listing pages are 100 jobs long at most (the service's page size). */
export const PAGE_SIZE = 100;

/** Which live tags an imported stack declares, and which it can only ignore. */
import { reservedTagKey } from '../desired/tags.js';
import { emptyTags } from '../util/tags.js';
import { OWNER_TAG_KEY, type Tags } from '../desired/types.js';

/** `aws:` keys are the service's: plans never touch them, so a stack neither declares nor ignores them. */
const SERVICE_PREFIX = 'aws:';

/** Live tags a stack file can declare: all but the owner tag, `aws:` keys and other reserved keys. */
export function declarableTags(live: Tags): Tags {
  const out = emptyTags();
  for (const [k, v] of Object.entries(live)) if (k !== OWNER_TAG_KEY && !k.startsWith(SERVICE_PREFIX) && !reservedTagKey(k)) out[k] = v;
  return out;
}

/**
 * Live keys a stack may not declare (reserved, e.g. `cosell:…` or `AWS:…`) but that a plan
 * would manage, and so remove: the imported stack ignores them instead.
 */
export function undeclarableKeys(live: Tags): string[] {
  return Object.keys(live).filter((k) => k !== OWNER_TAG_KEY && !k.startsWith(SERVICE_PREFIX) && reservedTagKey(k) !== undefined);
}

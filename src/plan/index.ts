/** The pure middle of the pipeline: diff(desired, live) → Plan, its fingerprints, its views. */
export { diff, hasChanges, summarize } from './diff.js';
export { addressFilter, globToRegExp } from './address.js';
export { naturalKeyId, showNaturalKey } from '../desired/natural-key.js';
export { decodeFingerprintKey, encodeFingerprintKey, FingerprintKey } from './fingerprint-key.js';
export { fingerprintJob, fingerprintTask, findStale, type StaleFingerprint } from './fingerprint.js';
export { diffTags, managedKeyTest } from './tags.js';
export * from './render/index.js';
export * from './types.js';

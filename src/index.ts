/** cosell's programmatic API. */
export * from './desired/types.js';
export * from './live/types.js';
export { CosellError } from './util/errors.js';
